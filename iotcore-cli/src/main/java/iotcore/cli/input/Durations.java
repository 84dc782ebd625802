package iotcore.cli.input;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations the way people type them on a command line: {@code 2h}, {@code 30m}, {@code 3h30m}, {@code 1500ms}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|[dhms]))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[dhms])");

    private Durations() {
    }

    /** Spaces between parts are allowed ({@code 1h 30m}); ISO-8601 ({@code PT1H30M}) is accepted too. */
    public static Duration parse(String text) {
        String compact = text.replace(" ", "").toLowerCase(Locale.ROOT);
        if (compact.startsWith("p")) {
            try {
                return Duration.parse(compact.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw invalid(text);
            }
        }
        if (!WHOLE.matcher(compact).matches()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(compact);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
        }
        return total;
    }

    /** Short human form for messages: {@code 90s} prints as {@code 1m30s}. */
    public static String format(Duration duration) {
        String iso = duration.toString().substring(2).toLowerCase(Locale.ROOT); // PT1M30S -> 1m30s
        return iso.isEmpty() ? "0s" : iso;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: expected e.g. 30s, 5m, 2h, 3h30m or 1500ms");
    }

    /** For options like {@code --timeout}: a positive duration. */
    public static final class Positive implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                duration = parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "': must be longer than zero");
            }
            return duration;
        }
    }
}
