package iotcore.model.registry;

import java.time.Instant;
import java.util.Map;

/** A registry (spec §1.2): a set of devices that belong together. {@code logOptions} is raw JSON or null. */
public record Registry(String id, String folderId, Instant createdAt, String name, String description,
                       Map<String, String> labels, RegistryStatus status, String logOptions) {
    public Registry {
        labels = Map.copyOf(labels);
    }

    public Registry withStatus(RegistryStatus newStatus) {
        return new Registry(id, folderId, createdAt, name, description, labels, newStatus, logOptions);
    }
}
