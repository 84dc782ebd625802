package iotcore.storage.credential;

import iotcore.model.credential.Owner;
import iotcore.model.credential.OwnerKind;
import iotcore.model.credential.PasswordEntry;
import iotcore.storage.jdbc.InList;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Password hashes of registries and devices; the secret itself is never stored. */
public final class JdbcPasswordRepository {

    public void insert(Connection c, PasswordEntry entry, String hash) throws SQLException {
        insertAll(c, Map.of(entry, hash));
    }

    /** Inserts entries with their hashes in one batch. */
    public void insertAll(Connection c, Map<PasswordEntry, String> hashes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO passwords (id, owner_kind, owner_id, hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<PasswordEntry, String> e : hashes.entrySet()) {
                ps.setString(1, e.getKey().id());
                ps.setString(2, e.getKey().owner().kind().name());
                ps.setString(3, e.getKey().owner().id());
                ps.setString(4, e.getValue());
                Rows.setInstant(ps, 5, e.getKey().createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Which of the owners (all of one kind) have at least one password. */
    public Set<String> ownersWithPasswords(Connection c, OwnerKind kind, Collection<String> ownerIds) throws SQLException {
        return new HashSet<>(InList.select(c, "SELECT DISTINCT owner_id FROM passwords WHERE owner_kind = '" + kind.name()
                + "' AND owner_id IN (", ")", ownerIds, InList::strings));
    }

    public List<PasswordEntry> listByOwner(Connection c, Owner owner) throws SQLException {
        List<PasswordEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, created_at FROM passwords WHERE owner_kind = ? AND owner_id = ? ORDER BY created_at, id")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PasswordEntry(owner, rs.getString("id"), Rows.instant(rs, "created_at")));
                }
            }
        }
        return out;
    }

    /** The stored hashes of the owner by password id, for authentication. */
    public Map<String, String> hashes(Connection c, Owner owner) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, hash FROM passwords WHERE owner_kind = ? AND owner_id = ?")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    public boolean exists(Connection c, Owner owner, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM passwords WHERE owner_kind = ? AND owner_id = ? AND id = ?")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean delete(Connection c, Owner owner, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM passwords WHERE owner_kind = ? AND owner_id = ? AND id = ?")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            ps.setString(3, id);
            return ps.executeUpdate() > 0;
        }
    }

    public void deleteAll(Connection c, Owner owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM passwords WHERE owner_kind = ? AND owner_id = ?")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            ps.executeUpdate();
        }
    }
}
