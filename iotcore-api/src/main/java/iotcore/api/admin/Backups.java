package iotcore.api.admin;

import iotcore.model.error.ServiceException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Consistent copies of a running server's data (docs/durability.md "Backup and restore"); the server provides them. */
public interface Backups {

    /** {@code files}: what was written under {@code directory}; {@code database}: how the database was (not) copied. */
    record Backup(Path directory, Instant createdAt, List<String> files, String database, long millis) {
    }

    /** Writes a backup to {@code directory}, an absolute path on the server's machine that is empty or does not exist. */
    Backup create(Path directory) throws IOException;

    Backups NONE = directory -> {
        throw ServiceException.failedPrecondition("this server cannot make backups");
    };
}
