package iotcore.api.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.Lookup;
import iotcore.api.Quota;
import iotcore.api.access.Guard;
import iotcore.api.credential.InlineCredentials;
import iotcore.api.http.Body;
import iotcore.api.http.Json;
import iotcore.api.http.PageRequest;
import iotcore.api.http.Params;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.api.http.UpdateMask;
import iotcore.api.operation.OperationLog;
import iotcore.api.operation.OperationRoutes;
import iotcore.model.credential.Owner;
import iotcore.model.device.Device;
import iotcore.model.device.MonitoringData;
import iotcore.model.error.ServiceException;
import iotcore.model.registry.Registry;
import iotcore.model.rules.Ids;
import iotcore.model.rules.ResourceRules;
import iotcore.model.rules.Violations;
import iotcore.model.topic.TopicAliasRules;
import iotcore.storage.jdbc.Page;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DeviceService (spec §5.4) minus credentials, which {@code CredentialRoutes} serves. */
public final class DeviceRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("registryId", "name", "description", "certificates",
            "topicAliases", "password", "labels");
    private static final List<String> UPDATABLE = List.of("name", "description", "topicAliases", "labels");

    private final ApiContext ctx;
    private final Lookup lookup;
    private final OperationLog log;

    public DeviceRoutes(ApiContext ctx) {
        this.ctx = ctx;
        this.lookup = new Lookup(ctx);
        this.log = new OperationLog(ctx.operations());
    }

    public void register(Router router, String prefix) {
        router.get(prefix + "/devices/{deviceId}", this::get)
                .get(prefix + "/devices:getByName", this::getByName)
                .get(prefix + "/devices", this::list)
                .post(prefix + "/devices", this::create)
                .patch(prefix + "/devices/{deviceId}", this::update)
                .delete(prefix + "/devices/{deviceId}", this::delete)
                .get(prefix + "/devices/{deviceId}/operations", this::listOperations);
    }

    private Response get(Request r) {
        Guard.canRead(r.token());
        String id = Params.id(r, "deviceId");
        boolean full = fullView(r);
        Device device = ctx.db().inTransaction("get device", c -> visible(c, r, id));
        return Response.ok(DeviceJson.of(device, full));
    }

    private Response getByName(Request r) {
        Guard.canRead(r.token());
        Violations v = new Violations();
        String registryId = Params.queryId(r, "registryId", v);
        String name = r.query("deviceName");
        ResourceRules.name("deviceName", name, true, v);
        v.throwIfAny();
        boolean full = fullView(r);
        Device device = ctx.db().inTransaction("get device by name", c -> {
            Guard.folder(r.token(), lookup.registry(c, registryId).folderId());
            return ctx.devices().findByName(c, registryId, name)
                    .orElseThrow(() -> ServiceException.notFound("device " + name + " not found in registry " + registryId));
        });
        return Response.ok(DeviceJson.of(device, full));
    }

    private Response list(Request r) {
        Guard.canRead(r.token());
        Violations v = new Violations();
        String registryId = r.query("registryId");
        String folderId = r.query("folderId");
        if (registryId.isEmpty() == folderId.isEmpty()) {
            v.add("registryId", "give exactly one of registryId and folderId");
        } else if (!registryId.isEmpty()) {
            ResourceRules.id("registryId", registryId, v);
        } else {
            ResourceRules.id("folderId", folderId, v);
        }
        PageRequest page = PageRequest.from(r, v);
        v.throwIfAny();
        boolean full = fullView(r);
        return ctx.db().inTransaction("list devices", c -> {
            Page<Device> result;
            if (!registryId.isEmpty()) {
                Guard.folder(r.token(), lookup.registry(c, registryId).folderId());
                result = ctx.devices().listByRegistry(c, registryId, page.offset(), page.limit());
            } else {
                Guard.folder(r.token(), folderId);
                lookup.folder(c, folderId);
                result = ctx.devices().listByFolder(c, folderId, page.offset(), page.limit());
            }
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("devices");
            result.items().forEach(d -> items.add(DeviceJson.of(d, full)));
            Json.putText(out, "nextPageToken", PageRequest.tokenFor(result.nextOffset()));
            return Response.ok(out);
        });
    }

    private Response create(Request r) {
        Guard.canWrite(r.token());
        Body body = r.jsonBody().allowOnly(CREATE_FIELDS);
        Violations v = body.violations();
        String registryId = body.string("registryId");
        ResourceRules.id("registryId", registryId, v);
        String name = body.string("name");
        ResourceRules.name("name", name, true, v);
        String description = body.string("description");
        ResourceRules.description("description", description, v);
        Map<String, String> labels = body.stringMap("labels");
        ResourceRules.labels("labels", labels, v);
        String id = Ids.next("are");
        Map<String, String> aliases = TopicAliasRules.resolvePlaceholder(body.stringMap("topicAliases"), id);
        TopicAliasRules.check("topicAliases", aliases, id, TopicAliasRules.MAX_ALIASES_PER_DEVICE, v);
        InlineCredentials.Pending pending = InlineCredentials.read(body);
        v.throwIfAny();
        InlineCredentials credentials = pending.hash(ctx);

        Response response = ctx.db().inTransaction("create device", c -> {
            Registry registry = lookup.registryForUpdate(c, registryId);
            Guard.folder(r.token(), registry.folderId());
            Quota.check(ctx.quotas().maxDevicesPerFolder(), ctx.devices().countInFolder(c, registry.folderId()),
                    "devices", "max-devices");
            requireFreeName(c, registryId, name, null);
            requireNoAliasConflict(c, registryId, id, aliases);
            var now = Rows.now();
            Device device = new Device(id, registryId, now, name, description, aliases, labels, MonitoringData.NONE);
            ctx.devices().insert(c, device);
            credentials.store(ctx, c, Owner.device(id), now);
            return done(c, r, "Create device", device, registry, "CreateDeviceMetadata",
                    OperationLog.response("Device", DeviceJson.of(device, false)));
        });
        ctx.dataPlane().deviceChanged(id, registryId);
        return response;
    }

    private Response update(Request r) {
        Guard.canWrite(r.token());
        String id = Params.id(r, "deviceId");
        Body body = r.jsonBody().allowOnly(Set.of("updateMask", "name", "description", "topicAliases", "labels"));
        Violations v = body.violations();
        UpdateMask mask = UpdateMask.from(r, body, UPDATABLE);
        String name = body.string("name");
        String description = body.string("description");
        Map<String, String> labels = body.stringMap("labels");
        Map<String, String> aliases = TopicAliasRules.resolvePlaceholder(body.stringMap("topicAliases"), id);
        if (mask.covers("name")) {
            ResourceRules.name("name", name, true, v);
        }
        ResourceRules.description("description", description, v);
        ResourceRules.labels("labels", labels, v);
        if (mask.covers("topicAliases")) {
            TopicAliasRules.check("topicAliases", aliases, id, TopicAliasRules.MAX_ALIASES_PER_DEVICE, v);
        }
        v.throwIfAny();

        String[] registryOf = new String[1];
        Response response = ctx.db().inTransaction("update device", c -> {
            Device old = lookup.device(c, id);
            registryOf[0] = old.registryId();
            Registry registry = lookup.registryForUpdate(c, old.registryId());
            Guard.folder(r.token(), registry.folderId());
            Device updated = new Device(id, old.registryId(), old.createdAt(),
                    mask.covers("name") ? name : old.name(),
                    mask.covers("description") ? description : old.description(),
                    mask.covers("topicAliases") ? aliases : old.topicAliases(),
                    mask.covers("labels") ? labels : old.labels(), old.monitoring());
            if (!updated.name().equals(old.name())) {
                requireFreeName(c, old.registryId(), updated.name(), id);
            }
            if (mask.covers("topicAliases")) {
                requireNoAliasConflict(c, old.registryId(), id, aliases);
            }
            ctx.devices().update(c, updated);
            return done(c, r, "Update device", updated, registry, "UpdateDeviceMetadata",
                    OperationLog.response("Device", DeviceJson.of(updated, false)));
        });
        ctx.dataPlane().deviceChanged(id, registryOf[0]);
        return response;
    }

    private Response delete(Request r) {
        Guard.canWrite(r.token());
        String id = Params.id(r, "deviceId");
        String[] registryOf = new String[1];
        Response response = ctx.db().inTransaction("delete device", c -> {
            Device device = lookup.device(c, id);
            registryOf[0] = device.registryId();
            Registry registry = lookup.registry(c, device.registryId());
            Guard.folder(r.token(), registry.folderId());
            Owner owner = Owner.device(id);
            ctx.certificates().deleteAll(c, owner);
            ctx.passwords().deleteAll(c, owner);
            ctx.devices().delete(c, id);
            return done(c, r, "Delete device", device, registry, "DeleteDeviceMetadata", OperationLog.empty());
        });
        ctx.dataPlane().deviceDeleted(id, registryOf[0]); // after commit: the broker re-reads what changed
        return response;
    }

    private Response listOperations(Request r) {
        Guard.canRead(r.token());
        String id = Params.id(r, "deviceId");
        PageRequest page = OperationRoutes.pageOf(r);
        return ctx.db().inTransaction("list device operations", c -> {
            visible(c, r, id);
            return Response.ok(OperationRoutes.listJson(
                    ctx.operations().listByResource(c, OperationLog.DEVICE, id, page.offset(), page.limit())));
        });
    }

    private static boolean fullView(Request r) {
        return switch (r.query("deviceView")) {
            case "", "BASIC", "DEVICE_VIEW_UNSPECIFIED" -> false;
            case "FULL" -> true;
            default -> throw ServiceException.invalid("deviceView", "must be BASIC or FULL");
        };
    }

    private Device visible(Connection c, Request r, String id) throws SQLException {
        Device device = lookup.device(c, id);
        Guard.folder(r.token(), lookup.registry(c, device.registryId()).folderId());
        return device;
    }

    private void requireFreeName(Connection c, String registryId, String name, String exceptId) throws SQLException {
        var existing = ctx.devices().findByName(c, registryId, name);
        if (existing.isPresent() && !existing.get().id().equals(exceptId)) {
            throw ServiceException.alreadyExists("a device named " + name + " already exists in registry " + registryId);
        }
    }

    /** Runs with the registry row locked, so two devices cannot claim conflicting aliases at once. */
    private void requireNoAliasConflict(Connection c, String registryId, String deviceId, Map<String, String> aliases)
            throws SQLException {
        if (aliases.isEmpty()) {
            return;
        }
        Violations v = new Violations();
        TopicAliasRules.checkConflicts("topicAliases", aliases, ctx.devices().aliasOwners(c, registryId, deviceId), v);
        v.throwIfAny();
    }

    private Response done(Connection c, Request r, String description, Device device, Registry registry,
                          String metadataType, ObjectNode response) throws SQLException {
        ObjectNode metadata = OperationLog.metadata(metadataType).put("deviceId", device.id());
        return Response.ok(OperationLog.toJson(log.record(c, r.token(), new OperationLog.Entry(description,
                OperationLog.DEVICE, device.id(), registry.folderId(), metadata, response))));
    }
}
