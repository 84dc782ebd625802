package iotcore.broker.session;

import iotcore.broker.auth.Identity;
import iotcore.broker.store.SessionJournal;
import iotcore.broker.store.StoreOp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An MQTT session keyed by (identity, ClientID) (decisions §3), with its subscriptions and outbound
 * QoS 1 state. Outbound flow:
 *
 * <pre>
 *   enqueue(QoS 1) --> queue --(connected, writable, window has room, marked sent)--> inflight --PUBACK--> done
 *        |                                                                               |
 *   persistent: journaled (synced before the publisher's PUBACK)      reconnect or restart: resent with DUP=1
 * </pre>
 *
 * Every QoS 1 message has a sequence number; its packet id is derived from it, so a restored session
 * resends with the same ids without storing them. A persistent session's message is marked sent in the
 * store before it leaves, so that after a restart exactly the messages sent before come again with DUP=1:
 * one that goes out at once (nothing queued before it) carries the mark in its own record, written
 * atomically with it; one sent later from the queue waits for a {@code sentUpTo} write covering the
 * messages the window has room for (not synced: it survives the process, not the machine; written on a
 * lane of its own that no sync holds up). Queue and
 * inflight together are bounded in count and bytes; past the bound new messages are refused (counted,
 * never silently dropped). QoS 0 messages go straight to the connection, or are dropped when its buffer is over a bound. The
 * session also keeps the packet ids of QoS 2 messages from its client between PUBREC and PUBREL. State
 * is guarded by the session's monitor.
 */
public final class Session {
    /**
     * QoS 1 messages a subscriber may have unacknowledged. Each copy waits a round trip for its PUBACK, so the window
     * bounds one subscriber's throughput: at 32 (EMQX's default) a registry taking a fleet's telemetry got about 40,000
     * msg/s here. After a reconnect up to this many come again with DUP=1.
     */
    public static final int INFLIGHT_WINDOW = 128;

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

    /** {@code marked}: its own record says it was sent; {@code dup}: it was sent before (by a previous process). */
    private record Outgoing(long seq, String topic, byte[] payload, boolean marked, boolean dup) {
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
    private final Set<Integer> qos2Received = new HashSet<>();
    private List<StoreOp> pendingDeletes = new ArrayList<>();
    private Connection connection;
    private long nextSeq = 1;
    private long bytes;
    private long refused;
    private long markedUpTo;
    private long markRequested;
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

    /** A persistent session as the store kept it; messages marked sent come again with DUP=1. */
    public static Session restored(SessionJournal.StoredSession stored, Limits limits, SessionJournal journal) {
        Session s = new Session(stored.id(), stored.identity(), stored.clientId(), true, limits, journal);
        for (SessionJournal.StoredMessage m : stored.queue()) {
            boolean sent = m.sent() || m.seq() <= stored.sentUpTo();
            s.queue.addLast(new Outgoing(m.seq(), m.topic(), m.payload(), sent, sent));
            s.bytes += m.payload().length;
            s.nextSeq = Math.max(s.nextSeq, m.seq() + 1);
        }
        s.nextSeq = Math.max(s.nextSeq, stored.sentUpTo() + 1);
        s.markedUpTo = stored.sentUpTo();
        s.markRequested = stored.sentUpTo();
        s.qos2Received.addAll(stored.qos2());
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
        return journal.sessionMeta(id, identity, clientId, connection == null ? disconnectedAt : 0, markedUpTo);
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
        commitAcknowledged();
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
        if (connection != null && connection.acceptsQos0()) {
            connection.sendPublish(0, topic, payload, 0, false);
        }
        // Otherwise dropped: at most once, a subscriber that cannot keep up loses QoS 0, never memory.
    }

    /** Queues a QoS 1 message; send it with {@link #pump()} once its durable change was submitted. */
    public synchronized Enqueued enqueue(String topic, byte[] payload) {
        if (queue.size() + inflight.size() >= limits.maxMessages() || bytes + payload.length > limits.maxBytes()) {
            return new Enqueued.Refused(++refused);
        }
        boolean goesAtOnce = queue.isEmpty() && connection != null && connection.isWritable() && inflight.size() < INFLIGHT_WINDOW;
        Outgoing out = new Outgoing(nextSeq++, topic, payload, goesAtOnce, false);
        queue.addLast(out);
        bytes += payload.length;
        return new Enqueued.Accepted(persistent ? journal.enqueue(id, out.seq, topic, 1, payload, goesAtOnce) : null);
    }

    /** PUBACK: frees a slot of the window; {@link #pump()} fills it (once for a batch of PUBACKs). */
    public synchronized void acknowledge(int packetId) {
        Outgoing done = inflight.remove(packetId);
        if (done == null) {
            return;
        }
        bytes -= done.payload.length;
        if (persistent) {
            pendingDeletes.add(journal.dequeue(id, done.seq)); // committed by pump(), once for a read's PUBACKs
        }
    }

    /** The deletes of acknowledged messages, one unsynced write: a lost delete only means a duplicate after a crash. */
    private void commitAcknowledged() {
        if (!pendingDeletes.isEmpty()) {
            journal.commit(pendingDeletes, false, null);
            pendingDeletes = new ArrayList<>();
        }
    }

    /** Sends queued messages while connected, writable, the inflight window has room and they are marked sent. */
    public synchronized void pump() {
        commitAcknowledged();
        while (connection != null && connection.isWritable() && inflight.size() < INFLIGHT_WINDOW && !queue.isEmpty()) {
            Outgoing out = queue.peekFirst();
            if (persistent && !out.marked && out.seq > markedUpTo) {
                // A mark is a store write and a hop back from its thread: one at a time, and while half the window is
                // still on its way the client has work, so wait for more room and mark more messages at once.
                if (markRequested <= markedUpTo && inflight.size() <= INFLIGHT_WINDOW / 2) {
                    markSent();
                }
                return; // marked() pumps again once the mark is written, acknowledge() frees room
            }
            queue.pollFirst();
            int packetId = packetId(out.seq);
            inflight.put(packetId, out);
            connection.sendPublish(packetId, out.topic, out.payload, 1, out.dup);
        }
    }

    /** Writes that the queued messages the window has room for are sent; {@link #marked} sends them once it is written. */
    private void markSent() {
        long upTo = 0;
        int room = INFLIGHT_WINDOW - inflight.size();
        for (Outgoing out : queue) {
            if (room-- == 0) {
                break;
            }
            upTo = out.seq;
        }
        if (upTo > markRequested) {
            markRequested = upTo;
            long marked = upTo;
            journal.mark(journal.sentUpTo(id, upTo), () -> marked(marked));
        }
    }

    /** On the store's thread: the sends go from the connection's own thread, one hand-over for all of them. */
    private void marked(long upTo) {
        Connection c;
        synchronized (this) {
            markedUpTo = Math.max(markedUpTo, upTo);
            c = connection;
        }
        if (c != null) {
            c.execute(this::pump);
        } // else attach() pumps
    }

    /** [MQTT-2.3.1-2]: unique among unacknowledged messages, since the window is far below 65535. */
    private static int packetId(long seq) {
        return (int) ((seq - 1) % 65535) + 1;
    }

    /** Whether a QoS 2 PUBLISH with this packet id got PUBREC and no PUBREL yet: a resend is not routed again. */
    public synchronized boolean qos2Pending(int packetId) {
        return qos2Received.contains(packetId);
    }

    /** Records a new QoS 2 message from the client; the durable change (null for clean sessions) goes with its routing. */
    public synchronized StoreOp receivedQos2(int packetId) {
        qos2Received.add(packetId);
        return persistent ? journal.qos2Received(id, packetId) : null;
    }

    /** PUBREL: the packet id is free again; the durable change, or null when there is nothing to write. */
    public synchronized StoreOp releasedQos2(int packetId) {
        return qos2Received.remove(packetId) && persistent ? journal.qos2Released(id, packetId) : null;
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
