package iotcore.broker.permanent;

import java.util.List;

/**
 * The last value of every permanent ({@code state}/{@code config}) topic (spec §3.4), by registry and
 * exact canonical topic, for replay on subscribe. The broker journals each change (see
 * {@code SessionJournal}) and loads the values back on start.
 */
public interface PermanentStore {
    int REPLAY_LIMIT = 1000;

    record Value(String registryId, String topic, byte[] payload, int qos) {
    }

    void put(Value value);

    /** Stored values whose topic matches the canonical {@code filter}, at most {@code limit}. */
    List<Value> matching(String registryId, String filter, int limit);

    /** Forgets every value under a canonical prefix (a deleted device or registry). */
    void removePrefix(String registryId, String topicPrefix);
}
