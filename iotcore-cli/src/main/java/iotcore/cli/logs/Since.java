package iotcore.cli.logs;

import iotcore.cli.input.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The start of a log query as yc accepts it: RFC 3339 ({@code 2026-11-26T10:00:00Z}), a time of day today in UTC
 * ({@code 10:00:00}), or a duration before now ({@code 2h}, {@code 30m}, {@code 3h30m ago}).
 */
public final class Since {

    private static final Pattern TIME_OF_DAY = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ].*");

    private Since() {
    }

    public static Instant parse(String text, Clock clock) {
        String value = text.strip();
        try {
            if (DATE_TIME.matcher(value).matches()) {
                // RFC 3339 allows a space or a lowercase t/z; java.time wants 'T' and 'Z'.
                String iso = value.substring(0, 10) + "T" + value.substring(11).toUpperCase(Locale.ROOT);
                return OffsetDateTime.parse(iso).toInstant();
            }
            if (TIME_OF_DAY.matcher(value).matches()) {
                return LocalDate.now(clock.withZone(ZoneOffset.UTC)).atTime(LocalTime.parse(pad(value)))
                        .toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
        String duration = value.toLowerCase(Locale.ROOT);
        if (duration.endsWith("ago")) {
            duration = duration.substring(0, duration.length() - 3).strip();
        }
        try {
            return clock.instant().minus(Durations.parse(duration));
        } catch (IllegalArgumentException e) {
            throw invalid(text);
        }
    }

    /** LocalTime.parse wants two-digit hours: {@code 9:30} becomes {@code 09:30}. */
    private static String pad(String time) {
        return time.indexOf(':') == 1 ? "0" + time : time;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a time: expected RFC 3339 (2026-11-26T10:00:00Z),"
                + " HH:MM:SS (today, UTC) or a duration before now (2h, 30m, 3h30m ago)");
    }
}
