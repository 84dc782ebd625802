package iotcore.server.broker;

import iotcore.api.ApiContext;
import iotcore.broker.auth.Identity;
import iotcore.broker.auth.IdentityStore;
import iotcore.model.credential.Certificate;
import iotcore.model.credential.Owner;
import iotcore.model.credential.OwnerKind;
import iotcore.model.credential.ParsedCertificate;
import iotcore.model.registry.Registry;
import iotcore.model.registry.RegistryStatus;
import iotcore.storage.device.DeviceAlias;
import iotcore.storage.jdbc.Page;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The broker's view of identities, read from the management database. */
public final class JdbcIdentityStore implements IdentityStore {
    private final ApiContext ctx;

    public JdbcIdentityStore(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Optional<CertificateOwner> findCertificate(byte[] der) {
        String sha256 = ParsedCertificate.sha256Hex(der);
        return ctx.db().inTransaction("find certificate", c -> {
            Optional<Certificate> cert = ctx.certificates().findBySha256(c, sha256);
            if (cert.isEmpty() || !sameBytes(cert.get(), der)) {
                return Optional.empty();
            }
            Owner owner = cert.get().owner();
            Optional<Identity> identity = owner.kind() == OwnerKind.REGISTRY
                    ? ctx.registries().find(c, owner.id()).map(r -> (Identity) new Identity.Registry(r.id()))
                    : ctx.devices().find(c, owner.id()).map(d -> (Identity) new Identity.Device(d.id(), d.registryId()));
            return identity.map(i -> new CertificateOwner(i, cert.get().fingerprint()));
        });
    }

    /** Decisions §2: a SHA-256 match is confirmed byte for byte against the stored certificate. */
    private static boolean sameBytes(Certificate stored, byte[] der) {
        return MessageDigest.isEqual(ParsedCertificate.parse("certificate", stored.certificateData()).der(), der);
    }

    @Override
    public PasswordCheck checkPassword(String id, byte[] password) {
        var found = ctx.db().inTransaction("find password owner", c -> {
            var device = ctx.devices().find(c, id);
            if (device.isPresent()) {
                Identity identity = new Identity.Device(id, device.get().registryId());
                return Optional.of(Map.entry(identity, ctx.passwords().hashes(c, Owner.device(id))));
            }
            var registry = ctx.registries().find(c, id);
            if (registry.isPresent()) {
                Identity identity = new Identity.Registry(id);
                return Optional.of(Map.entry(identity, ctx.passwords().hashes(c, Owner.registry(id))));
            }
            return Optional.<Map.Entry<Identity, Map<String, String>>>empty();
        });
        if (found.isEmpty()) {
            return new PasswordCheck.UnknownId();
        }
        String text = new String(password, StandardCharsets.UTF_8);
        try {
            for (Map.Entry<String, String> hash : found.get().getValue().entrySet()) {
                if (ctx.hasher().verify(text, hash.getValue())) {
                    return new PasswordCheck.Match(found.get().getKey(), hash.getKey());
                }
            }
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return new PasswordCheck.Wrong();
    }

    @Override
    public boolean passwordExists(Identity owner, String passwordId) {
        Owner o = owner instanceof Identity.Registry ? Owner.registry(owner.id()) : Owner.device(owner.id());
        return ctx.db().inTransaction("check password", c -> ctx.passwords().exists(c, o, passwordId));
    }

    @Override
    public boolean registryActive(String registryId) {
        return ctx.db().inTransaction("check registry", c -> ctx.registries().find(c, registryId))
                .map(Registry::status).map(RegistryStatus.ACTIVE::equals).orElse(false);
    }

    @Override
    public boolean registryExists(String registryId) {
        return ctx.db().inTransaction("check registry", c -> ctx.registries().find(c, registryId)).isPresent();
    }

    @Override
    public Optional<String> registryOfDevice(String deviceId) {
        return ctx.db().inTransaction("find device", c -> ctx.devices().find(c, deviceId)).map(d -> d.registryId());
    }

    @Override
    public Map<String, String> aliases(String registryId) {
        return ctx.db().inTransaction("list aliases", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            long offset = 0;
            while (offset >= 0) {
                Page<DeviceAlias> page = ctx.devices().listAliases(c, registryId, offset, 1000);
                page.items().forEach(a -> out.put(a.alias(), a.topicPrefix()));
                offset = page.nextOffset();
            }
            return out;
        });
    }
}
