package iotcore.api.http;

import iotcore.model.rules.ResourceRules;
import iotcore.model.rules.Violations;

/** Path and query values checked before they reach the database (spec §4: ids are at most 50 characters). */
public final class Params {
    private Params() {
    }

    /** A path id, 400 when over-long or not an id at all. */
    public static String id(Request r, String name) {
        String value = r.param(name);
        Violations v = new Violations();
        ResourceRules.id(name, value, v);
        v.throwIfAny();
        return value;
    }

    /** A required query id such as {@code folderId}. */
    public static String queryId(Request r, String name, Violations v) {
        String value = r.query(name);
        ResourceRules.id(name, value, v);
        return value;
    }
}
