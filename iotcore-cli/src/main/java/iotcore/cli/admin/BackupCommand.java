package iotcore.cli.admin;

import iotcore.cli.ApiCommand;
import iotcore.cli.client.Json;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A consistent copy of a running server's data (admin API), written by the server into a directory on its machine. */
@Command(name = "backup", description = {"Back up a running server (admin token): its database (embedded H2), session store, TLS"
        + " material and admin token, consistent, into DIR on the server's machine.",
        "DIR must be empty or not exist; it is itself a data directory: restore by starting a server on it (docs/durability.md)."
                + " With PostgreSQL the database is not included: back it up with pg_dump."})
public final class BackupCommand extends ApiCommand {

    static final String PATH = "/iotcore/v1/backups";

    @Parameters(paramLabel = "DIR", description = "Directory on the server's machine; a relative path is taken from the current directory.")
    Path directory;

    @Override
    protected void run() {
        print(api().post(PATH, Json.object().put("directory", directory.toAbsolutePath().normalize().toString())));
    }
}
