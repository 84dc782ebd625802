package iotcore.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The text summary of an import (docs/import-export.md). */
final class ImportSummary {
    private ImportSummary() {
    }

    static void print(PrintWriter out, JsonNode s, Path passwordFile, int passwords) {
        s.path("warnings").forEach(w -> out.println("warning: " + w.asText()));
        String folder = s.path("folderId").asText();
        if (s.path("folderCreated").asBoolean()) {
            out.println("folder " + folder + (s.path("dryRun").asBoolean() ? " does not exist yet; it would be created" : " created"));
        }
        out.println(s.path("dryRun").asBoolean() ? "dry run, nothing written; would import into folder " + folder + ":"
                : "imported into folder " + folder + ":");
        for (String kind : new String[] {"registries", "devices", "certificates", "aliases"}) {
            JsonNode counts = s.path(kind);
            out.printf("  %-13s created %-7d already present %d%n", kind, counts.path("created").asInt(),
                    counts.path("alreadyPresent").asInt());
        }
        out.printf("  %-13s generated %d%s%n", "passwords", passwords, passwords > 0 ? " (written to " + passwordFile + ")" : "");
        JsonNode without = s.path("withoutCredentials");
        if (without.size() > 0) {
            out.println("without a certificate or password (cannot connect yet): " + without.size());
            without.forEach(i -> out.println("  " + i.path("kind").asText() + " " + i.path("id").asText()
                    + (i.hasNonNull("name") ? " (" + i.path("name").asText() + ")" : "")
                    + (i.hasNonNull("registryId") ? " in registry " + i.path("registryId").asText() : "")));
            out.println("give them a certificate or password (iotcore device|registry password add), or re-run with"
                    + " --generate-passwords FILE");
        }
        out.flush();
    }
}
