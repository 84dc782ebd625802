package iotcore.storage.broker;

import iotcore.storage.jdbc.Database;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The permanent_values table: one row per (registry, exact permanent topic). */
public final class JdbcPermanentValueRepository {

    public record Row(String registryId, String topic, byte[] payload, int qos) {
    }

    private final Database.Engine engine;

    public JdbcPermanentValueRepository(Database.Engine engine) {
        this.engine = engine;
    }

    public List<Row> loadAll(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT registry_id, topic, payload, qos FROM permanent_values");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getInt(4)));
            }
        }
        return out;
    }

    public void upsert(Connection c, Row row, Instant at) throws SQLException {
        String sql = engine == Database.Engine.POSTGRESQL
                ? "INSERT INTO permanent_values (registry_id, topic, payload, qos, updated_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (registry_id, topic) DO UPDATE SET payload = EXCLUDED.payload, qos = EXCLUDED.qos, updated_at = EXCLUDED.updated_at"
                : "MERGE INTO permanent_values (registry_id, topic, payload, qos, updated_at) KEY (registry_id, topic) VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, row.registryId());
            ps.setString(2, row.topic());
            ps.setBytes(3, row.payload());
            ps.setInt(4, row.qos());
            Rows.setInstant(ps, 5, at);
            ps.executeUpdate();
        }
    }

    /** Deletes every value of the registry whose topic starts with {@code prefix} ("" = all). */
    public void deletePrefix(Connection c, String registryId, String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM permanent_values WHERE registry_id = ? AND topic LIKE ? ESCAPE '!'")) {
            ps.setString(1, registryId);
            ps.setString(2, prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            ps.executeUpdate();
        }
    }
}
