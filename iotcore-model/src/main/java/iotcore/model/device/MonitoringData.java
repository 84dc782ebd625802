package iotcore.model.device;

import java.time.Instant;

/** What the broker last saw of a device (spec §1.3, FULL view). Any field may be null. */
public record MonitoringData(String lastAuthIp, Instant lastAuthTime, Instant lastPubActivityTime,
                             Instant lastSubActivityTime, Instant lastOnlineTime, Instant lastDisconnectTime) {
    public static final MonitoringData NONE = new MonitoringData(null, null, null, null, null, null);
}
