package iotcore.model.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PasswordGeneratorTest {

    private final PasswordGenerator generator = new PasswordGenerator();

    @RepeatedTest(200)
    void generatedPasswordMeetsTheApiPolicy() {
        String password = generator.generate();

        assertThat(password).hasSizeGreaterThanOrEqualTo(14);
        long classes = Stream.of(PasswordGenerator.LOWER, PasswordGenerator.UPPER, PasswordGenerator.DIGITS, PasswordGenerator.SPECIAL)
                .filter(alphabet -> password.chars().anyMatch(c -> alphabet.indexOf(c) >= 0))
                .count();
        assertThat(classes).isGreaterThanOrEqualTo(3).isEqualTo(4);
    }

    @Test
    void generatedPasswordsAreShellFriendly() {
        assertThat(generator.generate()).doesNotContain("'", "\"", " ", "\\", "$", "`");
    }

    @Test
    void generatedPasswordsDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(generator.generate());
        }
        assertThat(seen).hasSize(100);
    }
}
