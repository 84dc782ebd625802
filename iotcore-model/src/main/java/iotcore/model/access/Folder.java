package iotcore.model.access;

import java.time.Instant;

/** A folder is a tenant: registries live in one and tokens may be scoped to one. */
public record Folder(String id, String description, Instant createdAt) {
    public static final String DEFAULT = "default";
}
