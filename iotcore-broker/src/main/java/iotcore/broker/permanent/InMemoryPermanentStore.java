package iotcore.broker.permanent;

import iotcore.broker.topic.Filters;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Permanent values in a sorted map, so that wildcard replay is a prefix scan. */
public final class InMemoryPermanentStore implements PermanentStore {
    private final NavigableMap<String, Value> values = new ConcurrentSkipListMap<>();

    public InMemoryPermanentStore(Collection<Value> initial) {
        initial.forEach(v -> values.put(key(v.registryId(), v.topic()), v));
    }

    private static String key(String registryId, String topic) {
        return registryId + "/" + topic;
    }

    @Override
    public void put(Value value) {
        values.put(key(value.registryId(), value.topic()), value);
    }

    @Override
    public List<Value> matching(String registryId, String filter, int limit) {
        int wildcard = Filters.firstWildcard(filter);
        String literal = key(registryId, wildcard < 0 ? filter : filter.substring(0, wildcard));
        List<Value> out = new ArrayList<>();
        if (wildcard < 0) {
            Value v = values.get(literal);
            return v == null ? out : List.of(v);
        }
        // Every match starts with the literal part; "a/#" also matches "a" itself, which sorts before "a/".
        if (literal.endsWith("/") && filter.endsWith("/#")) {
            Value parent = values.get(literal.substring(0, literal.length() - 1));
            if (parent != null && Filters.matches(filter, parent.topic())) {
                out.add(parent);
            }
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
    }
}
