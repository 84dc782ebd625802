package iotcore.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private String print(Format format, JsonNode node) {
        StringWriter out = new StringWriter();
        new Printer(format, new PrintWriter(out)).resource(node);
        return out.toString();
    }

    @Test
    void jsonIsPrettyAndSnakeCaseButKeepsLabelKeys() throws Exception {
        JsonNode registry = mapper.readTree("{\"@type\":\"t\",\"folderId\":\"default\",\"labels\":{\"myKey\":\"v\"}}");

        String json = print(Format.JSON, registry);

        assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree("{\"folder_id\":\"default\",\"labels\":{\"myKey\":\"v\"}}"));
        assertThat(json).contains("\n  \"folder_id\"");
    }

    @Test
    void yamlAndTextShowKeyValueLinesWithoutDocumentMarker() throws Exception {
        JsonNode registry = mapper.readTree("{\"id\":\"r1\",\"createdAt\":\"2026-11-25T22:15:01Z\",\"status\":\"ACTIVE\"}");

        String yaml = print(Format.YAML, registry);

        assertThat(yaml).startsWith("id: r1\n").contains("created_at:").contains("status: ACTIVE").doesNotContain("---");
        assertThat(print(Format.TEXT, registry)).isEqualTo(yaml);
    }

    @Test
    void jsonRestKeepsTheApiShape() throws Exception {
        JsonNode registry = mapper.readTree("{\"folderId\":\"default\"}");

        assertThat(mapper.readTree(print(Format.JSON_REST, registry)).has("folderId")).isTrue();
    }

    @Test
    void listsAreJsonArraysOutsideText() throws Exception {
        StringWriter out = new StringWriter();
        new Printer(Format.JSON, new PrintWriter(out)).list(
                List.of(mapper.readTree("{\"registryId\":\"a\"}")), Table.of(new Column("ID", "id")));

        assertThat(mapper.readTree(out.toString())).isEqualTo(mapper.readTree("[{\"registry_id\":\"a\"}]"));
    }
}
