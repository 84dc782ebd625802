package iotcore.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the {@code --format json} summary of {@code import yc-export} (docs/import-export.md). */
final class Summary {

    private Summary() {}

    static int created(JsonNode summary, String kind) {
        return count(summary, kind, "created");
    }

    static int alreadyPresent(JsonNode summary, String kind) {
        return count(summary, kind, "alreadyPresent");
    }

    private static int count(JsonNode summary, String kind, String field) {
        JsonNode value = summary.path(kind).path(field);
        assertThat(value.isIntegralNumber()).as("%s.%s in %s", kind, field, summary).isTrue();
        return value.asInt();
    }

    static List<String> warnings(JsonNode summary) {
        JsonNode warnings = summary.path("warnings");
        assertThat(warnings.isArray()).as("warnings array in %s", summary).isTrue();
        List<String> list = new ArrayList<>();
        warnings.forEach(w -> list.add(w.asText()));
        return list;
    }

    /** {@code withoutCredentials} as {@code kind:id} strings. */
    static List<String> withoutCredentials(JsonNode summary) {
        JsonNode entries = summary.path("withoutCredentials");
        assertThat(entries.isArray()).as("withoutCredentials array in %s", summary).isTrue();
        List<String> list = new ArrayList<>();
        entries.forEach(e -> list.add(e.path("kind").asText() + ":" + e.path("id").asText()));
        return list;
    }

    /** Asserts {@code created} and {@code alreadyPresent} for registries, devices, certificates and aliases. */
    static void assertCounts(JsonNode summary, String kind, int created, int alreadyPresent) {
        assertThat(created(summary, kind)).as("%s created in %s", kind, summary).isEqualTo(created);
        assertThat(alreadyPresent(summary, kind)).as("%s already present in %s", kind, summary).isEqualTo(alreadyPresent);
    }

    /** Asserts that some line of {@code text} matches the regular expression {@code regex} as a whole. */
    static void assertHasLine(String text, String regex) {
        assertThat(text.lines().anyMatch(line -> line.matches(regex)))
                .as("a line matching /%s/ in:\n%s", regex, text).isTrue();
    }
}
