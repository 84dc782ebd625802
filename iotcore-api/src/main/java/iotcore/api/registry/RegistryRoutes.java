package iotcore.api.registry;

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
import iotcore.model.error.ServiceException;
import iotcore.model.registry.Registry;
import iotcore.model.registry.RegistryStatus;
import iotcore.model.rules.Ids;
import iotcore.model.rules.ResourceRules;
import iotcore.model.rules.Violations;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** RegistryService (spec §5.3) minus credentials, which {@code CredentialRoutes} serves. */
public final class RegistryRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("folderId", "name", "description", "labels",
            "certificates", "password", "logOptions");
    private static final List<String> UPDATABLE = List.of("name", "description", "labels", "logOptions");

    private final ApiContext ctx;
    private final Lookup lookup;
    private final OperationLog log;

    public RegistryRoutes(ApiContext ctx) {
        this.ctx = ctx;
        this.lookup = new Lookup(ctx);
        this.log = new OperationLog(ctx.operations());
    }

    public void register(Router router, String prefix) {
        router.get(prefix + "/registries/{registryId}", this::get)
                .get(prefix + "/registries:getByName", this::getByName)
                .get(prefix + "/registries", this::list)
                .post(prefix + "/registries", this::create)
                .patch(prefix + "/registries/{registryId}", this::update)
                .delete(prefix + "/registries/{registryId}", this::delete)
                .post(prefix + "/registries/{registryId}:disable", r -> setStatus(r, RegistryStatus.DISABLED))
                .post(prefix + "/registries/{registryId}:enable", r -> setStatus(r, RegistryStatus.ACTIVE))
                .get(prefix + "/registries/{registryId}:listDeviceTopicAliases", this::listAliases)
                .get(prefix + "/registries/{registryId}/operations", this::listOperations);
    }

    private Response get(Request r) {
        Guard.canRead(r.token());
        String id = Params.id(r, "registryId");
        Registry registry = ctx.db().inTransaction("get registry", c -> visible(c, r, id));
        return Response.ok(RegistryJson.of(registry));
    }

    private Response getByName(Request r) {
        Guard.canRead(r.token());
        Violations v = new Violations();
        String folderId = Params.queryId(r, "folderId", v);
        String name = r.query("registryName");
        ResourceRules.name("registryName", name, true, v);
        v.throwIfAny();
        Guard.folder(r.token(), folderId);
        Registry registry = ctx.db().inTransaction("get registry by name", c -> ctx.registries().findByName(c, folderId, name))
                .orElseThrow(() -> ServiceException.notFound("registry " + name + " not found in folder " + folderId));
        return Response.ok(RegistryJson.of(registry));
    }

    private Response list(Request r) {
        Guard.canRead(r.token());
        Violations v = new Violations();
        String folderId = Params.queryId(r, "folderId", v);
        PageRequest page = PageRequest.from(r, v);
        v.throwIfAny();
        Guard.folder(r.token(), folderId);
        return ctx.db().inTransaction("list registries", c -> {
            lookup.folder(c, folderId);
            var result = ctx.registries().list(c, folderId, page.offset(), page.limit());
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("registries");
            result.items().forEach(reg -> items.add(RegistryJson.of(reg)));
            Json.putText(out, "nextPageToken", PageRequest.tokenFor(result.nextOffset()));
            return Response.ok(out);
        });
    }

    private Response create(Request r) {
        Guard.canWrite(r.token());
        Body body = r.jsonBody().allowOnly(CREATE_FIELDS);
        Violations v = body.violations();
        String folderId = body.string("folderId");
        ResourceRules.id("folderId", folderId, v);
        String name = body.string("name");
        ResourceRules.name("name", name, true, v);
        String description = body.string("description");
        ResourceRules.description("description", description, v);
        Map<String, String> labels = body.stringMap("labels");
        ResourceRules.labels("labels", labels, v);
        String logOptions = LogOptions.read(body);
        InlineCredentials.Pending pending = InlineCredentials.read(body);
        v.throwIfAny();
        Guard.folder(r.token(), folderId);
        InlineCredentials credentials = pending.hash(ctx);

        return ctx.db().inTransaction("create registry", c -> {
            lookup.folder(c, folderId);
            Quota.check(ctx.quotas().maxRegistriesPerFolder(), ctx.registries().countInFolder(c, folderId),
                    "registries", "max-registries");
            requireFreeName(c, folderId, name, null);
            var now = Rows.now();
            Registry registry = new Registry(Ids.next("are"), folderId, now, name, description, labels,
                    RegistryStatus.ACTIVE, logOptions);
            ctx.registries().insert(c, registry);
            credentials.store(ctx, c, Owner.registry(registry.id()), now);
            return done(c, r, "Create device registry", registry, "CreateRegistryMetadata",
                    OperationLog.response("Registry", RegistryJson.of(registry)));
        });
    }

    private Response update(Request r) {
        Guard.canWrite(r.token());
        String id = Params.id(r, "registryId");
        Body body = r.jsonBody().allowOnly(Set.of("updateMask", "name", "description", "labels", "logOptions"));
        Violations v = body.violations();
        UpdateMask mask = UpdateMask.from(r, body, UPDATABLE);
        String name = body.string("name");
        String description = body.string("description");
        Map<String, String> labels = body.stringMap("labels");
        String logOptions = LogOptions.read(body);
        if (mask.covers("name")) {
            ResourceRules.name("name", name, true, v);
        }
        ResourceRules.description("description", description, v);
        ResourceRules.labels("labels", labels, v);
        v.throwIfAny();

        return ctx.db().inTransaction("update registry", c -> {
            Registry old = writable(c, r, id);
            Registry updated = new Registry(old.id(), old.folderId(), old.createdAt(),
                    mask.covers("name") ? name : old.name(),
                    mask.covers("description") ? description : old.description(),
                    mask.covers("labels") ? labels : old.labels(), old.status(),
                    mask.covers("logOptions") ? logOptions : old.logOptions());
            if (!updated.name().equals(old.name())) {
                requireFreeName(c, old.folderId(), updated.name(), old.id());
            }
            ctx.registries().update(c, updated);
            return done(c, r, "Update device registry", updated, "UpdateRegistryMetadata",
                    OperationLog.response("Registry", RegistryJson.of(updated)));
        });
    }

    private Response delete(Request r) {
        Guard.canWrite(r.token());
        String id = Params.id(r, "registryId");
        Response response = ctx.db().inTransaction("delete registry", c -> {
            Registry registry = writable(c, r, id);
            int devices = ctx.devices().countInRegistry(c, id);
            if (devices > 0) {
                throw ServiceException.failedPrecondition("registry " + id + " still has " + devices
                        + " device(s): delete them first");
            }
            Owner owner = Owner.registry(id);
            ctx.certificates().deleteAll(c, owner);
            ctx.passwords().deleteAll(c, owner);
            ctx.registries().delete(c, id);
            return done(c, r, "Delete device registry", registry, "DeleteRegistryMetadata", OperationLog.empty());
        });
        ctx.dataPlane().registryChanged(id);
        return response;
    }

    private Response setStatus(Request r, RegistryStatus status) {
        Guard.canWrite(r.token());
        String id = Params.id(r, "registryId");
        r.jsonBody().allowOnly(Set.of()).violations().throwIfAny();
        boolean disable = status == RegistryStatus.DISABLED;
        Response response = ctx.db().inTransaction(disable ? "disable registry" : "enable registry", c -> {
            Registry registry = writable(c, r, id).withStatus(status);
            ctx.registries().update(c, registry);
            return done(c, r, disable ? "Disable device registry" : "Enable device registry", registry,
                    disable ? "DisableRegistryMetadata" : "EnableRegistryMetadata",
                    OperationLog.response("Registry", RegistryJson.of(registry)));
        });
        ctx.dataPlane().registryChanged(id); // after commit: disabling closes the registry's connections
        return response;
    }

    private Response listAliases(Request r) {
        Guard.canRead(r.token());
        String id = Params.id(r, "registryId");
        Violations v = new Violations();
        PageRequest page = PageRequest.from(r, v);
        v.throwIfAny();
        return ctx.db().inTransaction("list device topic aliases", c -> {
            visible(c, r, id);
            var result = ctx.devices().listAliases(c, id, page.offset(), page.limit());
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("aliases");
            result.items().forEach(a -> items.add(Json.object().put("deviceId", a.deviceId())
                    .put("topicPrefix", a.topicPrefix()).put("alias", a.alias())));
            Json.putText(out, "nextPageToken", PageRequest.tokenFor(result.nextOffset()));
            return Response.ok(out);
        });
    }

    private Response listOperations(Request r) {
        Guard.canRead(r.token());
        String id = Params.id(r, "registryId");
        PageRequest page = OperationRoutes.pageOf(r);
        return ctx.db().inTransaction("list registry operations", c -> {
            visible(c, r, id);
            return Response.ok(OperationRoutes.listJson(
                    ctx.operations().listByResource(c, OperationLog.REGISTRY, id, page.offset(), page.limit())));
        });
    }

    private Registry visible(Connection c, Request r, String id) throws SQLException {
        Registry registry = lookup.registry(c, id);
        Guard.folder(r.token(), registry.folderId());
        return registry;
    }

    private Registry writable(Connection c, Request r, String id) throws SQLException {
        Registry registry = lookup.registryForUpdate(c, id);
        Guard.folder(r.token(), registry.folderId());
        return registry;
    }

    private void requireFreeName(Connection c, String folderId, String name, String exceptId) throws SQLException {
        var existing = ctx.registries().findByName(c, folderId, name);
        if (existing.isPresent() && !existing.get().id().equals(exceptId)) {
            throw ServiceException.alreadyExists("a registry named " + name + " already exists in folder " + folderId);
        }
    }

    private Response done(Connection c, Request r, String description, Registry registry, String metadataType,
                          ObjectNode response) throws SQLException {
        ObjectNode metadata = OperationLog.metadata(metadataType).put("registryId", registry.id());
        return Response.ok(OperationLog.toJson(log.record(c, r.token(), new OperationLog.Entry(description,
                OperationLog.REGISTRY, registry.id(), registry.folderId(), metadata, response))));
    }
}
