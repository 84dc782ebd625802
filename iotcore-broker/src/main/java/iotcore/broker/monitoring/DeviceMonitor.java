package iotcore.broker.monitoring;

import iotcore.broker.auth.Identity;
import iotcore.broker.routing.Publication;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tracks what spec §3.8 reports about each device and publishes it on {@code $monitoring/<d>/json}
 * (QoS 0) and to the {@link MonitoringSink}: at once on authentication; on publish and subscribe
 * activity at most once a second, the last change in a busy second following at its end so that
 * subscribers and the stored copy always catch up with the latest state.
 */
public final class DeviceMonitor {
    private static final long MIN_INTERVAL_MS = 1000;

    private final MonitoringSink sink;
    private final Consumer<Publication> router;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("monitoring-timer").unstarted(r));

    private static final class State {
        String authIp;
        Instant authTime;
        Instant pubTime;
        Instant subTime;
        Instant onlineTime;
        long lastSentMs;
        boolean trailingPending;
    }

    public DeviceMonitor(MonitoringSink sink, Consumer<Publication> router) {
        this.sink = sink;
        this.router = router;
    }

    public void authenticated(Identity.Device d, String ip) {
        Instant now = now();
        State s = state(d);
        synchronized (s) {
            s.authIp = ip;
            s.authTime = now;
            s.onlineTime = now;
        }
        emit(d, s, true);
    }

    public void published(Identity.Device d) {
        Instant now = now();
        State s = state(d);
        synchronized (s) {
            s.pubTime = now;
            s.onlineTime = now;
        }
        emit(d, s, false);
    }

    public void subscribed(Identity.Device d) {
        Instant now = now();
        State s = state(d);
        synchronized (s) {
            s.subTime = now;
            s.onlineTime = now;
        }
        emit(d, s, false);
    }

    public void disconnected(Identity.Device d) {
        sink.update(d.id(), null, null, null, null, null, now());
    }

    public void forget(String deviceId) {
        states.remove(deviceId);
    }

    private State state(Identity.Device d) {
        return states.computeIfAbsent(d.id(), id -> new State());
    }

    private void emit(Identity.Device d, State s, boolean always) {
        String json;
        synchronized (s) {
            long nowMs = System.currentTimeMillis();
            long wait = MIN_INTERVAL_MS - (nowMs - s.lastSentMs);
            if (!always && wait > 0) {
                if (!s.trailingPending) {
                    s.trailingPending = true;
                    timer.schedule(() -> emit(d, s, true), wait, TimeUnit.MILLISECONDS);
                }
                return;
            }
            s.trailingPending = false;
            s.lastSentMs = nowMs;
            StringBuilder b = new StringBuilder("{");
            field(b, "device_id", d.id());
            field(b, "registry_id", d.registryId());
            field(b, "last_auth_ip", s.authIp);
            field(b, "last_auth_time", s.authTime);
            field(b, "last_pub_activity_time", s.pubTime);
            field(b, "last_sub_activity_time", s.subTime);
            field(b, "last_online_time", s.onlineTime);
            json = b.append('}').toString();
            // The stored copy follows the same once-a-second pace: not a database write per PUBLISH.
            sink.update(d.id(), s.authIp, s.authTime, s.pubTime, s.subTime, s.onlineTime, null);
        }
        router.accept(new Publication(d.registryId(), "$monitoring/" + d.id() + "/json",
                json.getBytes(StandardCharsets.UTF_8), 0));
    }

    private static void field(StringBuilder b, String name, Object value) {
        if (value == null) {
            return;
        }
        if (b.length() > 1) {
            b.append(',');
        }
        // Ids are [a-z0-9], addresses and RFC 3339 times need no escaping.
        b.append('"').append(name).append("\":\"").append(value).append('"');
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
