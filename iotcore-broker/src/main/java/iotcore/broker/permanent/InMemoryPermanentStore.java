package iotcore.broker.permanent;

import iotcore.broker.topic.Filters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Permanent values in a sorted map (prefix scans for wildcard replay), written behind to a
 * {@link PermanentStore.Persistence} by one thread in arrival order, and loaded from it on start.
 * A value accepted just before a crash may be lost; the crash-safety issue makes this durable.
 */
public final class InMemoryPermanentStore implements PermanentStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InMemoryPermanentStore.class);

    private final NavigableMap<String, Value> values = new ConcurrentSkipListMap<>();
    private final Persistence persistence;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "permanent-writer");
        t.setDaemon(true);
        return t;
    });

    public InMemoryPermanentStore(Persistence persistence) {
        this.persistence = persistence;
        for (Value v : persistence.loadAll()) {
            values.put(key(v.registryId(), v.topic()), v);
        }
        log.info("permanent_values_loaded count={}", values.size());
    }

    private static String key(String registryId, String topic) {
        return registryId + "/" + topic;
    }

    @Override
    public void put(Value value) {
        values.put(key(value.registryId(), value.topic()), value);
        writer.execute(() -> {
            try {
                persistence.upsert(value);
            } catch (RuntimeException e) {
                log.warn("permanent_value_write_failed topic={}: {}", value.topic(), e.toString());
            }
        });
    }

    @Override
    public List<Value> matching(String registryId, String filter, int limit) {
        int wildcard = firstWildcard(filter);
        String literal = key(registryId, wildcard < 0 ? filter : filter.substring(0, wildcard));
        List<Value> out = new ArrayList<>();
        if (wildcard < 0) {
            Value v = values.get(literal);
            return v == null ? out : List.of(v);
        }
        // Every match starts with the literal part; "a/#" also matches "a" itself, which sorts before "a/".
        String parentKey = literal.endsWith("/") ? literal.substring(0, literal.length() - 1) : null;
        if (parentKey != null && filter.endsWith("/#") && values.containsKey(parentKey)
                && Filters.matches(filter, values.get(parentKey).topic())) {
            out.add(values.get(parentKey));
        }
        for (Map.Entry<String, Value> e : values.tailMap(literal, true).entrySet()) {
            if (!e.getKey().startsWith(literal) || out.size() >= limit) {
                break;
            }
            if (Filters.matches(filter, e.getValue().topic())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    @Override
    public void removePrefix(String registryId, String topicPrefix) {
        String from = key(registryId, topicPrefix);
        values.keySet().removeIf(k -> k.startsWith(from));
        writer.execute(() -> persistence.deletePrefix(registryId, topicPrefix));
    }

    private static int firstWildcard(String filter) {
        int plus = filter.indexOf('+');
        int hash = filter.indexOf('#');
        return plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
    }

    /** Waits for pending writes (graceful shutdown). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
