package iotcore.server.broker;

import iotcore.api.ApiContext;
import iotcore.broker.monitoring.MonitoringSink;
import iotcore.model.device.MonitoringData;

import java.time.Instant;

/** Device monitoring data (spec §3.8) written to the devices table in the background for the FULL view. */
public final class DatabaseMonitoringSink implements MonitoringSink, AutoCloseable {
    private record Update(String deviceId, MonitoringData data) {
    }

    private final BackgroundWriter<Update> writer;

    public DatabaseMonitoringSink(ApiContext ctx) {
        this.writer = new BackgroundWriter<>("monitoring-writer", 100_000,
                batch -> ctx.db().inTransaction("update monitoring data", c -> {
                    for (Update u : batch) {
                        ctx.devices().updateMonitoring(c, u.deviceId(), u.data());
                    }
                    return null;
                }));
    }

    @Override
    public void update(String deviceId, String lastAuthIp, Instant lastAuthTime, Instant lastPubActivityTime,
                       Instant lastSubActivityTime, Instant lastOnlineTime, Instant lastDisconnectTime) {
        writer.add(new Update(deviceId, new MonitoringData(lastAuthIp, lastAuthTime, lastPubActivityTime,
                lastSubActivityTime, lastOnlineTime, lastDisconnectTime)));
    }

    @Override
    public void close() {
        writer.close();
    }
}
