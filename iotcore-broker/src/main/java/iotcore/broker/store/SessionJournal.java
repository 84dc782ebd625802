package iotcore.broker.store;

import iotcore.broker.auth.Identity;
import iotcore.broker.permanent.PermanentStore;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What persistent sessions and permanent topics need from durable storage: typed changes, committed
 * in groups, and everything back on start. The seam a clustered store would implement; the
 * single-process one is {@link RocksJournal}.
 */
public interface SessionJournal extends AutoCloseable {

    record StoredMessage(long seq, String topic, int qos, byte[] payload) {
    }

    record StoredSession(UUID id, Identity identity, String clientId, long disconnectedAtMillis, long highestSentSeq,
                         Map<String, Integer> subscriptions, List<StoredMessage> queue) {
    }

    List<StoredSession> loadSessions();

    List<PermanentStore.Value> loadPermanent();

    StoreOp sessionMeta(UUID id, Identity identity, String clientId, long disconnectedAtMillis, long highestSentSeq);

    List<StoreOp> deleteSession(UUID id);

    StoreOp subscribe(UUID id, String filter, int qos);

    StoreOp unsubscribe(UUID id, String filter);

    StoreOp enqueue(UUID id, long seq, String topic, int qos, byte[] payload);

    StoreOp dequeue(UUID id, long seq);

    StoreOp permanent(PermanentStore.Value value);

    StoreOp removePermanent(String registryId, String topicPrefix);

    /** Commits {@code ops} in the next group; {@code onDurable} runs once they are on disk (synced when {@code sync}). */
    void commit(List<StoreOp> ops, boolean sync, Runnable onDurable);

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
        public StoreOp sessionMeta(UUID id, Identity identity, String clientId, long disconnectedAtMillis, long highestSentSeq) {
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
        public StoreOp enqueue(UUID id, long seq, String topic, int qos, byte[] payload) {
            return nothing;
        }

        @Override
        public StoreOp dequeue(UUID id, long seq) {
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
        public void close() {
        }
    };
}
