package iotcore.api.http;

import iotcore.model.rules.Violations;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code updateMask} of an Update (spec §5.4): comma-separated field names, in the body or the
 * query. Only masked fields change and a masked field absent from the body is reset; no mask means
 * every updatable field. snake_case paths ({@code topic_aliases}) are accepted as gRPC clients send them.
 */
public final class UpdateMask {
    private final Set<String> fields;

    private UpdateMask(Set<String> fields) {
        this.fields = fields;
    }

    public static UpdateMask from(Request r, Body body, List<String> updatable) {
        Violations v = body.violations();
        String raw = body.string("updateMask");
        if (raw.isEmpty()) {
            raw = r.query("updateMask");
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String name = camel(part.trim());
            if (name.isEmpty()) {
                continue;
            }
            if (updatable.contains(name)) {
                fields.add(name);
            } else {
                v.add("updateMask", "unknown field \"" + Body.clip(name) + "\" (updatable: " + String.join(", ", updatable) + ")");
            }
        }
        return new UpdateMask(fields.isEmpty() ? new LinkedHashSet<>(updatable) : fields);
    }

    public boolean covers(String field) {
        return fields.contains(field);
    }

    private static String camel(String path) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : path.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }
}
