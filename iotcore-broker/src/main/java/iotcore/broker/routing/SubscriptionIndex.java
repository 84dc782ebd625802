package iotcore.broker.routing;

import java.util.function.Consumer;

/**
 * Who is subscribed to what, by routing filter ({@code <registryId>/<canonical filter>}). The
 * single-process implementation is {@link TopicTrie}; a cluster shares this seam.
 */
public interface SubscriptionIndex<S> {

    void add(String routingFilter, S subscriber);

    void remove(String routingFilter, S subscriber);

    /** Calls {@code sink} for every subscriber whose filter matches {@code routingTopic}. */
    void forEachMatch(String routingTopic, Consumer<S> sink);
}
