package iotcore.broker.store;

import iotcore.broker.auth.Identity;
import iotcore.broker.permanent.PermanentStore;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What persistent sessions and permanent topics need from durable storage: typed changes, committed
 * in groups, and everything back on start. The seam a clustered store would implement; the
 * single-process one is {@link RocksJournal}.
 */
public interface SessionJournal extends AutoCloseable {

    /** {@code sent}: the message was on its way to the client when it was stored. */
    record StoredMessage(long seq, String topic, int qos, byte[] payload, boolean sent) {
    }

    /**
     * {@code sentUpTo}: every queued message up to this sequence number had been sent; {@code qos2}: packet ids
     * of QoS 2 messages from the client that got PUBREC and await PUBREL.
     */
    record StoredSession(UUID id, Identity identity, String clientId, long disconnectedAtMillis, long sentUpTo,
                         Map<String, Integer> subscriptions, List<StoredMessage> queue, Set<Integer> qos2) {
    }

    List<StoredSession> loadSessions();

    List<PermanentStore.Value> loadPermanent();

    StoreOp sessionMeta(UUID id, Identity identity, String clientId, long disconnectedAtMillis, long sentUpTo);

    List<StoreOp> deleteSession(UUID id);

    StoreOp subscribe(UUID id, String filter, int qos);

    StoreOp unsubscribe(UUID id, String filter);

    /** {@code sent}: the message goes out at once, so its own record says it was sent (DUP=1 if resent). */
    StoreOp enqueue(UUID id, long seq, String topic, int qos, byte[] payload, boolean sent);

    StoreOp dequeue(UUID id, long seq);

    /** Queued messages up to {@code seq} are (about to be) sent: written before they leave, so a resend has DUP=1. */
    StoreOp sentUpTo(UUID id, long seq);

    /** PUBREC for QoS 2 packet {@code packetId} of the client: a resent PUBLISH with it is not routed again. */
    StoreOp qos2Received(UUID id, int packetId);

    /** PUBREL for {@code packetId}: the id is free again. */
    StoreOp qos2Released(UUID id, int packetId);

    StoreOp permanent(PermanentStore.Value value);

    StoreOp removePermanent(String registryId, String topicPrefix);

    /** Commits {@code ops} in the next group; {@code onDurable} runs once they are on disk (synced when {@code sync}). */
    void commit(List<StoreOp> ops, boolean sync, Runnable onDurable);

    /**
     * Writes a sent mark in a group of its own, never synced and never waiting for a sync: {@code onWritten} runs
     * once it is written (it then survives the process dying, not the machine).
     */
    void mark(StoreOp op, Runnable onWritten);

    @Override
    void close();

    /** Keeps nothing: for brokers without durable sessions (tests of the protocol core). */
    SessionJournal NONE = new SessionJournal() {
        private final StoreOp nothing = new StoreOp.Delete(new byte[0]);

        @Override
        public List<StoredSession> loadSessions() {
            return List.of();
        }

        @Override
        public List<PermanentStore.Value> loadPermanent() {
            return List.of();
        }

        @Override
        public StoreOp sessionMeta(UUID id, Identity identity, String clientId, long disconnectedAtMillis, long sentUpTo) {
            return nothing;
        }

        @Override
        public List<StoreOp> deleteSession(UUID id) {
            return List.of();
        }

        @Override
        public StoreOp subscribe(UUID id, String filter, int qos) {
            return nothing;
        }

        @Override
        public StoreOp unsubscribe(UUID id, String filter) {
            return nothing;
        }

        @Override
        public StoreOp enqueue(UUID id, long seq, String topic, int qos, byte[] payload, boolean sent) {
            return nothing;
        }

        @Override
        public StoreOp dequeue(UUID id, long seq) {
            return nothing;
        }

        @Override
        public StoreOp sentUpTo(UUID id, long seq) {
            return nothing;
        }

        @Override
        public StoreOp qos2Received(UUID id, int packetId) {
            return nothing;
        }

        @Override
        public StoreOp qos2Released(UUID id, int packetId) {
            return nothing;
        }

        @Override
        public StoreOp permanent(PermanentStore.Value value) {
            return nothing;
        }

        @Override
        public StoreOp removePermanent(String registryId, String topicPrefix) {
            return nothing;
        }

        @Override
        public void commit(List<StoreOp> ops, boolean sync, Runnable onDurable) {
            if (onDurable != null) {
                onDurable.run();
            }
        }

        @Override
        public void mark(StoreOp op, Runnable onWritten) {
            onWritten.run();
        }

        @Override
        public void close() {
        }
    };
}
