package iotcore.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "5m, PT5M", "2h, PT2H", "3h30m, PT3H30M", "1h 30m, PT1H30M", "1d, PT24H",
            "1500ms, PT1.5S", "PT10S, PT10S", "2H, PT2H"})
    void readsTheShortFormsPeopleType(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "h", "5 minutes", "-5m", "1.5h", "5m ago"})
    void anythingElseIsRejectedWithExamples(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration").hasMessageContaining("3h30m");
    }

    @Test
    void theOptionConverterRejectsZero() {
        assertThatThrownBy(() -> new Durations.Positive().convert("0s"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("longer than zero");
    }

    @Test
    void formatsForMessages() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }
}
