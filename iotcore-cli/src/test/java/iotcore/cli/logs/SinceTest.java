package iotcore.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinceTest {

    /** A local zone far from UTC, to prove "today" and times of day are UTC. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T15:20:30Z"), ZoneId.of("Pacific/Kiritimati"));

    @ParameterizedTest
    @CsvSource({
            "2026-11-25T10:00:00Z,          2026-11-25T10:00:00Z",
            "2026-11-25T10:00:00.250Z,      2026-11-25T10:00:00.250Z",
            "2026-11-25T12:00:00+02:00,     2026-11-25T10:00:00Z",
            "2026-11-25 10:00:00z,          2026-11-25T10:00:00Z",
            "10:00:00,                      2026-11-26T10:00:00Z",
            "9:05,                          2026-11-26T09:05:00Z",
            "2h,                            2026-11-26T13:20:30Z",
            "30m,                           2026-11-26T14:50:30Z",
            "3h30m ago,                     2026-11-26T11:50:30Z",
            "1h 30m ago,                    2026-11-26T13:50:30Z",
            "45s ago,                       2026-11-26T15:19:45Z",
            "1d,                            2026-11-25T15:20:30Z"})
    void readsTimesAndDurationsBeforeNow(String text, String expected) {
        assertThat(Since.parse(text, CLOCK)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "25:00:00", "2026-13-01T00:00:00Z", "2026-11-25T10:00:00", "ago", "2h later"})
    void anythingElseNamesTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Since.parse(text, CLOCK)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a time").hasMessageContaining("RFC 3339").hasMessageContaining("3h30m ago");
    }
}
