package iotcore.model.topic;

import iotcore.model.rules.Violations;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spec §1.6 and §3.6: a device alias {@code alias -> topicPrefix} is a textual prefix substitution,
 * the prefix must name this device's own {@code $devices/<id>} topics, at most 5 per device, and no
 * alias in a registry may be a string prefix of another one (checked in both directions).
 */
public final class TopicAliasRules {
    public static final int MAX_ALIASES_PER_DEVICE = 5;
    public static final int MAX_TOPIC_LENGTH = 1024;
    public static final String ID_PLACEHOLDER = "{id}";

    private TopicAliasRules() {
    }

    /** Replaces the {@code {id}} placeholder allowed on create (spec §1.6). */
    public static Map<String, String> resolvePlaceholder(Map<String, String> aliases, String deviceId) {
        Map<String, String> out = new LinkedHashMap<>();
        aliases.forEach((alias, prefix) -> out.put(alias, prefix.replace(ID_PLACEHOLDER, deviceId)));
        return out;
    }

    /** Checks the shape of each alias of one device (not conflicts with other devices). */
    public static void check(String field, Map<String, String> aliases, String deviceId, int maxAliases, Violations v) {
        if (aliases.size() > maxAliases) {
            v.add(field, "a device may have at most " + maxAliases + " topic aliases (got " + aliases.size() + ")");
        }
        String own = "$devices/" + deviceId;
        aliases.forEach((alias, prefix) -> {
            String f = field + "." + clip(alias);
            if (alias.isEmpty()) {
                v.add(field, "alias names must not be empty");
            } else if (alias.startsWith("$")) {
                v.add(f, "alias names must not start with '$' (only the $me aliases are system-defined)");
            } else if (hasWildcardOrControl(alias)) {
                v.add(f, "alias names must not contain '+', '#' or control characters");
            } else if (alias.length() > MAX_TOPIC_LENGTH) {
                v.add(f, "alias names must be at most " + MAX_TOPIC_LENGTH + " characters");
            }
            if (prefix.startsWith("$monitoring")) {
                v.add(f, "aliases cannot target $monitoring topics");
            } else if (!(prefix.equals(own) || prefix.startsWith(own + "/"))) {
                v.add(f, "topic prefix must start with " + own + " (an alias must name this device's own topics)");
            } else if (hasWildcardOrControl(prefix)) {
                v.add(f, "topic prefix must not contain '+', '#' or control characters");
            } else if (prefix.length() > MAX_TOPIC_LENGTH) {
                v.add(f, "topic prefix must be at most " + MAX_TOPIC_LENGTH + " characters");
            }
        });
    }

    /**
     * Rejects aliases that are a string prefix of another alias of the registry, or have one as
     * prefix. {@code others} holds every other alias of the registry with its device id.
     */
    public static void checkConflicts(String field, Map<String, String> aliases, Map<String, String> others, Violations v) {
        aliases.keySet().forEach(alias -> {
            others.forEach((other, deviceId) -> {
                if (alias.startsWith(other) || other.startsWith(alias)) {
                    v.add(field + "." + clip(alias), "conflicts with alias \"" + clip(other) + "\" of device " + deviceId
                            + ": no alias in a registry may be a prefix of another");
                }
            });
            aliases.keySet().forEach(sibling -> {
                if (!sibling.equals(alias) && sibling.startsWith(alias)) {
                    v.add(field + "." + clip(alias), "is a prefix of alias \"" + clip(sibling) + "\" of the same device");
                }
            });
        });
    }

    private static boolean hasWildcardOrControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' || c == '#' || c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
