package iotcore.broker.session;

import iotcore.broker.auth.Identity;
import iotcore.broker.store.SessionJournal;
import iotcore.broker.store.StoreOp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An MQTT session keyed by (identity, ClientID) (decisions §3), with its subscriptions and outbound
 * QoS 1 state. Outbound flow:
 *
 * <pre>
 *   enqueue(QoS 1) --> queue --(connected, writable, window has room)--> inflight --PUBACK--> done
 *        |                                                                   |
 *   persistent: journaled (synced before the publisher's PUBACK)    reconnect: resent with DUP=1
 * </pre>
 *
 * Every QoS 1 message has a sequence number; its packet id is derived from it, so a restored session
 * resends with the same ids without storing them. Queue and inflight together are bounded in count and
 * bytes; past the bound new messages are refused (counted, never silently dropped). QoS 0 messages go
 * straight to a writable connection or are dropped. State is guarded by the session's monitor.
 */
public final class Session {
    public static final int INFLIGHT_WINDOW = 32;

    /** Bounds of one session's undelivered QoS 1 messages. */
    public record Limits(int maxMessages, long maxBytes) {
        public static final Limits DEFAULT = new Limits(100_000, 64L * 1024 * 1024);
    }

    /** What enqueue did: the durable change to make (null for clean sessions), or a refusal. */
    public sealed interface Enqueued permits Enqueued.Accepted, Enqueued.Refused {
        record Accepted(StoreOp op) implements Enqueued {
        }

        record Refused(long refusedTotal) implements Enqueued {
        }
    }

    private record Outgoing(long seq, String topic, byte[] payload) {
    }

    private final UUID id;
    private final Identity identity;
    private final String clientId;
    private final boolean persistent;
    private final Limits limits;
    private final SessionJournal journal;
    private final Map<String, List<Subscriber>> subscriptions = new LinkedHashMap<>();
    private final Map<Integer, Outgoing> inflight = new LinkedHashMap<>();
    private final Deque<Outgoing> queue = new ArrayDeque<>();
    private Connection connection;
    private long nextSeq = 1;
    private long bytes;
    private long refused;
    private long highestSent;
    private long resentUpTo;
    private boolean metaDirty;
    private long disconnectedAt;

    public Session(Identity identity, String clientId, boolean persistent, Limits limits, SessionJournal journal) {
        this(UUID.randomUUID(), identity, clientId, persistent, limits, journal);
    }

    private Session(UUID id, Identity identity, String clientId, boolean persistent, Limits limits, SessionJournal journal) {
        this.id = id;
        this.identity = identity;
        this.clientId = clientId;
        this.persistent = persistent;
        this.limits = limits;
        this.journal = persistent ? journal : SessionJournal.NONE;
    }

    /** A persistent session as the store kept it; messages up to {@code highestSentSeq} were sent before. */
    public static Session restored(SessionJournal.StoredSession stored, Limits limits, SessionJournal journal) {
        Session s = new Session(stored.id(), stored.identity(), stored.clientId(), true, limits, journal);
        for (SessionJournal.StoredMessage m : stored.queue()) {
            s.queue.addLast(new Outgoing(m.seq(), m.topic(), m.payload()));
            s.bytes += m.payload().length;
            s.nextSeq = Math.max(s.nextSeq, m.seq() + 1);
        }
        s.highestSent = stored.highestSentSeq();
        s.resentUpTo = stored.highestSentSeq();
        s.disconnectedAt = stored.disconnectedAtMillis() > 0 ? stored.disconnectedAtMillis() : System.currentTimeMillis();
        return s;
    }

    public UUID id() {
        return id;
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

    public synchronized StoreOp meta() {
        metaDirty = false;
        return journal.sessionMeta(id, identity, clientId, connection == null ? disconnectedAt : 0, highestSent);
    }

    /** Attaches a connection and resends what the previous one left unacknowledged, with DUP=1. */
    public synchronized void attach(Connection c) {
        connection = c;
        disconnectedAt = 0;
        inflight.forEach((packetId, out) -> c.sendPublish(packetId, out.topic, out.payload, 1, true));
        pump();
    }

    /** Detaches {@code c} if it is still the attached connection; returns whether it was. */
    public synchronized boolean detach(Connection c) {
        if (connection != c) {
            return false;
        }
        connection = null;
        disconnectedAt = System.currentTimeMillis();
        metaDirty = true;
        return true;
    }

    /** Milliseconds since the epoch when the last connection went away; 0 while connected. */
    public synchronized long disconnectedAt() {
        return connection == null ? disconnectedAt : 0;
    }

    public synchronized boolean metaDirty() {
        return persistent && metaDirty;
    }

    public synchronized void deliverQos0(String topic, byte[] payload) {
        if (connection != null && connection.isWritable()) {
            connection.sendPublish(0, topic, payload, 0, false);
        }
        // Otherwise dropped: at most once, a subscriber that cannot keep up loses QoS 0, never memory.
    }

    /** Queues a QoS 1 message; send it with {@link #pump()} once its durable change was submitted. */
    public synchronized Enqueued enqueue(String topic, byte[] payload) {
        if (queue.size() + inflight.size() >= limits.maxMessages() || bytes + payload.length > limits.maxBytes()) {
            return new Enqueued.Refused(++refused);
        }
        Outgoing out = new Outgoing(nextSeq++, topic, payload);
        queue.addLast(out);
        bytes += payload.length;
        return new Enqueued.Accepted(persistent ? journal.enqueue(id, out.seq, topic, 1, payload) : null);
    }

    public synchronized void acknowledge(int packetId) {
        Outgoing done = inflight.remove(packetId);
        if (done == null) {
            return;
        }
        bytes -= done.payload.length;
        if (persistent) {
            journal.commit(List.of(journal.dequeue(id, done.seq)), false, null); // a lost delete only means a duplicate
        }
        pump();
    }

    /** Sends queued messages while connected, writable and the inflight window has room. */
    public synchronized void pump() {
        while (connection != null && connection.isWritable() && inflight.size() < INFLIGHT_WINDOW && !queue.isEmpty()) {
            Outgoing out = queue.pollFirst();
            int packetId = packetId(out.seq);
            inflight.put(packetId, out);
            connection.sendPublish(packetId, out.topic, out.payload, 1, out.seq <= resentUpTo);
            if (out.seq > highestSent) {
                highestSent = out.seq;
                metaDirty = true;
            }
        }
    }

    /** [MQTT-2.3.1-2]: unique among unacknowledged messages, since the window is far below 65535. */
    private static int packetId(long seq) {
        return (int) ((seq - 1) % 65535) + 1;
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
}
