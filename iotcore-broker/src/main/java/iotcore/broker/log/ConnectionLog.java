package iotcore.broker.log;

import iotcore.broker.auth.Identity;

/** The per-device and per-registry connection log of spec §7.2. */
public interface ConnectionLog {

    enum Level { INFO, WARN, ERROR }

    void append(Identity identity, Level level, String message);
}
