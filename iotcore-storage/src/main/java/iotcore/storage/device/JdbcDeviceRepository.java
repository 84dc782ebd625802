package iotcore.storage.device;

import iotcore.model.device.Device;
import iotcore.model.device.MonitoringData;
import iotcore.storage.jdbc.InList;
import iotcore.storage.jdbc.Page;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Devices and their topic aliases. Every method runs on the caller's connection. */
public final class JdbcDeviceRepository {
    private static final String COLUMNS = "d.id, d.registry_id, d.name, d.description, d.labels, d.created_at, "
            + "d.last_auth_ip, d.last_auth_time, d.last_pub_activity_time, d.last_sub_activity_time, "
            + "d.last_online_time, d.last_disconnect_time";

    public void insert(Connection c, Device d) throws SQLException {
        insertAll(c, List.of(d));
    }

    /** Inserts devices and their aliases in batched statements (imports write thousands at once). */
    public void insertAll(Connection c, List<Device> devices) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO devices (id, registry_id, name, description, labels, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Device d : devices) {
                ps.setString(1, d.id());
                ps.setString(2, d.registryId());
                ps.setString(3, d.name());
                ps.setString(4, d.description());
                ps.setString(5, Rows.mapToJson(d.labels()));
                Rows.setInstant(ps, 6, d.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        insertAliases(c, devices);
    }

    public void update(Connection c, Device d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE devices SET name = ?, description = ?, labels = ? WHERE id = ?")) {
            ps.setString(1, d.name());
            ps.setString(2, d.description());
            ps.setString(3, Rows.mapToJson(d.labels()));
            ps.setString(4, d.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_aliases WHERE device_id = ?")) {
            ps.setString(1, d.id());
            ps.executeUpdate();
        }
        insertAliases(c, List.of(d));
    }

    private static void insertAliases(Connection c, List<Device> devices) throws SQLException {
        if (devices.stream().allMatch(d -> d.topicAliases().isEmpty())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_aliases (registry_id, alias, device_id, topic_prefix, position) VALUES (?, ?, ?, ?, ?)")) {
            for (Device d : devices) {
                int position = 0;
                for (Map.Entry<String, String> e : d.topicAliases().entrySet()) {
                    ps.setString(1, d.registryId());
                    ps.setString(2, e.getKey());
                    ps.setString(3, d.id());
                    ps.setString(4, e.getValue());
                    ps.setInt(5, position++);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Sets the monitoring columns (spec §3.8) that are non-null in {@code m}, leaving the others. */
    public void updateMonitoring(Connection c, String deviceId, MonitoringData m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET "
                + "last_auth_ip = COALESCE(?, last_auth_ip), last_auth_time = COALESCE(?, last_auth_time), "
                + "last_pub_activity_time = COALESCE(?, last_pub_activity_time), "
                + "last_sub_activity_time = COALESCE(?, last_sub_activity_time), "
                + "last_online_time = COALESCE(?, last_online_time), last_disconnect_time = COALESCE(?, last_disconnect_time) "
                + "WHERE id = ?")) {
            ps.setString(1, m.lastAuthIp());
            Rows.setInstant(ps, 2, m.lastAuthTime());
            Rows.setInstant(ps, 3, m.lastPubActivityTime());
            Rows.setInstant(ps, 4, m.lastSubActivityTime());
            Rows.setInstant(ps, 5, m.lastOnlineTime());
            Rows.setInstant(ps, 6, m.lastDisconnectTime());
            ps.setString(7, deviceId);
            ps.executeUpdate();
        }
    }

    public Optional<Device> find(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM devices d WHERE d.id = ?", id);
    }

    /** The devices among {@code ids} that exist, with their aliases (queried in chunks). */
    public List<Device> findAll(Connection c, Collection<String> ids) throws SQLException {
        return InList.select(c, "SELECT " + COLUMNS + " FROM devices d WHERE d.id IN (", ")", ids,
                ps -> withAliases(c, rows(ps)));
    }

    /** Every device of the registries, with aliases, ordered by registry, creation time and id. */
    public List<Device> listAllInRegistries(Connection c, Collection<String> registryIds) throws SQLException {
        return InList.select(c, "SELECT " + COLUMNS + " FROM devices d WHERE d.registry_id IN (",
                ") ORDER BY d.registry_id, d.created_at, d.id", registryIds, ps -> withAliases(c, rows(ps)));
    }

    public Optional<Device> findByName(Connection c, String registryId, String name) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM devices d WHERE d.registry_id = ? AND d.name = ?", registryId, name);
    }

    public Page<Device> listByRegistry(Connection c, String registryId, long offset, int limit) throws SQLException {
        return page(c, "SELECT " + COLUMNS + " FROM devices d WHERE d.registry_id = ? "
                + "ORDER BY d.created_at, d.id LIMIT ? OFFSET ?", registryId, offset, limit);
    }

    public Page<Device> listByFolder(Connection c, String folderId, long offset, int limit) throws SQLException {
        return page(c, "SELECT " + COLUMNS + " FROM devices d JOIN registries r ON r.id = d.registry_id "
                + "WHERE r.folder_id = ? ORDER BY d.created_at, d.id LIMIT ? OFFSET ?", folderId, offset, limit);
    }

    public int countInRegistry(Connection c, String registryId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM devices WHERE registry_id = ?", registryId);
    }

    public int countInFolder(Connection c, String folderId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM devices d JOIN registries r ON r.id = d.registry_id WHERE r.folder_id = ?", folderId);
    }

    public void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_aliases WHERE device_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM devices WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Every alias of the registry as alias -> device id, except those of {@code exceptDeviceId}. */
    public Map<String, String> aliasOwners(Connection c, String registryId, String exceptDeviceId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT alias, device_id FROM device_aliases WHERE registry_id = ? ORDER BY alias")) {
            ps.setString(1, registryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(2).equals(exceptDeviceId)) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    /** The registry-wide alias view (spec §5.3 ListDeviceTopicAliases), ordered by alias. */
    public Page<DeviceAlias> listAliases(Connection c, String registryId, long offset, int limit) throws SQLException {
        List<DeviceAlias> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT device_id, topic_prefix, alias FROM device_aliases "
                + "WHERE registry_id = ? ORDER BY alias LIMIT ? OFFSET ?")) {
            ps.setString(1, registryId);
            ps.setInt(2, limit + 1);
            ps.setLong(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceAlias(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return Page.of(out, offset, limit);
    }

    private Optional<Device> one(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<Device> rows = withAliases(c, rows(ps));
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    private Page<Device> page(Connection c, String sql, String key, long offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setInt(2, limit + 1);
            ps.setLong(3, offset);
            return Page.of(withAliases(c, rows(ps)), offset, limit);
        }
    }

    private static int count(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Devices without their aliases; {@link #withAliases} adds them. */
    private static List<Device> rows(PreparedStatement ps) throws SQLException {
        List<Device> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                MonitoringData m = new MonitoringData(rs.getString("last_auth_ip"), Rows.instant(rs, "last_auth_time"),
                        Rows.instant(rs, "last_pub_activity_time"), Rows.instant(rs, "last_sub_activity_time"),
                        Rows.instant(rs, "last_online_time"), Rows.instant(rs, "last_disconnect_time"));
                out.add(new Device(rs.getString("id"), rs.getString("registry_id"), Rows.instant(rs, "created_at"),
                        rs.getString("name"), rs.getString("description"), Map.of(),
                        Rows.jsonToMap(rs.getString("labels")), m));
            }
        }
        return out;
    }

    /** Loads the aliases of all fetched devices with one query. */
    private static List<Device> withAliases(Connection c, List<Device> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> aliases = new HashMap<>();
        InList.select(c, "SELECT device_id, alias, topic_prefix FROM device_aliases WHERE device_id IN (",
                ") ORDER BY device_id, position", rows.stream().map(Device::id).toList(), ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            aliases.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                        }
                    }
                    return List.of();
                });
        List<Device> out = new ArrayList<>(rows.size());
        for (Device d : rows) {
            out.add(new Device(d.id(), d.registryId(), d.createdAt(), d.name(), d.description(),
                    aliases.getOrDefault(d.id(), Map.of()), d.labels(), d.monitoring()));
        }
        return out;
    }
}
