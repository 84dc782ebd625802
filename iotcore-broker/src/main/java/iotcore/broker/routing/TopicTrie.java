package iotcore.broker.routing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A trie of topic levels with '+' and '#' nodes. Lookups run concurrently with changes: children and
 * subscriber sets are concurrent collections, so a match sees every subscription added before it
 * started. Empty nodes are pruned on removal.
 */
public final class TopicTrie<S> implements SubscriptionIndex<S> {
    private final Node<S> root = new Node<>();

    private static final class Node<S> {
        final Map<String, Node<S>> children = new ConcurrentHashMap<>();
        final Set<S> subscribers = ConcurrentHashMap.newKeySet();

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty();
        }
    }

    @Override
    public void add(String routingFilter, S subscriber) {
        Node<S> node = root;
        for (String level : routingFilter.split("/", -1)) {
            node = node.children.computeIfAbsent(level, l -> new Node<>());
        }
        node.subscribers.add(subscriber);
    }

    @Override
    public void remove(String routingFilter, S subscriber) {
        remove(root, routingFilter.split("/", -1), 0, subscriber);
    }

    private boolean remove(Node<S> node, String[] levels, int i, S subscriber) {
        if (i == levels.length) {
            node.subscribers.remove(subscriber);
            return node.isEmpty();
        }
        Node<S> child = node.children.get(levels[i]);
        if (child != null && remove(child, levels, i + 1, subscriber)) {
            node.children.remove(levels[i], child);
        }
        return node.isEmpty();
    }

    @Override
    public void forEachMatch(String routingTopic, Consumer<S> sink) {
        match(root, new Level(routingTopic), 0, sink);
    }

    /** Matches the levels of {@code level.topic} from index {@code start} on; past its end when start > length. */
    private void match(Node<S> node, Level level, int start, Consumer<S> sink) {
        Node<S> hash = node.children.get("#");
        if (hash != null) {
            hash.subscribers.forEach(sink); // '#' also matches the parent level [MQTT-4.7.1-2]
        }
        String topic = level.topic;
        if (start > topic.length()) {
            node.subscribers.forEach(sink);
            return;
        }
        int end = topic.indexOf('/', start);
        if (end < 0) {
            end = topic.length();
        }
        Node<S> exact = node.children.get(level.at(start, end));
        if (exact != null) {
            match(exact, level, end + 1, sink);
        }
        Node<S> plus = node.children.get("+");
        if (plus != null) {
            match(plus, level, end + 1, sink);
        }
    }

    /**
     * A level of the matched topic as a map key without a substring per level: it has the hash of the String of the
     * same characters and equals it, and {@link Map#get} compares the probe it is given with {@code probe.equals(key)}.
     * Only for lookups; one per match, moved from level to level.
     */
    private static final class Level {
        final String topic;
        private int start;
        private int end;
        private int hash;

        Level(String topic) {
            this.topic = topic;
        }

        Level at(int start, int end) {
            int h = 0;
            for (int i = start; i < end; i++) {
                h = 31 * h + topic.charAt(i);
            }
            this.start = start;
            this.end = end;
            this.hash = h;
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof String s && s.length() == end - start && topic.startsWith(s, start);
        }
    }
}
