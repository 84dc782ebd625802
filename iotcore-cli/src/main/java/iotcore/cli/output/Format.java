package iotcore.cli.output;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine;

/** Output formats of {@code --format}, named as yc names them. */
public enum Format {
    TEXT("text"),
    YAML("yaml"),
    JSON("json"),
    /** The REST API's own JSON (lowerCamelCase, {@code @type} kept), as yc's {@code json-rest}. */
    JSON_REST("json-rest");

    private final String flag;

    Format(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static Format parse(String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.flag.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of text, yaml, json, json-rest"));
    }

    /** Lets picocli accept {@code json-rest}, which is not a Java identifier. */
    public static final class Converter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }

    /** Completion candidates and the list shown in {@code --help}. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(Format::flag).iterator();
        }
    }
}
