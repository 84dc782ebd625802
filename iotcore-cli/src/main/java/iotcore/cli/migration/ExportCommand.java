package iotcore.cli.migration;

import iotcore.cli.ApiCommand;
import iotcore.cli.UserException;
import iotcore.cli.client.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code iotcore export DIR}: a folder written as the tree {@code yc --format json} would make, so it can be
 * moved, kept as a backup, or imported again with {@code iotcore import yc-export}.
 */
@Command(name = "export", description = {"Write a folder's registries, devices, certificates and aliases as a yc export tree "
        + "(snake_case JSON), which iotcore import yc-export reads back (admin token).",
        "Passwords are not exported: only their hashes exist."})
public final class ExportCommand extends ApiCommand {

    @Parameters(paramLabel = "DIR", description = "Directory to write; must be empty or not exist.")
    Path dir;

    @Option(names = {"--folder", "--folder-id"}, paramLabel = "FOLDER", defaultValue = "default",
            description = "Folder to export (default: ${DEFAULT-VALUE}).")
    String folder;

    @Override
    protected void run() {
        requireEmpty(dir);
        var export = api().get("/iotcore/v1/exports", ApiClient.query("folderId", folder));
        YcExportWriter.Counts counts = new YcExportWriter(dir).write(export);
        spec.commandLine().getOut().println("exported folder " + folder + " to " + dir + ": " + counts);
        spec.commandLine().getOut().flush();
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UserException(dir + " is not empty: give a new or empty directory (an export never overwrites)");
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + dir + ": " + e.getMessage());
        }
    }
}
