package iotcore.broker.monitoring;

import java.time.Instant;

/** Receives a device's monitoring data (spec §3.8) as it changes, e.g. to show in the FULL view. */
public interface MonitoringSink {

    /** Null fields did not change. */
    void update(String deviceId, String lastAuthIp, Instant lastAuthTime, Instant lastPubActivityTime,
                Instant lastSubActivityTime, Instant lastOnlineTime, Instant lastDisconnectTime);
}
