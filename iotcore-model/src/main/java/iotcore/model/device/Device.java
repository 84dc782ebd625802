package iotcore.model.device;

import java.time.Instant;
import java.util.Map;

/** A device (spec §1.3). {@code topicAliases} keeps the order the client gave. */
public record Device(String id, String registryId, Instant createdAt, String name, String description,
                     Map<String, String> topicAliases, Map<String, String> labels, MonitoringData monitoring) {
    public Device {
        topicAliases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(topicAliases));
        labels = Map.copyOf(labels);
    }
}
