package iotcore.storage.registry;

import iotcore.model.registry.Registry;
import iotcore.model.registry.RegistryStatus;
import iotcore.storage.jdbc.InList;
import iotcore.storage.jdbc.Page;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Registries table. Every method runs on the caller's connection (and so its transaction). */
public final class JdbcRegistryRepository {
    private static final String COLUMNS = "id, folder_id, name, description, labels, status, log_options, created_at";

    public void insert(Connection c, Registry r) throws SQLException {
        insertAll(c, List.of(r));
    }

    public void insertAll(Connection c, List<Registry> registries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO registries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Registry r : registries) {
                ps.setString(1, r.id());
                ps.setString(2, r.folderId());
                ps.setString(3, r.name().isEmpty() ? null : r.name());
                ps.setString(4, r.description());
                ps.setString(5, Rows.mapToJson(r.labels()));
                ps.setString(6, r.status().name());
                ps.setString(7, r.logOptions());
                Rows.setInstant(ps, 8, r.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void update(Connection c, Registry r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE registries SET name = ?, description = ?, labels = ?, status = ?, log_options = ? WHERE id = ?")) {
            ps.setString(1, r.name().isEmpty() ? null : r.name());
            ps.setString(2, r.description());
            ps.setString(3, Rows.mapToJson(r.labels()));
            ps.setString(4, r.status().name());
            ps.setString(5, r.logOptions());
            ps.setString(6, r.id());
            ps.executeUpdate();
        }
    }

    public Optional<Registry> find(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM registries WHERE id = ?", id);
    }

    /** Reads the registry and locks its row until the transaction ends (serialises alias changes). */
    public Optional<Registry> findForUpdate(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM registries WHERE id = ? FOR UPDATE", id);
    }

    /** The registries among {@code ids} that exist, in any folder. */
    public List<Registry> findAll(Connection c, Collection<String> ids) throws SQLException {
        return InList.select(c, "SELECT " + COLUMNS + " FROM registries WHERE id IN (", ")", ids,
                JdbcRegistryRepository::all);
    }

    /** Every registry of the folder, oldest first. */
    public List<Registry> listAll(Connection c, String folderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM registries WHERE folder_id = ? ORDER BY created_at, id")) {
            ps.setString(1, folderId);
            return all(ps);
        }
    }

    public Optional<Registry> findByName(Connection c, String folderId, String name) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM registries WHERE folder_id = ? AND name = ?", folderId, name);
    }

    public Page<Registry> list(Connection c, String folderId, long offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM registries WHERE folder_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?")) {
            ps.setString(1, folderId);
            ps.setInt(2, limit + 1);
            ps.setLong(3, offset);
            return Page.of(all(ps), offset, limit);
        }
    }

    public int countInFolder(Connection c, String folderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM registries WHERE folder_id = ?")) {
            ps.setString(1, folderId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM registries WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private Optional<Registry> one(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<Registry> rows = all(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    private static List<Registry> all(PreparedStatement ps) throws SQLException {
        List<Registry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(map(rs));
            }
        }
        return out;
    }

    private static Registry map(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        return new Registry(rs.getString("id"), rs.getString("folder_id"), Rows.instant(rs, "created_at"),
                name == null ? "" : name, rs.getString("description"), Rows.jsonToMap(rs.getString("labels")),
                RegistryStatus.valueOf(rs.getString("status")), rs.getString("log_options"));
    }
}
