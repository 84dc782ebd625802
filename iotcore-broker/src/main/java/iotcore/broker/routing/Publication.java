package iotcore.broker.routing;

/**
 * An accepted message on its way to subscribers: the canonical topic, in the namespace of one
 * registry (every canonical topic belongs to exactly one registry, which also isolates tenants).
 */
public record Publication(String registryId, String topic, byte[] payload, int qos) {

    /** The key subscriptions are indexed by: {@code <registryId>/<canonical topic>}. */
    public String routingKey() {
        return routingKey(registryId, topic);
    }

    public static String routingKey(String registryId, String canonical) {
        return registryId + "/" + canonical;
    }
}
