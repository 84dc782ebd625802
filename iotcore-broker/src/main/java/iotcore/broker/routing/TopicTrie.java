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
        match(root, routingTopic.split("/", -1), 0, sink);
    }

    private void match(Node<S> node, String[] levels, int i, Consumer<S> sink) {
        Node<S> hash = node.children.get("#");
        if (hash != null) {
            hash.subscribers.forEach(sink); // '#' also matches the parent level [MQTT-4.7.1-2]
        }
        if (i == levels.length) {
            node.subscribers.forEach(sink);
            return;
        }
        Node<S> exact = node.children.get(levels[i]);
        if (exact != null) {
            match(exact, levels, i + 1, sink);
        }
        Node<S> plus = node.children.get("+");
        if (plus != null) {
            match(plus, levels, i + 1, sink);
        }
    }
}
