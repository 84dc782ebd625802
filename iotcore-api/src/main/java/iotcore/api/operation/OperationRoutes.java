package iotcore.api.operation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.access.Guard;
import iotcore.api.http.Json;
import iotcore.api.http.PageRequest;
import iotcore.api.http.Params;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.model.error.ServiceException;
import iotcore.model.operation.Operation;
import iotcore.model.rules.Violations;
import iotcore.storage.jdbc.Page;

/** {@code GET /operations/{id}} and the paged operation listings of registries and devices. */
public final class OperationRoutes {
    private final ApiContext ctx;

    public OperationRoutes(ApiContext ctx) {
        this.ctx = ctx;
    }

    public void register(Router router, String prefix) {
        router.get(prefix + "/operations/{operationId}", this::get);
    }

    private Response get(Request r) {
        Guard.canRead(r.token());
        String id = Params.id(r, "operationId");
        Operation op = ctx.db().inTransaction("get operation", c -> ctx.operations().find(c, id))
                .orElseThrow(() -> ServiceException.notFound("operation " + id + " not found"));
        if (op.folderId() != null) {
            Guard.folder(r.token(), op.folderId());
        }
        return Response.ok(OperationLog.toJson(op));
    }

    /** Reads the paging of a ListOperations request; {@code filter} is refused rather than ignored. */
    public static PageRequest pageOf(Request r) {
        Violations v = new Violations();
        PageRequest page = PageRequest.from(r, v);
        if (!r.query("filter").isEmpty()) {
            v.add("filter", "filtering operations is not supported; list without filter");
        }
        v.throwIfAny();
        return page;
    }

    public static ObjectNode listJson(Page<Operation> page) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("operations");
        page.items().forEach(op -> items.add(OperationLog.toJson(op)));
        Json.putText(out, "nextPageToken", PageRequest.tokenFor(page.nextOffset()));
        return out;
    }
}
