package iotcore.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SnakeCaseTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void fieldNamesBecomeSnakeCase() {
        assertThat(SnakeCase.name("folderId")).isEqualTo("folder_id");
        assertThat(SnakeCase.name("lastAuthIp")).isEqualTo("last_auth_ip");
        assertThat(SnakeCase.name("status")).isEqualTo("status");
    }

    @Test
    void labelAndTopicAliasKeysAreUserDataAndStayAsTheyAre() throws Exception {
        JsonNode device = mapper.readTree("""
                {"registryId":"r1","topicAliases":{"myEvents":"$devices/d1/events","lastState":"$devices/d1/state"},
                 "labels":{"env_Name":"x","camelKey":"y"},
                 "monitoringData":{"lastAuthIp":"10.0.0.1"}}""");

        JsonNode converted = SnakeCase.convert(device);

        assertThat(converted.get("registry_id").asText()).isEqualTo("r1");
        assertThat(converted.get("topic_aliases").get("myEvents").asText()).isEqualTo("$devices/d1/events");
        assertThat(converted.get("topic_aliases").has("lastState")).isTrue();
        assertThat(converted.get("labels").has("camelKey")).isTrue();
        assertThat(converted.get("labels").has("env_Name")).isTrue();
        assertThat(converted.get("monitoring_data").get("last_auth_ip").asText()).isEqualTo("10.0.0.1");
    }

    @Test
    void typeAnnotationsAreDroppedAtEveryDepth() throws Exception {
        JsonNode operation = mapper.readTree("""
                {"id":"op","metadata":{"@type":"t/Meta","registryId":"r"},
                 "response":{"@type":"t/Registry","logOptions":{"minLevel":"WARN"}},
                 "items":[{"@type":"x","createdAt":"now"}]}""");

        JsonNode converted = SnakeCase.convert(operation);

        assertThat(converted.toString()).doesNotContain("@type");
        assertThat(converted.at("/metadata/registry_id").asText()).isEqualTo("r");
        assertThat(converted.at("/response/log_options/min_level").asText()).isEqualTo("WARN");
        assertThat(converted.at("/items/0/created_at").asText()).isEqualTo("now");
    }
}
