package iotcore.cli.input;

import iotcore.cli.UserException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses yc-style map flags: {@code --labels a=b,c=d} (repeatable) into an ordered map, and
 * {@code --labels a,c} into keys. An empty value ({@code --labels ''}) means an empty map, to clear it.
 */
public final class KeyValues {

    private KeyValues() {
    }

    public static Map<String, String> parse(String flag, List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : items(values)) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new UserException("invalid " + flag + " entry '" + item + "': expected KEY=VALUE");
            }
            map.put(item.substring(0, eq).strip(), unquote(item.substring(eq + 1).strip()));
        }
        return map;
    }

    /** Keys only; a {@code KEY=VALUE} entry counts as its key, so a copied add command also removes. */
    public static Set<String> keys(String flag, List<String> values) {
        Set<String> keys = new LinkedHashSet<>();
        for (String item : items(values)) {
            int eq = item.indexOf('=');
            String key = (eq < 0 ? item : item.substring(0, eq)).strip();
            if (key.isEmpty()) {
                throw new UserException("invalid " + flag + " entry '" + item + "': expected KEY");
            }
            keys.add(key);
        }
        return keys;
    }

    private static List<String> items(List<String> values) {
        return values.stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** Quotes survive when a script writes {@code a='$devices/{id}/events'} inside double quotes. */
    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
