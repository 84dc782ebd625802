package iotcore.model.operation;

import java.time.Instant;

/**
 * A completed management operation (spec §5.2). Metadata, response and error are kept as the JSON
 * the client saw, since an operation is a record of what happened then. {@code folderId} is the folder
 * of the resource at the time, kept for access checks after the resource is gone.
 */
public record Operation(String id, String description, Instant createdAt, String createdBy, Instant modifiedAt,
                        boolean done, String folderId, String resourceKind, String resourceId,
                        String metadataJson, String responseJson, String errorJson) {
}
