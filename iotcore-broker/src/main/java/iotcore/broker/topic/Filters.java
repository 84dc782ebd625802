package iotcore.broker.topic;

import java.util.ArrayList;
import java.util.List;

/** MQTT 3.1.1 topic names and filters: validation, matching and intersection (spec section 4.7). */
public final class Filters {
    private Filters() {
    }

    /** Index of the first '+' or '#', or -1: everything before it is the filter's literal prefix. */
    public static int firstWildcard(String filter) {
        int plus = filter.indexOf('+');
        int hash = filter.indexOf('#');
        return plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
    }

    public static boolean hasWildcard(String s) {
        return s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
    }

    /** A PUBLISH topic: non-empty, no wildcards [MQTT-3.3.2-2], no NUL or undecodable UTF-8 [MQTT-1.5.3-1, -2]. */
    public static boolean validTopicName(String topic, int maxLength) {
        return !topic.isEmpty() && topic.length() <= maxLength && !hasWildcard(topic) && cleanText(topic);
    }

    /** A SUBSCRIBE filter: '#' only as a whole last level, '+' only as a whole level [MQTT-4.7.1-2, -3]. */
    public static boolean validFilter(String filter, int maxLength) {
        if (filter.isEmpty() || filter.length() > maxLength || !cleanText(filter)) {
            return false;
        }
        String[] levels = split(filter);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /** The codec decodes invalid UTF-8 to U+FFFD; such a string, or one with NUL, is malformed. */
    private static boolean cleanText(String s) {
        return s.indexOf('\u0000') < 0 && s.indexOf('\uFFFD') < 0;
    }

    public static String[] split(String s) {
        return s.split("/", -1);
    }

    /** Whether {@code filter} matches {@code topic}; a trailing '#' also matches the parent level. */
    public static boolean matches(String filter, String topic) {
        String[] f = split(filter);
        String[] t = split(topic);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
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

    /**
     * The filter matching exactly the topics matched by both filters, or null when there are none.
     * Used to narrow a client's filter to what it may read (spec §3.3).
     */
    public static String intersect(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            boolean xEnd = i >= x.length;
            boolean yEnd = i >= y.length;
            if (xEnd && yEnd) {
                return String.join("/", out);
            }
            if (!xEnd && x[i].equals("#")) {
                append(out, y, i);
                return String.join("/", out);
            }
            if (!yEnd && y[i].equals("#")) {
                append(out, x, i);
                return String.join("/", out);
            }
            if (xEnd || yEnd) {
                return null; // different depths and no '#' to absorb the difference
            }
            if (x[i].equals("+")) {
                out.add(y[i]);
            } else if (y[i].equals("+") || x[i].equals(y[i])) {
                out.add(x[i]);
            } else {
                return null;
            }
            i++;
        }
    }

    private static void append(List<String> out, String[] levels, int from) {
        for (int j = from; j < levels.length; j++) {
            out.add(levels[j]);
        }
    }
}
