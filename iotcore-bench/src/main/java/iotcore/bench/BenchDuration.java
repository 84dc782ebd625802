package iotcore.bench;

import iotcore.cli.input.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Durations on the command line ({@code 10s}, {@code 500ms}, {@code 2m}); zero is allowed (e.g. no warm-up). */
final class BenchDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
