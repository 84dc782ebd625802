package iotcore.bench;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Lower-case enum values on the command line ({@code --auth password}): the root command's case-insensitive
 * setting does not reach subcommands added after it was made, as {@code bench} is.
 */
final class EnumConverters {

    private EnumConverters() {
    }

    private static <E extends Enum<E>> E convert(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + " but was '" + value + "'");
        }
    }

    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return EnumConverters.convert(Role.class, value);
        }
    }

    static final class AuthConverter implements CommandLine.ITypeConverter<FleetOptions.Auth> {
        @Override
        public FleetOptions.Auth convert(String value) {
            return EnumConverters.convert(FleetOptions.Auth.class, value);
        }
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<ConnCommand.Mode> {
        @Override
        public ConnCommand.Mode convert(String value) {
            return EnumConverters.convert(ConnCommand.Mode.class, value);
        }
    }
}
