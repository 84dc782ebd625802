package iotcore.storage.access;

import iotcore.model.access.ApiToken;
import iotcore.model.access.Folder;
import iotcore.model.access.Role;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Folders (tenants) and API tokens. Tokens are found by the SHA-256 of their secret. */
public final class JdbcAccessRepository {

    public void insertFolder(Connection c, Folder f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO folders (id, description, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, f.id());
            ps.setString(2, f.description());
            Rows.setInstant(ps, 3, f.createdAt());
            ps.executeUpdate();
        }
    }

    public Optional<Folder> findFolder(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, description, created_at FROM folders WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(folder(rs)) : Optional.empty();
            }
        }
    }

    public List<Folder> listFolders(Connection c) throws SQLException {
        List<Folder> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, description, created_at FROM folders ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(folder(rs));
            }
        }
        return out;
    }

    public void insertToken(Connection c, ApiToken t, String secretSha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens "
                + "(id, secret_sha256, role, folder_id, description, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.id());
            ps.setString(2, secretSha256);
            ps.setString(3, t.role().wireName());
            ps.setString(4, t.folderId());
            ps.setString(5, t.description());
            Rows.setInstant(ps, 6, t.createdAt());
            ps.executeUpdate();
        }
    }

    public Optional<ApiToken> findTokenBySecretHash(Connection c, String secretSha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, role, folder_id, description, created_at "
                + "FROM api_tokens WHERE secret_sha256 = ?")) {
            ps.setString(1, secretSha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        }
    }

    public List<ApiToken> listTokens(Connection c) throws SQLException {
        List<ApiToken> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, role, folder_id, description, created_at FROM api_tokens ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(token(rs));
            }
        }
        return out;
    }

    public boolean deleteToken(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    private static Folder folder(ResultSet rs) throws SQLException {
        return new Folder(rs.getString("id"), rs.getString("description"), Rows.instant(rs, "created_at"));
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        Role role = Role.fromWire(rs.getString("role")).orElseThrow();
        return new ApiToken(rs.getString("id"), role, rs.getString("folder_id"), rs.getString("description"),
                Rows.instant(rs, "created_at"));
    }
}
