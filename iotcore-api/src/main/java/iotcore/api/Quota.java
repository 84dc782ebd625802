package iotcore.api;

import iotcore.model.error.Code;
import iotcore.model.error.ServiceException;

/** Refuses a create that would exceed a per-folder quota (0: unlimited) with RESOURCE_EXHAUSTED. */
public final class Quota {
    private Quota() {
    }

    public static void check(int limit, int current, String what, String option) {
        if (limit > 0 && current >= limit) {
            throw new ServiceException(Code.RESOURCE_EXHAUSTED, "quota exceeded: a folder may hold at most " + limit
                    + " " + what + " (server option --" + option + ")");
        }
    }
}
