package iotcore.model.topic;

import iotcore.model.rules.Violations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicAliasRulesTest {

    /** Spec §8 scenario 10: after "my/alias/" exists, prefixes in either direction are refused. */
    @ParameterizedTest
    @CsvSource({"my/, false", "my/alias/2/, false", "my/ali, false", "my/alias1/, true", "my/ali/, true"})
    void noAliasInARegistryMayBeAPrefixOfAnother(String candidate, boolean accepted) {
        Violations v = new Violations();
        TopicAliasRules.checkConflicts("topicAliases", Map.of(candidate, "$devices/d2/events"), Map.of("my/alias/", "d1"), v);
        assertThat(v.isEmpty()).isEqualTo(accepted);
    }

    @Test
    void placeholderIsReplacedByTheNewDeviceId() {
        assertThat(TopicAliasRules.resolvePlaceholder(Map.of("a/", "$devices/{id}/"), "abc")).containsEntry("a/", "$devices/abc/");
    }

    /** Spec §8 scenario 11 and §3.6. */
    @ParameterizedTest
    @CsvSource({"$devices/d1/events, true", "$devices/d1, true", "$devices/d2/events, false", "$devices/d10/events, false",
            "$monitoring/d1/json, false", "$registries/r/commands, false"})
    void anAliasMustTargetTheDevicesOwnTopics(String prefix, boolean accepted) {
        Violations v = new Violations();
        TopicAliasRules.check("topicAliases", Map.of("x/", prefix), "d1", 5, v);
        assertThat(v.isEmpty()).isEqualTo(accepted);
    }

    @Test
    void aDeviceHasAtMostFiveAliasesAndNamesMayNotStartWithDollar() {
        Map<String, String> six = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            six.put("a" + i + "/", "$devices/d1/events");
        }
        Violations v = new Violations();
        TopicAliasRules.check("topicAliases", six, "d1", 5, v);
        assertThat(v.list()).anySatisfy(f -> assertThat(f.description()).contains("at most 5"));

        Violations dollar = new Violations();
        TopicAliasRules.check("topicAliases", Map.of("$me/x", "$devices/d1/events"), "d1", 5, dollar);
        assertThat(dollar.isEmpty()).isFalse();
    }
}
