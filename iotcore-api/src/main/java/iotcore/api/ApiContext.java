package iotcore.api;

import iotcore.api.admin.Backups;
import iotcore.broker.DataPlane;
import iotcore.storage.access.JdbcAccessRepository;
import iotcore.storage.broker.JdbcConnectionLogRepository;
import iotcore.storage.credential.JdbcCertificateRepository;
import iotcore.storage.credential.JdbcPasswordRepository;
import iotcore.storage.credential.PasswordHasher;
import iotcore.storage.device.JdbcDeviceRepository;
import iotcore.storage.jdbc.Database;
import iotcore.storage.operation.JdbcOperationRepository;
import iotcore.storage.registry.JdbcRegistryRepository;

/**
 * What the API's routes share: the database, its repositories, the password hasher, the quotas, the
 * broker's data plane (told about changes that affect live connections, and used for HTTP publish) and
 * the server's backups.
 */
public record ApiContext(Database db, JdbcRegistryRepository registries, JdbcDeviceRepository devices,
                         JdbcCertificateRepository certificates, JdbcPasswordRepository passwords,
                         JdbcOperationRepository operations, JdbcAccessRepository access,
                         JdbcConnectionLogRepository connectionLogs, PasswordHasher hasher, Quotas quotas,
                         DataPlane dataPlane, Backups backups) {

    /** Per-folder limits (decisions §7); 0 means no limit. */
    public record Quotas(int maxRegistriesPerFolder, int maxDevicesPerFolder) {
        public static final Quotas NONE = new Quotas(0, 0);
    }

    public static ApiContext over(Database db, Quotas quotas) {
        return new ApiContext(db, new JdbcRegistryRepository(), new JdbcDeviceRepository(),
                new JdbcCertificateRepository(), new JdbcPasswordRepository(), new JdbcOperationRepository(),
                new JdbcAccessRepository(), new JdbcConnectionLogRepository(), new PasswordHasher(), quotas, DataPlane.NONE,
                Backups.NONE);
    }

    public ApiContext withDataPlane(DataPlane plane) {
        return new ApiContext(db, registries, devices, certificates, passwords, operations, access, connectionLogs, hasher,
                quotas, plane, backups);
    }

    public ApiContext withBackups(Backups server) {
        return new ApiContext(db, registries, devices, certificates, passwords, operations, access, connectionLogs, hasher,
                quotas, dataPlane, server);
    }
}
