package iotcore.storage.operation;

import iotcore.model.operation.Operation;
import iotcore.storage.jdbc.Page;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The operation log: one row per completed mutation, kept after its resource is gone. */
public final class JdbcOperationRepository {
    private static final String COLUMNS = "id, description, created_at, created_by, modified_at, done, "
            + "folder_id, resource_kind, resource_id, metadata, response, error";

    public void insert(Connection c, Operation op) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO operations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, op.id());
            ps.setString(2, op.description());
            Rows.setInstant(ps, 3, op.createdAt());
            ps.setString(4, op.createdBy());
            Rows.setInstant(ps, 5, op.modifiedAt());
            ps.setBoolean(6, op.done());
            ps.setString(7, op.folderId());
            ps.setString(8, op.resourceKind());
            ps.setString(9, op.resourceId());
            ps.setString(10, op.metadataJson());
            ps.setString(11, op.responseJson());
            ps.setString(12, op.errorJson());
            ps.executeUpdate();
        }
    }

    public Optional<Operation> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM operations WHERE id = ?")) {
            ps.setString(1, id);
            List<Operation> rows = all(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    /** Operations on one resource, newest first. */
    public Page<Operation> listByResource(Connection c, String kind, String resourceId, long offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM operations "
                + "WHERE resource_kind = ? AND resource_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
            ps.setString(1, kind);
            ps.setString(2, resourceId);
            ps.setInt(3, limit + 1);
            ps.setLong(4, offset);
            return Page.of(all(ps), offset, limit);
        }
    }

    private static List<Operation> all(PreparedStatement ps) throws SQLException {
        List<Operation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Operation(rs.getString("id"), rs.getString("description"), Rows.instant(rs, "created_at"),
                        rs.getString("created_by"), Rows.instant(rs, "modified_at"), rs.getBoolean("done"),
                        rs.getString("folder_id"), rs.getString("resource_kind"), rs.getString("resource_id"), rs.getString("metadata"),
                        rs.getString("response"), rs.getString("error")));
            }
        }
        return out;
    }
}
