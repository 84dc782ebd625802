package iotcore.api.publish;

import iotcore.api.ApiContext;
import iotcore.api.Lookup;
import iotcore.api.access.Guard;
import iotcore.api.http.Body;
import iotcore.api.http.Json;
import iotcore.api.http.Params;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.broker.DataPlane;
import iotcore.model.access.Role;
import iotcore.model.error.ServiceException;
import iotcore.model.registry.Registry;
import iotcore.model.registry.RegistryStatus;
import iotcore.model.rules.Violations;

import java.util.Base64;
import java.util.Set;

/**
 * Data-plane publish (spec §5.6): a message injected as if the device or registry had published it
 * over MQTT, under the same topic permissions, delivered with QoS 1.
 */
public final class PublishRoutes {
    public static final int MAX_TOPIC = 1024;
    public static final int MAX_DATA = 262_144;

    private final ApiContext ctx;
    private final Lookup lookup;

    public PublishRoutes(ApiContext ctx) {
        this.ctx = ctx;
        this.lookup = new Lookup(ctx);
    }

    public void register(Router router, String prefix) {
        router.post(prefix + "/devices/{deviceId}:publish", r -> publish(r, false))
                .post(prefix + "/devices/{deviceId}/publish", r -> publish(r, false))
                .post(prefix + "/registries/{registryId}:publish", r -> publish(r, true))
                .post(prefix + "/registries/{registryId}/publish", r -> publish(r, true));
    }

    private Response publish(Request r, boolean asRegistry) {
        Role role = r.token().role();
        Role writer = asRegistry ? Role.REGISTRIES_WRITER : Role.DEVICES_WRITER;
        if (role != Role.ADMIN && role != Role.EDITOR && role != writer) {
            throw ServiceException.permissionDenied("publishing as a " + (asRegistry ? "registry" : "device") + " needs the "
                    + writer.wireName() + " role");
        }
        String id = Params.id(r, asRegistry ? "registryId" : "deviceId");
        Body body = r.jsonBody().allowOnly(Set.of("topic", "data"));
        Violations v = body.violations();
        String topic = body.string("topic");
        String data = body.string("data");
        if (topic.isEmpty()) {
            v.add("topic", "is required");
        } else if (topic.length() > MAX_TOPIC) {
            v.add("topic", "must be at most " + MAX_TOPIC + " characters (got " + topic.length() + ")");
        }
        byte[] payload = decode(data, v);
        v.throwIfAny();

        String registryId = ctx.db().inTransaction("find publisher", c -> {
            String rid = asRegistry ? id : lookup.device(c, id).registryId();
            Registry registry = lookup.registry(c, rid);
            Guard.folder(r.token(), registry.folderId());
            if (registry.status() != RegistryStatus.ACTIVE) {
                throw ServiceException.failedPrecondition("registry " + rid + " is disabled");
            }
            return rid;
        });
        DataPlane.PublishResult result = ctx.dataPlane().publishAs(asRegistry, id, registryId, topic, payload);
        return switch (result) {
            case OK -> Response.ok(Json.object());
            case INVALID_TOPIC -> throw ServiceException.invalid("topic", "is not a valid MQTT topic name (no wildcards, no NUL)");
            case FORBIDDEN -> throw ServiceException.permissionDenied((asRegistry ? "registry " : "device ") + id
                    + " may not publish to topic \"" + topic + "\"");
        };
    }

    private static byte[] decode(String data, Violations v) {
        if (data.length() > MAX_DATA * 4 / 3 + 8) {
            v.add("data", "must be at most " + MAX_DATA + " bytes");
            return new byte[0];
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(data.replace('-', '+').replace('_', '/'));
            if (bytes.length > MAX_DATA) {
                v.add("data", "must be at most " + MAX_DATA + " bytes (got " + bytes.length + ")");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            v.add("data", "must be base64");
            return new byte[0];
        }
    }
}
