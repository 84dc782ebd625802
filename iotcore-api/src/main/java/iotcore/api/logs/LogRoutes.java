package iotcore.api.logs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.Lookup;
import iotcore.api.access.Guard;
import iotcore.api.http.Json;
import iotcore.api.http.PageRequest;
import iotcore.api.http.Params;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.model.rules.Violations;
import iotcore.storage.broker.JdbcConnectionLogRepository.Entry;
import iotcore.storage.jdbc.Page;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Connection logs of a device or registry (spec §7.2; shapes in docs/mqtt.md), oldest first. */
public final class LogRoutes {
    private final ApiContext ctx;
    private final Lookup lookup;

    public LogRoutes(ApiContext ctx) {
        this.ctx = ctx;
        this.lookup = new Lookup(ctx);
    }

    public void register(Router router, String prefix) {
        router.get(prefix + "/devices/{deviceId}/logs", r -> list(r, false))
                .get(prefix + "/registries/{registryId}/logs", r -> list(r, true));
    }

    private Response list(Request r, boolean registry) {
        Guard.canRead(r.token());
        String id = Params.id(r, registry ? "registryId" : "deviceId");
        Violations v = new Violations();
        PageRequest page = PageRequest.from(r, v);
        Instant since = null;
        if (!r.query("since").isEmpty()) {
            try {
                since = Instant.parse(r.query("since"));
            } catch (DateTimeParseException e) {
                v.add("since", "must be an RFC 3339 time such as 2026-11-26T10:00:00Z");
            }
        }
        long after = 0;
        if (!r.query("after").isEmpty()) {
            try {
                after = Long.parseLong(r.query("after"));
            } catch (NumberFormatException e) {
                v.add("after", "must be a log entry id");
            }
        }
        v.throwIfAny();
        Instant from = since;
        long afterId = after;
        return ctx.db().inTransaction("list connection logs", c -> {
            String registryId = registry ? id : lookup.device(c, id).registryId();
            Guard.folder(r.token(), lookup.registry(c, registryId).folderId());
            Page<Entry> result = ctx.connectionLogs().list(c, registry ? "registry" : "device", id, from, afterId,
                    page.offset(), page.limit());
            ObjectNode out = Json.object();
            ArrayNode logs = out.putArray("logs");
            for (Entry e : result.items()) {
                ObjectNode entry = logs.addObject().put("id", Long.toString(e.id()));
                Json.putTime(entry, "time", e.time());
                entry.put("level", e.level()).put("message", e.message());
            }
            Json.putText(out, "nextPageToken", PageRequest.tokenFor(result.nextOffset()));
            return Response.ok(out);
        });
    }
}
