package iotcore.api.migration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.Lookup;
import iotcore.api.access.Guard;
import iotcore.api.device.DeviceJson;
import iotcore.api.http.Json;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.api.registry.RegistryJson;
import iotcore.model.credential.Certificate;
import iotcore.model.registry.Registry;
import iotcore.model.rules.ResourceRules;
import iotcore.model.rules.Violations;

import java.util.List;

/**
 * {@code GET /iotcore/v1/exports?folderId=ID}: a folder's registries, devices (with aliases) and
 * certificates in one consistent read, which {@code iotcore export} writes out as a yc export tree. Admin only.
 */
public final class ExportRoutes {
    private final ApiContext ctx;
    private final Lookup lookup;

    public ExportRoutes(ApiContext ctx) {
        this.ctx = ctx;
        this.lookup = new Lookup(ctx);
    }

    public void register(Router router, String prefix) {
        router.get(prefix + "/exports", this::export);
    }

    private Response export(Request r) {
        Guard.isAdmin(r.token());
        String folderId = r.query("folderId") == null || r.query("folderId").isEmpty() ? "default" : r.query("folderId");
        Violations v = new Violations();
        ResourceRules.folderId("folderId", folderId, v);
        v.throwIfAny();
        return ctx.db().inTransaction("export folder", c -> {
            lookup.folder(c, folderId);
            List<Registry> registries = ctx.registries().listAll(c, folderId);
            ObjectNode out = Json.object().put("folderId", folderId);
            ArrayNode registryList = out.putArray("registries");
            registries.forEach(reg -> registryList.add(RegistryJson.of(reg)));
            ArrayNode devices = out.putArray("devices");
            ctx.devices().listAllInRegistries(c, registries.stream().map(Registry::id).toList())
                    .forEach(d -> devices.add(DeviceJson.of(d, false)));
            ArrayNode certificates = out.putArray("certificates");
            ctx.certificates().listAllInFolder(c, folderId).forEach(cert -> certificates.add(json(cert)));
            return Response.ok(out);
        });
    }

    private static ObjectNode json(Certificate cert) {
        ObjectNode node = Json.object().put("ownerKind", cert.owner().kind().name()).put("ownerId", cert.owner().id())
                .put("fingerprint", cert.fingerprint()).put("certificateData", cert.certificateData());
        return Json.putTime(node, "createdAt", cert.createdAt());
    }
}
