package iotcore.cli.mqtt;

import java.util.Locale;
import picocli.CommandLine;

/** The QoS levels the service offers (spec §3: no QoS 2), spelt as yc spells them. */
public enum Qos {
    AT_MOST_ONCE(0),
    AT_LEAST_ONCE(1);

    private final int level;

    Qos(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    /** Accepts {@code 0}, {@code 1}, {@code at-most-once} and {@code at-least-once}. */
    public static final class Converter implements CommandLine.ITypeConverter<Qos> {
        @Override
        public Qos convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "0", "at-most-once", "at_most_once" -> AT_MOST_ONCE;
                case "1", "at-least-once", "at_least_once" -> AT_LEAST_ONCE;
                case "2", "exactly-once", "exactly_once" -> throw new CommandLine.TypeConversionException(
                        "'" + value + "': QoS 2 is not supported; use 0 (at-most-once) or 1 (at-least-once)");
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "': expected 0, 1, at-most-once or at-least-once");
            };
        }
    }
}
