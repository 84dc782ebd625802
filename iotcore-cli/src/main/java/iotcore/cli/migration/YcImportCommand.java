package iotcore.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.ApiCommand;
import iotcore.cli.ExitCodes;
import iotcore.cli.UserException;
import iotcore.cli.client.ApiException;
import iotcore.cli.client.Json;
import iotcore.cli.output.Format;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code iotcore import yc-export DIR}: a Yandex IoT Core export, as the vendor's migration guide makes it,
 * recreated with the same IDs (docs/import-export.md). All or nothing; re-running it is harmless.
 */
@Command(name = "yc-export", description = {"Import a Yandex IoT Core export tree (yc ... --format json or json-rest) with "
        + "the same IDs, certificates and aliases.",
        "Checks everything first and writes nothing when anything is wrong; re-running it creates nothing twice."})
final class YcImportCommand extends ApiCommand {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final String IMPORTS = "/iotcore/v1/imports";

    @Parameters(paramLabel = "DIR", description = "The export directory (registries.json, devices-<registry>.json, ...).")
    Path dir;

    @Option(names = {"--folder", "--folder-id"}, paramLabel = "FOLDER", defaultValue = "default",
            description = "Folder to import into; created when missing (default: ${DEFAULT-VALUE}).")
    String folder;

    @Option(names = "--dry-run", description = "Check everything and print what would be imported; write nothing.")
    boolean dryRun;

    @Option(names = "--generate-passwords", paramLabel = "FILE",
            description = "Give every imported registry and device without a password a new one; write id,password lines to FILE (mode 0600).")
    Path passwordFile;

    @Override
    protected void run() {
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + " is not a directory: give the directory the yc export commands wrote");
        }
        if (passwordFile != null && Files.exists(passwordFile)) {
            throw new UserException(passwordFile + " already exists: give a new file for --generate-passwords (passwords are never overwritten)");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean text = output.format() == Format.TEXT;
        YcExportReader.Result tree = new YcExportReader(dir, err()).read();
        if (text) {
            out.println("read " + dir + ": " + tree.counts());
            tree.warnings().forEach(w -> out.println("warning: " + w));
            out.flush();
        }
        if (!tree.problems().isEmpty()) {
            // The server still checks the rest (as a dry run), so that one run reports every problem.
            List<String> problems = new ArrayList<>(tree.problems());
            try {
                api().post(IMPORTS, body(tree, true), TIMEOUT);
            } catch (ApiException e) {
                problems.addAll(problems(e));
            }
            refuse(problems);
            return;
        }
        JsonNode summary;
        try {
            summary = api().post(IMPORTS, body(tree, dryRun), TIMEOUT);
        } catch (ApiException e) {
            refuse(problems(e));
            return;
        }
        int written = writePasswords(summary.path("passwords"));
        if (text) {
            ImportSummary.print(out, summary, passwordFile, written);
        } else {
            ObjectNode json = ((ObjectNode) summary.deepCopy());
            json.remove("passwords"); // secrets go to the file only
            ArrayNode warnings = Json.MAPPER.createArrayNode();
            tree.warnings().forEach(warnings::add);
            warnings.addAll((ArrayNode) summary.path("warnings"));
            json.set("warnings", warnings);
            ArrayNode skipped = json.putArray("skipped");
            tree.skipped().forEach(skipped::add);
            printer().resource(json);
        }
    }

    private ObjectNode body(YcExportReader.Result tree, boolean checkOnly) {
        ObjectNode body = Json.object().put("folderId", folder).put("dryRun", checkOnly)
                .put("generatePasswords", passwordFile != null && !checkOnly);
        body.set("registries", tree.registries());
        body.set("devices", tree.devices());
        body.set("certificates", tree.certificates());
        return body;
    }

    /** The server's problems as lines; an error that is not about the export's content is rethrown. */
    private static List<String> problems(ApiException e) {
        if (e.violations().isEmpty()) {
            throw e;
        }
        return e.violations().stream().map(v -> v.field() + ": " + v.description()).toList();
    }

    /** Every problem on its own line, then the verdict; exit code 1. */
    private void refuse(List<String> problems) {
        problems.forEach(p -> err().println("error: " + p));
        err().println("import refused: " + problems.size() + " problem(s); nothing was written");
        err().flush();
        exitCode = ExitCodes.FAILURE;
    }

    private int writePasswords(JsonNode passwords) {
        if (passwordFile == null || dryRun) {
            return 0;
        }
        StringBuilder lines = new StringBuilder();
        passwords.forEach(p -> lines.append(p.path("id").asText()).append(',').append(p.path("password").asText()).append('\n'));
        try {
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, lines, StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            throw new UserException(passwordFile + " appeared while importing; the passwords were NOT saved. They are set on"
                    + " the server: issue new ones with iotcore device|registry password add");
        } catch (IOException | UnsupportedOperationException e) {
            throw new UserException("cannot write " + passwordFile + ": " + e.getMessage() + ". The import is done but the"
                    + " generated passwords are lost: issue new ones with iotcore device|registry password add");
        }
        return passwords.size();
    }
}
