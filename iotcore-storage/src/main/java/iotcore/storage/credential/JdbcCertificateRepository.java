package iotcore.storage.credential;

import iotcore.model.credential.Certificate;
import iotcore.model.credential.Owner;
import iotcore.model.credential.OwnerKind;
import iotcore.storage.jdbc.InList;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Registered client certificates, keyed by SHA-256 over DER so one certificate has one owner. */
public final class JdbcCertificateRepository {
    private static final String COLUMNS = "sha256, fingerprint, owner_kind, owner_id, pem, not_before, not_after, created_at";

    /** Inserts; a certificate already registered anywhere raises a unique violation. */
    public void insert(Connection c, Certificate cert) throws SQLException {
        insertAll(c, List.of(cert));
    }

    public void insertAll(Connection c, List<Certificate> certificates) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO certificates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Certificate cert : certificates) {
                ps.setString(1, cert.sha256());
                ps.setString(2, cert.fingerprint());
                ps.setString(3, cert.owner().kind().name());
                ps.setString(4, cert.owner().id());
                ps.setString(5, cert.certificateData());
                Rows.setInstant(ps, 6, cert.notBefore());
                Rows.setInstant(ps, 7, cert.notAfter());
                Rows.setInstant(ps, 8, cert.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The registered certificates among the SHA-256 keys, whoever owns them. */
    public List<Certificate> findAllBySha256(Connection c, Collection<String> sha256s) throws SQLException {
        return InList.select(c, "SELECT " + COLUMNS + " FROM certificates WHERE sha256 IN (", ")", sha256s,
                JdbcCertificateRepository::all);
    }

    /** Which of the owners (all of one kind) have at least one certificate. */
    public Set<String> ownersWithCertificates(Connection c, OwnerKind kind, Collection<String> ownerIds) throws SQLException {
        return new HashSet<>(InList.select(c, "SELECT DISTINCT owner_id FROM certificates WHERE owner_kind = '" + kind.name()
                + "' AND owner_id IN (", ")", ownerIds, InList::strings));
    }

    /** Every certificate of the folder's registries and of their devices. */
    public List<Certificate> listAllInFolder(Connection c, String folderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM certificates WHERE "
                + "(owner_kind = 'REGISTRY' AND owner_id IN (SELECT id FROM registries WHERE folder_id = ?)) OR "
                + "(owner_kind = 'DEVICE' AND owner_id IN (SELECT d.id FROM devices d JOIN registries r ON r.id = d.registry_id "
                + "WHERE r.folder_id = ?)) ORDER BY owner_kind, owner_id, created_at, fingerprint")) {
            ps.setString(1, folderId);
            ps.setString(2, folderId);
            return all(ps);
        }
    }

    public Optional<Certificate> findBySha256(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM certificates WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            List<Certificate> rows = all(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    public List<Certificate> listByOwner(Connection c, Owner owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM certificates "
                + "WHERE owner_kind = ? AND owner_id = ? ORDER BY created_at, fingerprint")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            return all(ps);
        }
    }

    /** Deletes the owner's certificate with that SHA-1 fingerprint; false when it has none. */
    public boolean delete(Connection c, Owner owner, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM certificates WHERE owner_kind = ? AND owner_id = ? AND fingerprint = ?")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            ps.setString(3, fingerprint);
            return ps.executeUpdate() > 0;
        }
    }

    public void deleteAll(Connection c, Owner owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM certificates WHERE owner_kind = ? AND owner_id = ?")) {
            ps.setString(1, owner.kind().name());
            ps.setString(2, owner.id());
            ps.executeUpdate();
        }
    }

    private static List<Certificate> all(PreparedStatement ps) throws SQLException {
        List<Certificate> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Owner owner = new Owner(OwnerKind.valueOf(rs.getString("owner_kind")), rs.getString("owner_id"));
                out.add(new Certificate(owner, rs.getString("fingerprint"), rs.getString("sha256"), rs.getString("pem"),
                        Rows.instant(rs, "not_before"), Rows.instant(rs, "not_after"), Rows.instant(rs, "created_at")));
            }
        }
        return out;
    }
}
