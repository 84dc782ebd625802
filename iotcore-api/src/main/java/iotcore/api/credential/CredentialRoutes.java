package iotcore.api.credential;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.api.ApiContext;
import iotcore.api.Lookup;
import iotcore.api.access.Guard;
import iotcore.api.http.Body;
import iotcore.api.http.Json;
import iotcore.api.http.Params;
import iotcore.api.http.Request;
import iotcore.api.http.Response;
import iotcore.api.http.Router;
import iotcore.api.operation.OperationLog;
import iotcore.model.credential.Certificate;
import iotcore.model.credential.Owner;
import iotcore.model.credential.OwnerKind;
import iotcore.model.credential.ParsedCertificate;
import iotcore.model.credential.PasswordEntry;
import iotcore.model.error.ServiceException;
import iotcore.model.rules.Ids;
import iotcore.model.rules.PasswordPolicy;
import iotcore.storage.jdbc.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Certificates and passwords of registries or devices (spec §5.3, §5.4): list, add, delete. One
 * instance serves one owner kind; the shapes differ only in the owner field and type names.
 */
public final class CredentialRoutes {
    private final ApiContext ctx;
    private final Lookup lookup;
    private final OperationLog log;
    private final OwnerKind kind;
    private final String idParam;
    private final String typeName;
    private final String word;

    public CredentialRoutes(ApiContext ctx, OwnerKind kind) {
        this.ctx = ctx;
        this.lookup = new Lookup(ctx);
        this.log = new OperationLog(ctx.operations());
        this.kind = kind;
        this.idParam = kind == OwnerKind.REGISTRY ? "registryId" : "deviceId";
        this.typeName = kind == OwnerKind.REGISTRY ? "Registry" : "Device";
        this.word = kind == OwnerKind.REGISTRY ? "registry" : "device";
    }

    public void register(Router router, String prefix) {
        String base = prefix + (kind == OwnerKind.REGISTRY ? "/registries/{registryId}" : "/devices/{deviceId}");
        router.get(base + "/certificates", this::listCertificates)
                .post(base + "/certificates", this::addCertificate)
                .delete(base + "/certificates/{fingerprint}", this::deleteCertificate)
                .get(base + "/passwords", this::listPasswords)
                .post(base + "/passwords", this::addPassword)
                .delete(base + "/passwords/{passwordId}", this::deletePassword);
    }

    private Response listCertificates(Request r) {
        Guard.canRead(r.token());
        Owner owner = owner(r);
        return ctx.db().inTransaction("list " + word + " certificates", c -> {
            folderOf(c, r, owner);
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("certificates");
            ctx.certificates().listByOwner(c, owner).forEach(cert -> items.add(certificateJson(cert)));
            return Response.ok(out);
        });
    }

    private Response addCertificate(Request r) {
        Guard.canWrite(r.token());
        Owner owner = owner(r);
        Body body = r.jsonBody().allowOnly(Set.of("certificateData"));
        String pem = body.string("certificateData");
        body.violations().throwIfAny();
        ParsedCertificate cert = ParsedCertificate.parse("certificateData", pem);
        return ctx.db().inTransaction("add " + word + " certificate", c -> {
            String folderId = folderOf(c, r, owner);
            Certificate stored = CertificateRegistration.insert(ctx, c, owner, cert, Rows.now());
            ObjectNode metadata = OperationLog.metadata("Add" + typeName + "CertificateMetadata")
                    .put(idParam, owner.id()).put("fingerprint", stored.fingerprint());
            return done(c, r, "Add " + word + " certificate", folderId, owner, metadata,
                    OperationLog.response(typeName + "Certificate", certificateJson(stored)));
        });
    }

    private Response deleteCertificate(Request r) {
        Guard.canWrite(r.token());
        Owner owner = owner(r);
        String fingerprint = Params.id(r, "fingerprint");
        Response response = ctx.db().inTransaction("delete " + word + " certificate", c -> {
            String folderId = folderOf(c, r, owner);
            if (!ctx.certificates().delete(c, owner, fingerprint)) {
                throw ServiceException.notFound("certificate " + fingerprint + " not found on " + word + " " + owner.id());
            }
            ObjectNode metadata = OperationLog.metadata("Delete" + typeName + "CertificateMetadata")
                    .put(idParam, owner.id()).put("fingerprint", fingerprint);
            return done(c, r, "Delete " + word + " certificate", folderId, owner, metadata, OperationLog.empty());
        });
        credentialsRemoved(owner);
        return response;
    }

    private Response listPasswords(Request r) {
        Guard.canRead(r.token());
        Owner owner = owner(r);
        return ctx.db().inTransaction("list " + word + " passwords", c -> {
            folderOf(c, r, owner);
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("passwords");
            ctx.passwords().listByOwner(c, owner).forEach(p -> items.add(passwordJson(p)));
            return Response.ok(out);
        });
    }

    private Response addPassword(Request r) {
        Guard.canWrite(r.token());
        Owner owner = owner(r);
        Body body = r.jsonBody().allowOnly(Set.of("password"));
        String password = body.string("password");
        if (body.violations().isEmpty()) {
            PasswordPolicy.check("password", password, body.violations());
        }
        body.violations().throwIfAny();
        // Existence and access first, so a refused request never pays for the hash.
        ctx.db().inTransaction("check " + word, c -> folderOf(c, r, owner));
        String hash = ctx.hasher().hash(password);
        return ctx.db().inTransaction("add " + word + " password", c -> {
            String folderId = folderOf(c, r, owner);
            PasswordEntry entry = new PasswordEntry(owner, Ids.next("pwd"), Rows.now());
            ctx.passwords().insert(c, entry, hash);
            ObjectNode metadata = OperationLog.metadata("Add" + typeName + "PasswordMetadata")
                    .put(idParam, owner.id()).put("passwordId", entry.id());
            return done(c, r, "Add " + word + " password", folderId, owner, metadata,
                    OperationLog.response(typeName + "Password", passwordJson(entry)));
        });
    }

    private Response deletePassword(Request r) {
        Guard.canWrite(r.token());
        Owner owner = owner(r);
        String passwordId = Params.id(r, "passwordId");
        Response response = ctx.db().inTransaction("delete " + word + " password", c -> {
            String folderId = folderOf(c, r, owner);
            if (!ctx.passwords().delete(c, owner, passwordId)) {
                throw ServiceException.notFound("password " + passwordId + " not found on " + word + " " + owner.id());
            }
            ObjectNode metadata = OperationLog.metadata("Delete" + typeName + "PasswordMetadata")
                    .put(idParam, owner.id()).put("passwordId", passwordId);
            return done(c, r, "Delete " + word + " password", folderId, owner, metadata, OperationLog.empty());
        });
        credentialsRemoved(owner);
        return response;
    }

    /** After commit: the broker closes connections that authenticated with what was removed. */
    private void credentialsRemoved(Owner owner) {
        String registryId = kind == OwnerKind.REGISTRY ? owner.id()
                : ctx.db().inTransaction("find device", c -> ctx.devices().find(c, owner.id())).map(d -> d.registryId()).orElse(null);
        if (registryId != null) {
            ctx.dataPlane().credentialsRemoved(kind == OwnerKind.REGISTRY, owner.id(), registryId);
        }
    }

    private Response done(Connection c, Request r, String description, String folderId, Owner owner,
                          ObjectNode metadata, ObjectNode response) throws SQLException {
        String resourceKind = kind == OwnerKind.REGISTRY ? OperationLog.REGISTRY : OperationLog.DEVICE;
        return Response.ok(OperationLog.toJson(log.record(c, r.token(),
                new OperationLog.Entry(description, resourceKind, owner.id(), folderId, metadata, response))));
    }

    private Owner owner(Request r) {
        String id = Params.id(r, idParam);
        return kind == OwnerKind.REGISTRY ? Owner.registry(id) : Owner.device(id);
    }

    /** The owner's folder, after checking that it exists and that the token may see it. */
    private String folderOf(Connection c, Request r, Owner owner) throws SQLException {
        String registryId = kind == OwnerKind.REGISTRY ? owner.id() : lookup.device(c, owner.id()).registryId();
        String folderId = lookup.registry(c, registryId).folderId();
        Guard.folder(r.token(), folderId);
        return folderId;
    }

    private ObjectNode certificateJson(Certificate cert) {
        ObjectNode node = Json.object().put(idParam, cert.owner().id()).put("fingerprint", cert.fingerprint())
                .put("certificateData", cert.certificateData());
        return Json.putTime(node, "createdAt", cert.createdAt());
    }

    private ObjectNode passwordJson(PasswordEntry p) {
        return Json.putTime(Json.object().put(idParam, p.owner().id()).put("id", p.id()), "createdAt", p.createdAt());
    }
}
