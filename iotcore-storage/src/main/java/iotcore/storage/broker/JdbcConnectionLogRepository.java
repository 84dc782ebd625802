package iotcore.storage.broker;

import iotcore.storage.jdbc.Page;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The connection_logs table (spec §7.2): appended in batches, read oldest first by owner. */
public final class JdbcConnectionLogRepository {

    public record Entry(long id, String ownerKind, String ownerId, Instant time, String level, String message) {
    }

    public void insertAll(Connection c, List<Entry> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO connection_logs (owner_kind, owner_id, logged_at, level, message) VALUES (?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                ps.setString(1, e.ownerKind());
                ps.setString(2, e.ownerId());
                Rows.setInstant(ps, 3, e.time());
                ps.setString(4, e.level());
                ps.setString(5, e.message().length() > 2000 ? e.message().substring(0, 1997) + "..." : e.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Entries of one owner at or after {@code since} (null: all) and with id above {@code afterId}. */
    public Page<Entry> list(Connection c, String ownerKind, String ownerId, Instant since, long afterId, long offset, int limit)
            throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, owner_kind, owner_id, logged_at, level, message "
                + "FROM connection_logs WHERE owner_kind = ? AND owner_id = ? AND id > ? AND logged_at >= ? "
                + "ORDER BY id LIMIT ? OFFSET ?")) {
            ps.setString(1, ownerKind);
            ps.setString(2, ownerId);
            ps.setLong(3, afterId);
            Rows.setInstant(ps, 4, since == null ? Instant.EPOCH : since);
            ps.setInt(5, limit + 1);
            ps.setLong(6, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), Rows.instant(rs, "logged_at"),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        return Page.of(out, offset, limit);
    }

    public void deleteOwner(Connection c, String ownerKind, String ownerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM connection_logs WHERE owner_kind = ? AND owner_id = ?")) {
            ps.setString(1, ownerKind);
            ps.setString(2, ownerId);
            ps.executeUpdate();
        }
    }
}
