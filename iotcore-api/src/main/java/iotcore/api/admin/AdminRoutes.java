package iotcore.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.Lookup;
import iotcore.api.access.Guard;
import iotcore.api.access.TokenSecrets;
import iotcore.api.http.Body;
import iotcore.api.http.Json;
import iotcore.api.http.Params;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.model.access.ApiToken;
import iotcore.model.access.Folder;
import iotcore.model.access.Role;
import iotcore.model.error.ServiceException;
import iotcore.model.rules.Ids;
import iotcore.model.rules.ResourceRules;
import iotcore.model.rules.Violations;
import iotcore.storage.jdbc.Rows;

import java.util.Arrays;
import java.util.Set;

/** iotcore's own administration API (docs/rest-api.md): folders (tenants) and API tokens. Admin only. */
public final class AdminRoutes {
    private final ApiContext ctx;
    private final Lookup lookup;

    public AdminRoutes(ApiContext ctx) {
        this.ctx = ctx;
        this.lookup = new Lookup(ctx);
    }

    public void register(Router router, String prefix) {
        router.get(prefix + "/folders", this::listFolders)
                .post(prefix + "/folders", this::createFolder)
                .get(prefix + "/tokens", this::listTokens)
                .post(prefix + "/tokens", this::createToken)
                .delete(prefix + "/tokens/{tokenId}", this::deleteToken);
    }

    private Response listFolders(Request r) {
        Guard.isAdmin(r.token());
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("folders");
        ctx.db().inTransaction("list folders", c -> ctx.access().listFolders(c)).forEach(f -> items.add(folderJson(f)));
        return Response.ok(out);
    }

    private Response createFolder(Request r) {
        Guard.isAdmin(r.token());
        Body body = r.jsonBody().allowOnly(Set.of("id", "description"));
        Violations v = body.violations();
        String id = body.string("id");
        String description = body.string("description");
        ResourceRules.folderId("id", id, v);
        ResourceRules.description("description", description, v);
        v.throwIfAny();
        Folder folder = new Folder(id, description, Rows.now());
        ctx.db().inTransaction("create folder", c -> {
            if (ctx.access().findFolder(c, id).isPresent()) {
                throw ServiceException.alreadyExists("folder " + id + " already exists");
            }
            ctx.access().insertFolder(c, folder);
            return folder;
        });
        return Response.ok(folderJson(folder));
    }

    private Response listTokens(Request r) {
        Guard.isAdmin(r.token());
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("tokens");
        ctx.db().inTransaction("list tokens", c -> ctx.access().listTokens(c)).forEach(t -> items.add(tokenJson(t)));
        return Response.ok(out);
    }

    private Response createToken(Request r) {
        Guard.isAdmin(r.token());
        Body body = r.jsonBody().allowOnly(Set.of("role", "folderId", "description"));
        Violations v = body.violations();
        String roleName = body.string("role");
        Role role = Role.fromWire(roleName).orElse(null);
        if (role == null) {
            v.add("role", (roleName.isEmpty() ? "is required" : "unknown role \"" + roleName + "\"") + ": one of "
                    + String.join(", ", Arrays.stream(Role.values()).map(Role::wireName).toList()));
        }
        String folderId = body.string("folderId");
        if (!folderId.isEmpty()) {
            ResourceRules.id("folderId", folderId, v);
        }
        String description = body.string("description");
        ResourceRules.description("description", description, v);
        v.throwIfAny();
        String secret = TokenSecrets.newSecret();
        ApiToken token = new ApiToken(Ids.next("tok"), role, folderId.isEmpty() ? null : folderId, description, Rows.now());
        ctx.db().inTransaction("create token", c -> {
            if (token.folderId() != null) {
                lookup.folder(c, token.folderId());
            }
            ctx.access().insertToken(c, token, TokenSecrets.sha256(secret));
            return token;
        });
        return Response.ok(tokenJson(token).put("token", secret));
    }

    private Response deleteToken(Request r) {
        Guard.isAdmin(r.token());
        String id = Params.id(r, "tokenId");
        if (id.equals(r.token().id())) {
            throw ServiceException.failedPrecondition("a token cannot delete itself (use another admin token)");
        }
        boolean deleted = ctx.db().inTransaction("delete token", c -> ctx.access().deleteToken(c, id));
        if (!deleted) {
            throw ServiceException.notFound("token " + id + " not found");
        }
        return Response.ok(Json.object());
    }

    private static ObjectNode folderJson(Folder f) {
        ObjectNode node = Json.object().put("id", f.id());
        Json.putText(node, "description", f.description());
        return Json.putTime(node, "createdAt", f.createdAt());
    }

    private static ObjectNode tokenJson(ApiToken t) {
        ObjectNode node = Json.object().put("id", t.id()).put("role", t.role().wireName());
        Json.putText(node, "folderId", t.folderId());
        Json.putText(node, "description", t.description());
        return Json.putTime(node, "createdAt", t.createdAt());
    }
}
