package iotcore.model.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceRulesTest {

    @ParameterizedTest
    @CsvSource({"reg-a, true", "Reg_A-1, true", "'bad name!', false", "'x''; DROP TABLE registries; --', false"})
    void namesFollowTheApiValidator(String name, boolean valid) {
        Violations v = new Violations();
        ResourceRules.name("name", name, true, v);
        assertThat(v.isEmpty()).isEqualTo(valid);
    }

    @Test
    void longNamesAndDescriptionsAreRefusedWithTheFieldNamed() {
        Violations v = new Violations();
        ResourceRules.name("name", "n".repeat(10_000), true, v);
        ResourceRules.description("description", "d".repeat(257), v);
        assertThat(v.list()).extracting(f -> f.field()).containsExactly("name", "description");
    }

    /** Spec §8 scenario 4. */
    @Test
    void labelsLimitKeysAndValues() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, "v");
        }
        for (Map<String, String> bad : new Map[]{many, Map.of("Env", "prod"), Map.of("env", "A!")}) {
            Violations v = new Violations();
            ResourceRules.labels("labels", bad, v);
            assertThat(v.isEmpty()).as("%s", bad.keySet()).isFalse();
        }
        Violations ok = new Violations();
        ResourceRules.labels("labels", Map.of("env", "prod", "zone-1", ""), ok);
        assertThat(ok.isEmpty()).isTrue();
    }

    /** Spec §8 scenario 13. */
    @ParameterizedTest
    @CsvSource({"Passw0rdForDevice, true", "Passw0rdFor1, false", "abcdefghijklmn, false", "abcdefghijKLMN, false", "abcdefghijKLM1, true"})
    void passwordsNeedFourteenCharactersOfThreeClasses(String password, boolean valid) {
        Violations v = new Violations();
        PasswordPolicy.check("password", password, v);
        assertThat(v.isEmpty()).isEqualTo(valid);
    }

    @Test
    void generatedIdsAreTwentyLowercaseAlphanumerics() {
        assertThat(Ids.next("are")).matches("are[a-z0-9]{17}");
    }
}
