package iotcore.bench.load;

/**
 * Topic patterns of the load tool: {@code %i} is the client's index (0-based, per role), {@code %d} its device id
 * and {@code %r} the registry id when a fleet is used. Matching follows MQTT 3.1.1 §4.7 so that the tool knows
 * which subscriber should receive which publisher's messages (loss accounting); aliases such as {@code $me/...}
 * are not resolved, so publisher and subscriber patterns must name the same canonical topics.
 */
public final class Topics {

    private Topics() {
    }

    public static String expand(String pattern, int index, String deviceId, String registryId) {
        StringBuilder out = new StringBuilder(pattern.length() + 24);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' && i + 1 < pattern.length()) {
                char k = pattern.charAt(i + 1);
                switch (k) {
                    case 'i' -> out.append(index);
                    case 'd' -> out.append(require(deviceId, "%d needs a fleet with devices (--provision or --fleet)"));
                    case 'r' -> out.append(require(registryId, "%r needs a fleet (--provision or --fleet)"));
                    case '%' -> out.append('%');
                    default -> {
                        out.append(c).append(k);
                    }
                }
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String require(String value, String message) {
        if (value == null) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }

    /** Whether the topic filter matches the topic name (MQTT 3.1.1 §4.7, including the '$' rule for wildcards). */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false; // [MQTT-4.7.2-1]
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
