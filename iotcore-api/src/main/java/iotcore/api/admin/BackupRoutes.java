package iotcore.api.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.access.Guard;
import iotcore.api.http.Body;
import iotcore.api.http.Json;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.model.error.ServiceException;
import iotcore.model.rules.Violations;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/** {@code POST /iotcore/v1/backups}: a consistent copy of the running server's data into a directory on its machine. Admin only. */
public final class BackupRoutes {
    private final ApiContext ctx;

    public BackupRoutes(ApiContext ctx) {
        this.ctx = ctx;
    }

    public void register(Router router, String prefix) {
        router.post(prefix + "/backups", this::create);
    }

    private Response create(Request r) {
        Guard.isAdmin(r.token());
        Body body = r.jsonBody().allowOnly(Set.of("directory"));
        Violations v = body.violations();
        String directory = body.string("directory");
        Path path = null;
        try {
            path = directory.isEmpty() ? null : Path.of(directory);
        } catch (InvalidPathException e) {
            v.add("directory", "is not a valid path: " + e.getMessage());
        }
        if (directory.isEmpty()) {
            v.add("directory", "is required");
        } else if (path != null && !path.isAbsolute()) {
            v.add("directory", "must be an absolute path on the server's machine");
        }
        v.throwIfAny();
        Backups.Backup backup;
        try {
            backup = ctx.backups().create(path.normalize());
        } catch (IOException e) {
            throw ServiceException.failedPrecondition("backup to " + path + " failed: " + e.getMessage());
        }
        ObjectNode out = Json.object().put("directory", backup.directory().toString());
        Json.putTime(out, "createdAt", backup.createdAt());
        backup.files().forEach(out.putArray("files")::add);
        return Response.ok(out.put("database", backup.database()).put("durationMillis", backup.millis()));
    }
}
