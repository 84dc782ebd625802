package iotcore.api.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.http.Json;
import iotcore.model.access.ApiToken;
import iotcore.model.operation.Operation;
import iotcore.model.rules.Ids;
import iotcore.storage.jdbc.Rows;
import iotcore.storage.operation.JdbcOperationRepository;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Records a completed mutation as an Operation (spec §5.2) in the mutation's own transaction, so a
 * change and its operation are stored together or not at all. Operations complete synchronously.
 */
public final class OperationLog {
    public static final String TYPE_PREFIX = "type.googleapis.com/yandex.cloud.iot.devices.v1.";
    public static final String EMPTY_TYPE = "type.googleapis.com/google.protobuf.Empty";
    public static final String REGISTRY = "registry";
    public static final String DEVICE = "device";

    private final JdbcOperationRepository operations;

    public OperationLog(JdbcOperationRepository operations) {
        this.operations = operations;
    }

    /** What a mutation reports: its description, metadata type and fields, and its response. */
    public record Entry(String description, String resourceKind, String resourceId, String folderId,
                        ObjectNode metadata, JsonNode response) {
    }

    public Operation record(Connection c, ApiToken by, Entry e) throws SQLException {
        var now = Rows.now();
        Operation op = new Operation(Ids.next("op"), e.description(), now, "token:" + by.id(), now, true,
                e.folderId(), e.resourceKind(), e.resourceId(), Json.write(e.metadata()), Json.write(e.response()), null);
        operations.insert(c, op);
        return op;
    }

    /** A metadata object {@code {"@type": ...v1.<type>, ...fields}}. */
    public static ObjectNode metadata(String type) {
        return Json.object().put("@type", TYPE_PREFIX + type);
    }

    /** The resource as an Operation response, with its @type first. */
    public static ObjectNode response(String type, ObjectNode resource) {
        ObjectNode typed = Json.object().put("@type", TYPE_PREFIX + type);
        typed.setAll(resource);
        return typed;
    }

    public static ObjectNode empty() {
        return Json.object().put("@type", EMPTY_TYPE);
    }

    public static ObjectNode toJson(Operation op) {
        ObjectNode node = Json.object();
        node.put("id", op.id());
        Json.putText(node, "description", op.description());
        Json.putTime(node, "createdAt", op.createdAt());
        Json.putText(node, "createdBy", op.createdBy());
        Json.putTime(node, "modifiedAt", op.modifiedAt());
        node.put("done", op.done());
        node.set("metadata", Json.read(op.metadataJson()));
        if (op.errorJson() != null) {
            node.set("error", Json.read(op.errorJson()));
        } else if (op.responseJson() != null) {
            node.set("response", Json.read(op.responseJson()));
        }
        return node;
    }
}
