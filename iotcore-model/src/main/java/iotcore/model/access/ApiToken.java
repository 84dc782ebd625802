package iotcore.model.access;

import java.time.Instant;

/** A bearer token: only the SHA-256 of its secret is stored. {@code folderId} null = all folders. */
public record ApiToken(String id, Role role, String folderId, String description, Instant createdAt) {
    public boolean coversFolder(String folder) {
        return folderId == null || folderId.equals(folder);
    }
}
