package iotcore.server;

import iotcore.api.admin.Backups;
import iotcore.broker.store.RocksJournal;
import iotcore.model.error.ServiceException;
import iotcore.storage.jdbc.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A consistent copy of the running server's data, laid out as a data directory so that a server can start
 * on it: the embedded H2 database through H2's online {@code BACKUP} (transactionally consistent), the
 * session store through a RocksDB checkpoint (consistent, hard links where the file system allows), the
 * generated TLS material and the admin token. The database is copied first, the store right after: a
 * device created in between has no session in the copy; a session of a device the copy lacks is dropped
 * at start. With PostgreSQL the database is not copied (pg_dump it). One backup at a time.
 */
final class DataDirBackup implements Backups {
    private static final Logger log = LoggerFactory.getLogger(DataDirBackup.class);

    private final Path dataDir;
    private final Database database;
    private final RocksJournal journal;
    private final ReentrantLock lock = new ReentrantLock();

    DataDirBackup(Path dataDir, Database database, RocksJournal journal) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.database = database;
        this.journal = journal;
    }

    @Override
    public Backup create(Path directory) throws IOException {
        if (directory.startsWith(dataDir)) {
            throw ServiceException.invalid("directory", "must be outside the data directory " + dataDir);
        }
        if (Files.exists(directory) && (!Files.isDirectory(directory) || !isEmpty(directory))) {
            throw ServiceException.failedPrecondition(directory + " exists and is not an empty directory");
        }
        if (!lock.tryLock()) {
            throw ServiceException.failedPrecondition("another backup is in progress");
        }
        try {
            long begin = System.nanoTime();
            Instant createdAt = Instant.now();
            Files.createDirectories(directory);
            try {
                List<String> files = new ArrayList<>();
                String copied = "postgresql: not included, back it up with pg_dump";
                if (database.engine() == Database.Engine.H2) {
                    files.addAll(backupH2(directory));
                    copied = "h2";
                }
                journal.checkpoint(directory.resolve("store"));
                files.add("store/");
                if (Files.isDirectory(dataDir.resolve("tls"))) {
                    copyTree(dataDir.resolve("tls"), directory.resolve("tls"));
                    files.add("tls/");
                }
                if (Files.exists(dataDir.resolve(AdminToken.FILE))) {
                    Files.copy(dataDir.resolve(AdminToken.FILE), directory.resolve(AdminToken.FILE));
                    files.add(AdminToken.FILE);
                }
                long millis = (System.nanoTime() - begin) / 1_000_000;
                log.info("backup_created directory={} files={} database={} ms={}", directory, files, copied, millis);
                return new Backup(directory, createdAt, files, copied, millis);
            } catch (IOException | RuntimeException e) {
                deleteTree(directory);
                log.warn("backup_failed directory={}: {}", directory, e.toString());
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** H2's BACKUP writes a zip of the database files; they are unpacked next to the store, as in a data directory. */
    private List<String> backupH2(Path directory) throws IOException {
        Path zip = directory.resolve("h2-backup.zip");
        database.inTransaction("backup database", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
            }
            return null;
        });
        List<String> files = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                Path target = directory.resolve(e.getName()).normalize();
                if (e.isDirectory() || !target.startsWith(directory)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(entries, target);
                files.add(directory.relativize(target).toString());
            }
        }
        Files.delete(zip);
        return files;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("backup_cleanup_failed directory={}: {}", directory, e.toString());
        }
    }
}
