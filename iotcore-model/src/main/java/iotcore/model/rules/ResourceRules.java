package iotcore.model.rules;

import java.util.Map;
import java.util.regex.Pattern;

/** Field rules of spec §1 and §4 shared by registries, devices and brokers. */
public final class ResourceRules {
    public static final int MAX_NAME = 50;
    public static final int MAX_DESCRIPTION = 256;
    public static final int MAX_ID = 50;
    public static final int MAX_LABELS = 64;
    public static final int MAX_LABEL_KEY = 63;
    public static final int MAX_LABEL_VALUE = 63;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]*");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z][-_0-9a-z]*");
    private static final Pattern LABEL_VALUE = Pattern.compile("[-_0-9a-z]*");
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern FOLDER_ID = Pattern.compile("[a-z][-a-z0-9]{0,49}");

    private ResourceRules() {
    }

    public static void name(String field, String name, boolean required, Violations v) {
        if (name == null || name.isEmpty()) {
            if (required) {
                v.add(field, "is required");
            }
            return;
        }
        if (name.length() > MAX_NAME) {
            v.add(field, "must be at most " + MAX_NAME + " characters (got " + name.length() + ")");
        } else if (!NAME.matcher(name).matches()) {
            v.add(field, "must match [a-zA-Z0-9_-]*");
        }
    }

    public static void description(String field, String description, Violations v) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            v.add(field, "must be at most " + MAX_DESCRIPTION + " characters (got " + description.length() + ")");
        }
    }

    public static void labels(String field, Map<String, String> labels, Violations v) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            v.add(field, "must have at most " + MAX_LABELS + " entries (got " + labels.size() + ")");
            return;
        }
        labels.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_LABEL_KEY || !LABEL_KEY.matcher(key).matches()) {
                v.add(field, "key " + quote(key) + " must be 1-63 characters matching [a-z][-_0-9a-z]*");
            }
            if (value.length() > MAX_LABEL_VALUE || !LABEL_VALUE.matcher(value).matches()) {
                v.add(field + "." + clip(key), "value " + quote(value) + " must be at most 63 characters matching [-_0-9a-z]*");
            }
        });
    }

    /** IDs in requests: at most 50 characters, no path or query syntax. */
    public static void id(String field, String id, Violations v) {
        if (id == null || id.isEmpty()) {
            v.add(field, "is required");
        } else if (id.length() > MAX_ID) {
            v.add(field, "must be at most " + MAX_ID + " characters");
        } else if (!ID.matcher(id).matches()) {
            v.add(field, "must match [a-zA-Z0-9_-]+");
        }
    }

    /** Folder IDs (iotcore's own rule, admin API): 1-50 characters of [a-z][-a-z0-9]*. */
    public static void folderId(String field, String id, Violations v) {
        if (id == null || id.isEmpty()) {
            v.add(field, "is required");
        } else if (!FOLDER_ID.matcher(id).matches()) {
            v.add(field, "must be 1-50 characters matching [a-z][-a-z0-9]*");
        }
    }

    static String quote(String s) {
        return "\"" + clip(s) + "\"";
    }

    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
