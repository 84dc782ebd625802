package iotcore.api.credential;

import iotcore.api.ApiContext;
import iotcore.api.http.Body;
import iotcore.model.credential.Owner;
import iotcore.model.credential.ParsedCertificate;
import iotcore.model.credential.PasswordEntry;
import iotcore.model.error.ServiceException;
import iotcore.model.rules.Ids;
import iotcore.model.rules.PasswordPolicy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code certificates[]} and {@code password} a Create may carry. Parsed and checked before the
 * transaction; the password is hashed there too (Argon2id takes tens of milliseconds).
 */
public final class InlineCredentials {
    private final List<ParsedCertificate> certificates;
    private final String passwordHash;

    private InlineCredentials(List<ParsedCertificate> certificates, String passwordHash) {
        this.certificates = certificates;
        this.passwordHash = passwordHash;
    }

    /** Reads both fields into the body's violations; call {@link #hash} once the body is valid. */
    public static Pending read(Body body) {
        List<ParsedCertificate> certs = new ArrayList<>();
        List<Body> items = body.objects("certificates");
        for (int i = 0; i < items.size(); i++) {
            Body item = items.get(i).allowOnly(java.util.Set.of("certificateData"));
            String field = "certificates[" + i + "].certificateData";
            String pem = item.string("certificateData");
            body.absorb("certificates[" + i + "]", item);
            try {
                certs.add(ParsedCertificate.parse(field, pem));
            } catch (ServiceException e) {
                e.violations().forEach(v -> body.violations().add(v.field(), v.description()));
            }
        }
        String password = body.string("password");
        if (!password.isEmpty()) {
            PasswordPolicy.check("password", password, body.violations());
        }
        return new Pending(certs, password);
    }

    public record Pending(List<ParsedCertificate> certificates, String password) {
        public InlineCredentials hash(ApiContext ctx) {
            return new InlineCredentials(certificates, password.isEmpty() ? null : ctx.hasher().hash(password));
        }
    }

    /** Stores the credentials for a new owner; a certificate registered elsewhere is ALREADY_EXISTS. */
    public void store(ApiContext ctx, Connection c, Owner owner, Instant now) throws SQLException {
        for (ParsedCertificate cert : certificates) {
            CertificateRegistration.insert(ctx, c, owner, cert, now);
        }
        if (passwordHash != null) {
            ctx.passwords().insert(c, new PasswordEntry(owner, Ids.next("pwd"), now), passwordHash);
        }
    }
}
