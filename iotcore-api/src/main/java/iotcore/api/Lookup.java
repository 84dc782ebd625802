package iotcore.api;

import iotcore.model.access.Folder;
import iotcore.model.device.Device;
import iotcore.model.error.ServiceException;
import iotcore.model.registry.Registry;

import java.sql.Connection;
import java.sql.SQLException;

/** Loads a resource named by a request or answers NOT_FOUND naming it. */
public final class Lookup {
    private final ApiContext ctx;

    public Lookup(ApiContext ctx) {
        this.ctx = ctx;
    }

    public Folder folder(Connection c, String id) throws SQLException {
        return ctx.access().findFolder(c, id)
                .orElseThrow(() -> ServiceException.notFound("folder " + id + " not found"));
    }

    public Registry registry(Connection c, String id) throws SQLException {
        return ctx.registries().find(c, id)
                .orElseThrow(() -> ServiceException.notFound("registry " + id + " not found"));
    }

    /** The registry, its row locked until the transaction ends (serialises changes to its devices' aliases). */
    public Registry registryForUpdate(Connection c, String id) throws SQLException {
        return ctx.registries().findForUpdate(c, id)
                .orElseThrow(() -> ServiceException.notFound("registry " + id + " not found"));
    }

    public Device device(Connection c, String id) throws SQLException {
        return ctx.devices().find(c, id)
                .orElseThrow(() -> ServiceException.notFound("device " + id + " not found"));
    }
}
