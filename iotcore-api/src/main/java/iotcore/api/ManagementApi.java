package iotcore.api;

import iotcore.api.access.Authenticator;
import iotcore.api.admin.AdminRoutes;
import iotcore.api.admin.BackupRoutes;
import iotcore.api.credential.CredentialRoutes;
import iotcore.api.device.DeviceRoutes;
import iotcore.api.http.ApiServer;
import iotcore.api.http.Router;
import iotcore.api.logs.LogRoutes;
import iotcore.api.migration.ExportRoutes;
import iotcore.api.migration.ImportRoutes;
import iotcore.api.operation.OperationRoutes;
import iotcore.api.publish.PublishRoutes;
import iotcore.api.registry.RegistryRoutes;
import iotcore.model.credential.OwnerKind;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** Wires every route of the management API (docs/rest-api.md) and starts it on an address. */
public final class ManagementApi {
    public static final String IOT_DEVICES = "/iot-devices/v1";
    public static final String ADMIN = "/iotcore/v1";

    private ManagementApi() {
    }

    public static Router router(ApiContext ctx) {
        Router router = new Router();
        new RegistryRoutes(ctx).register(router, IOT_DEVICES);
        new DeviceRoutes(ctx).register(router, IOT_DEVICES);
        new CredentialRoutes(ctx, OwnerKind.REGISTRY).register(router, IOT_DEVICES);
        new CredentialRoutes(ctx, OwnerKind.DEVICE).register(router, IOT_DEVICES);
        new OperationRoutes(ctx).register(router, IOT_DEVICES);
        new PublishRoutes(ctx).register(router, IOT_DEVICES);
        new LogRoutes(ctx).register(router, IOT_DEVICES);
        new AdminRoutes(ctx).register(router, ADMIN);
        new ImportRoutes(ctx).register(router, ADMIN);
        new ExportRoutes(ctx).register(router, ADMIN);
        new BackupRoutes(ctx).register(router, ADMIN);
        return router;
    }

    public static ApiServer start(ApiContext ctx, InetSocketAddress address, Supplier<String> metrics) throws IOException {
        return ApiServer.start(address, router(ctx), new Authenticator(ctx), metrics);
    }
}
