package iotcore.api.credential;

import iotcore.api.ApiContext;
import iotcore.model.credential.Certificate;
import iotcore.model.credential.Owner;
import iotcore.model.credential.ParsedCertificate;
import iotcore.model.error.ServiceException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Registers a certificate to an owner: one certificate identifies one registry or device in the installation. */
final class CertificateRegistration {
    private CertificateRegistration() {
    }

    static Certificate insert(ApiContext ctx, Connection c, Owner owner, ParsedCertificate cert, Instant now)
            throws SQLException {
        if (ctx.certificates().findBySha256(c, cert.sha256()).isPresent()) {
            throw ServiceException.alreadyExists("certificate " + cert.sha1()
                    + " is already registered to a device or registry (a certificate identifies one owner)");
        }
        Certificate stored = new Certificate(owner, cert.sha1(), cert.sha256(), cert.pem(), cert.notBefore(),
                cert.notAfter(), now);
        ctx.certificates().insert(c, stored);
        return stored;
    }
}
