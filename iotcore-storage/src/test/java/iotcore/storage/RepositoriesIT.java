package iotcore.storage;

import iotcore.model.credential.Certificate;
import iotcore.model.credential.Owner;
import iotcore.model.credential.ParsedCertificate;
import iotcore.model.credential.PasswordEntry;
import iotcore.model.device.Device;
import iotcore.model.device.MonitoringData;
import iotcore.model.registry.Registry;
import iotcore.model.registry.RegistryStatus;
import iotcore.model.rules.Ids;
import iotcore.storage.credential.JdbcCertificateRepository;
import iotcore.storage.credential.JdbcPasswordRepository;
import iotcore.storage.credential.PasswordHasher;
import iotcore.storage.device.JdbcDeviceRepository;
import iotcore.storage.jdbc.Database;
import iotcore.storage.jdbc.Page;
import iotcore.storage.jdbc.Rows;
import iotcore.storage.jdbc.UniqueViolationException;
import iotcore.storage.registry.JdbcRegistryRepository;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import iotcore.testkit.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same Flyway schema and repositories on the embedded H2 file database and a real PostgreSQL. */
class RepositoriesIT {
    @TempDir
    Path dir;

    private final JdbcRegistryRepository registries = new JdbcRegistryRepository();
    private final JdbcDeviceRepository devices = new JdbcDeviceRepository();
    private final JdbcCertificateRepository certificates = new JdbcCertificateRepository();
    private final JdbcPasswordRepository passwords = new JdbcPasswordRepository();

    private Database open(String engine) {
        if (engine.equals("h2")) {
            return Database.open("jdbc:h2:file:" + dir.resolve("iotcore").toAbsolutePath(), "sa", "");
        }
        TestPostgres.Database pg = TestPostgres.newDatabase();
        return Database.open(pg.jdbcUrl(), pg.user(), pg.password());
    }

    private static Registry registry(String name) {
        return new Registry(Ids.next("are"), "default", Rows.now(), name, "desc", Map.of("env", "prod"), RegistryStatus.ACTIVE, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void registryAndDeviceWithAliasesRoundTrip(String engine) {
        try (Database db = open(engine)) {
            Registry r = registry("reg-a");
            Map<String, String> aliases = new LinkedHashMap<>();
            String deviceId = Ids.next("are");
            aliases.put("z/", "$devices/" + deviceId + "/events");
            aliases.put("a/", "$devices/" + deviceId + "/state");
            Device d = new Device(deviceId, r.id(), Rows.now(), "dev-1", "", aliases, Map.of("k", "v"), MonitoringData.NONE);
            db.inTransaction("create", c -> {
                registries.insert(c, r);
                devices.insert(c, d);
                return null;
            });
            Registry read = db.inTransaction("get", c -> registries.find(c, r.id())).orElseThrow();
            assertThat(read).isEqualTo(r);
            Device readDevice = db.inTransaction("get", c -> devices.findByName(c, r.id(), "dev-1")).orElseThrow();
            assertThat(readDevice.topicAliases()).containsExactly(Map.entry("z/", aliases.get("z/")), Map.entry("a/", aliases.get("a/")));
            assertThat(readDevice.labels()).isEqualTo(Map.of("k", "v"));
            Map<String, String> owners = db.inTransaction("aliases", c -> devices.aliasOwners(c, r.id(), "none"));
            assertThat(owners).containsOnlyKeys("z/", "a/");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void registryNamesAreUniqueInAFolderAndAFailedTransactionWritesNothing(String engine) {
        try (Database db = open(engine)) {
            db.inTransaction("create", c -> {
                registries.insert(c, registry("same"));
                return null;
            });
            Registry second = registry("same");
            assertThatThrownBy(() -> db.inTransaction("create", c -> {
                registries.insert(c, second);
                return null;
            })).isInstanceOf(UniqueViolationException.class);
            java.util.Optional<Registry> missing = db.inTransaction("get", c -> registries.find(c, second.id()));
            assertThat(missing).isEmpty();
            Page<Registry> page = db.inTransaction("list", c -> registries.list(c, "default", 0, 10));
            assertThat(page.items()).hasSize(1);
            assertThat(page.last()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aCertificateBelongsToOneOwnerInTheWholeInstallation(String engine) {
        try (Database db = open(engine)) {
            TestCertificate pki = TestPki.selfSigned("localhost");
            ParsedCertificate parsed = ParsedCertificate.parse("certificateData", pki.certificatePem());
            assertThat(parsed.sha1()).isEqualTo(pki.sha1Fingerprint());
            Certificate first = new Certificate(Owner.device("d1"), parsed.sha1(), parsed.sha256(), parsed.pem(),
                    parsed.notBefore(), parsed.notAfter(), Rows.now());
            Certificate second = new Certificate(Owner.registry("r1"), parsed.sha1(), parsed.sha256(), parsed.pem(),
                    parsed.notBefore(), parsed.notAfter(), Rows.now());
            db.inTransaction("add", c -> {
                certificates.insert(c, first);
                return null;
            });
            assertThatThrownBy(() -> db.inTransaction("add", c -> {
                certificates.insert(c, second);
                return null;
            })).isInstanceOf(UniqueViolationException.class);
            java.util.Optional<Certificate> found = db.inTransaction("lookup", c -> certificates.findBySha256(c, pki.sha256Hex()));
            assertThat(found.orElseThrow().owner()).isEqualTo(Owner.device("d1"));
            boolean deleted = db.inTransaction("delete", c -> certificates.delete(c, Owner.device("d1"), parsed.sha1()));
            assertThat(deleted).isTrue();
            db.inTransaction("add", c -> {
                certificates.insert(c, second);
                return null;
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void passwordsAreStoredOnlyAsArgon2idHashes(String engine) {
        PasswordHasher hasher = new PasswordHasher();
        try (Database db = open(engine)) {
            String hash = hasher.hash("Passw0rdForDevice");
            db.inTransaction("add", c -> {
                passwords.insert(c, new PasswordEntry(Owner.device("d1"), Ids.next("are"), Rows.now()), hash);
                return null;
            });
            java.util.Collection<String> stored = db.inTransaction("read", c -> passwords.hashes(c, Owner.device("d1"))).values();
            assertThat(stored).singleElement().satisfies(h -> {
                assertThat(h).startsWith("$argon2id$v=19$").doesNotContain("Passw0rdForDevice");
                assertThat(hasher.verify("Passw0rdForDevice", h)).isTrue();
                assertThat(hasher.verify("Passw0rdForDevicf", h)).isFalse();
            });
        }
    }
}
