package iotcore.api.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.http.Body;
import iotcore.api.http.Json;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A registry's {@code logOptions} (spec §1.8): {@code disabled}, exactly one of {@code logGroupId} and
 * {@code folderId} unless disabled, and {@code minLevel}. Stored as the normalised JSON the API returns.
 */
public final class LogOptions {
    private static final Pattern DESTINATION = Pattern.compile("([a-zA-Z][-a-zA-Z0-9_.]{0,63})?");
    private static final List<String> LEVELS = List.of("LEVEL_UNSPECIFIED", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    private LogOptions() {
    }

    /** The normalised JSON text, or null when the body has no logOptions; problems go to the body. */
    public static String read(Body body) {
        Body options = body.object("logOptions");
        if (options == null) {
            return null;
        }
        options.allowOnly(Set.of("disabled", "logGroupId", "folderId", "minLevel"));
        boolean disabled = options.bool("disabled");
        String logGroupId = options.string("logGroupId");
        String folderId = options.string("folderId");
        String minLevel = options.string("minLevel");
        body.absorb("logOptions", options);
        if (!logGroupId.isEmpty() && !folderId.isEmpty()) {
            body.violations().add("logOptions", "set exactly one of logGroupId and folderId, not both");
        } else if (logGroupId.isEmpty() && folderId.isEmpty() && !disabled) {
            body.violations().add("logOptions", "set exactly one of logGroupId and folderId (or disabled: true)");
        }
        checkDestination(body, "logOptions.logGroupId", logGroupId);
        checkDestination(body, "logOptions.folderId", folderId);
        if (!minLevel.isEmpty() && !LEVELS.contains(minLevel)) {
            body.violations().add("logOptions.minLevel", "must be one of " + String.join(", ", LEVELS));
        }
        ObjectNode normalised = Json.object();
        if (disabled) {
            normalised.put("disabled", true);
        }
        Json.putText(normalised, "logGroupId", logGroupId);
        Json.putText(normalised, "folderId", folderId);
        if (!minLevel.isEmpty() && !minLevel.equals("LEVEL_UNSPECIFIED")) {
            normalised.put("minLevel", minLevel);
        }
        return Json.write(normalised);
    }

    private static void checkDestination(Body body, String field, String value) {
        if (!DESTINATION.matcher(value).matches()) {
            body.violations().add(field, "must match [a-zA-Z][-a-zA-Z0-9_.]{0,63}");
        }
    }
}
