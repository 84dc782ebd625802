package iotcore.broker.session;

import iotcore.broker.auth.Identity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MQTT session keyed by (identity, ClientID) (decisions §3), with its subscriptions and outbound
 * QoS 1 state. Outbound flow:
 *
 * <pre>
 *   deliver(QoS 1) --> queue --(window has room, connected)--> inflight --PUBACK--> done
 *                                                                 |
 *                          reconnect of a persistent session: resend with DUP=1
 * </pre>
 *
 * QoS 0 messages go straight to the connection, or are dropped while none is attached. All state is
 * guarded by the session's monitor: deliveries arrive from any publisher's thread.
 */
public final class Session {
    public static final int INFLIGHT_WINDOW = 32;
    public static final int MAX_QUEUED = 100_000;

    private final Identity identity;
    private final String clientId;
    private final boolean persistent;
    private final Map<String, List<Subscriber>> subscriptions = new LinkedHashMap<>();
    private final Map<Integer, Outgoing> inflight = new LinkedHashMap<>();
    private final Deque<Outgoing> queue = new ArrayDeque<>();
    private Connection connection;
    private int nextPacketId = 1;
    private long dropped;

    private record Outgoing(String topic, byte[] payload) {
    }

    public Session(Identity identity, String clientId, boolean persistent) {
        this.identity = identity;
        this.clientId = clientId;
        this.persistent = persistent;
    }

    public Identity identity() {
        return identity;
    }

    public String clientId() {
        return clientId;
    }

    public boolean persistent() {
        return persistent;
    }

    public String key() {
        return key(identity, clientId);
    }

    public static String key(Identity identity, String clientId) {
        return identity.key() + "\u0000" + clientId;
    }

    public synchronized Connection connection() {
        return connection;
    }

    /** Attaches a connection and resends what the previous one left unacknowledged, with DUP=1. */
    public synchronized void attach(Connection c) {
        connection = c;
        inflight.forEach((id, out) -> c.sendPublish(id, out.topic, out.payload, 1, true));
        pump();
    }

    /** Detaches {@code c} if it is still the attached connection; returns whether it was. */
    public synchronized boolean detach(Connection c) {
        if (connection != c) {
            return false;
        }
        connection = null;
        return true;
    }

    public synchronized void deliver(String topic, byte[] payload, int qos) {
        if (qos == 0) {
            if (connection != null) {
                connection.sendPublish(0, topic, payload, 0, false);
            }
            return;
        }
        if (queue.size() >= MAX_QUEUED) {
            dropped++; // bounded here until the crash-safety issue replaces this queue
            return;
        }
        queue.addLast(new Outgoing(topic, payload));
        pump();
    }

    public synchronized void acknowledge(int packetId) {
        if (inflight.remove(packetId) != null) {
            pump();
        }
    }

    private void pump() {
        while (connection != null && inflight.size() < INFLIGHT_WINDOW && !queue.isEmpty()) {
            Outgoing out = queue.pollFirst();
            int id = allocatePacketId();
            inflight.put(id, out);
            connection.sendPublish(id, out.topic, out.payload, 1, false);
        }
    }

    private int allocatePacketId() {
        for (int tries = 0; tries < 65535; tries++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free packet id"); // cannot happen: inflight is bounded by the window
    }

    public synchronized List<Subscriber> putSubscription(String clientFilter, List<Subscriber> entries) {
        List<Subscriber> old = subscriptions.put(clientFilter, entries);
        return old == null ? List.of() : old;
    }

    public synchronized List<Subscriber> removeSubscription(String clientFilter) {
        List<Subscriber> old = subscriptions.remove(clientFilter);
        return old == null ? List.of() : old;
    }

    public synchronized List<Subscriber> allSubscribers() {
        List<Subscriber> all = new ArrayList<>();
        subscriptions.values().forEach(all::addAll);
        return all;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
