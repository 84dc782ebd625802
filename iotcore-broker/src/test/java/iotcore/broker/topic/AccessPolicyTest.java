package iotcore.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import iotcore.broker.auth.Directory;
import iotcore.broker.auth.Identity;
import iotcore.broker.auth.IdentityStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The topic model on an in-memory directory: registry r1 with devices d1 (alias "my/alias/") and d2; r2 with d3. */
class AccessPolicyTest {

    private static final Identity D1 = new Identity.Device("d1", "r1");
    private static final Identity R1 = new Identity.Registry("r1");

    private final AccessPolicy policy = new AccessPolicy(new Directory(new IdentityStore() {
        @Override
        public Optional<CertificateOwner> findCertificate(byte[] der) {
            return Optional.empty();
        }

        @Override
        public PasswordCheck checkPassword(String id, byte[] password) {
            return new PasswordCheck.UnknownId();
        }

        @Override
        public boolean passwordExists(Identity owner, String passwordId) {
            return false;
        }

        @Override
        public boolean registryActive(String registryId) {
            return true;
        }

        @Override
        public boolean registryExists(String registryId) {
            return true;
        }

        @Override
        public Optional<String> registryOfDevice(String deviceId) {
            return Optional.ofNullable(Map.of("d1", "r1", "d2", "r1", "d3", "r2").get(deviceId));
        }

        @Override
        public Map<String, String> aliases(String registryId) {
            return registryId.equals("r1") ? Map.of("my/alias/", "$devices/d1/") : Map.of();
        }
    }));

    private List<String> filters(Identity who, String filter) {
        return policy.resolveSubscribe(who, filter).stream().map(Route::canonicalFilter).toList();
    }

    @Test
    void devicePublishesOnlyItsOwnTelemetryAndRegistryOnlyCommandsToItsDevices() {
        assertThat(policy.resolvePublish(D1, "$devices/d1/events/x")).isEqualTo("$devices/d1/events/x");
        assertThat(policy.resolvePublish(D1, "$registries/r1/state")).isEqualTo("$registries/r1/state");
        assertThat(policy.resolvePublish(D1, "$devices/d1/commands")).isNull();
        assertThat(policy.resolvePublish(D1, "$devices/d2/events")).isNull();
        assertThat(policy.resolvePublish(D1, "$monitoring/d1/json")).isNull();
        assertThat(policy.resolvePublish(D1, "foo/bar")).isNull();
        assertThat(policy.resolvePublish(R1, "$devices/d2/config")).isEqualTo("$devices/d2/config");
        assertThat(policy.resolvePublish(R1, "$devices/d3/commands")).isNull();
        assertThat(policy.resolvePublish(R1, "$devices/d1/events")).isNull();
    }

    @Test
    void theCheckReadsWholeLevels() {
        for (String allowed : List.of("$devices/d1/events", "$devices/d1/events/", "$devices/d1/state/a/b", "$registries/r1/events")) {
            assertThat(policy.resolvePublish(D1, allowed)).as(allowed).isEqualTo(allowed);
        }
        for (String refused : List.of("$devices/d1", "$devices/d1/", "$devices//events", "$devices/d1/eventsx", "$devices/d1/event",
                "$devices/d1x/events", "$devices/d/events", "$devicesx/d1/events", "$device/d1/events", "$registries/r1x/state",
                "$registries/r1", "/d1/events")) {
            assertThat(policy.resolvePublish(D1, refused)).as(refused).isNull();
        }
        assertThat(policy.resolvePublish(R1, "$devices/d2/commands/x")).isEqualTo("$devices/d2/commands/x");
        assertThat(policy.resolvePublish(R1, "$registries/r1/config")).isEqualTo("$registries/r1/config");
        assertThat(policy.resolvePublish(R1, "$registries/r2/config")).isNull();
        assertThat(policy.resolvePublish(R1, "$devices/d2/commandsx")).isNull();
    }

    @Test
    void meAndAliasesResolveBeforeTheCheck() {
        assertThat(policy.resolvePublish(D1, "$me/device/events")).isEqualTo("$devices/d1/events");
        assertThat(policy.resolvePublish(D1, "my/alias/events/t")).isEqualTo("$devices/d1/events/t");
        assertThat(policy.resolvePublish(R1, "my/alias/commands")).isEqualTo("$devices/d1/commands");
        assertThat(policy.resolvePublish(R1, "$me/device/events")).isNull();
    }

    @Test
    void wildcardSubscriptionsAreNarrowedToWhatTheIdentityMayRead() {
        assertThat(filters(R1, "$devices/#")).containsExactly("$devices/+/events/#", "$devices/+/state/#");
        assertThat(filters(D1, "$registries/#")).containsExactly("$registries/r1/commands/#", "$registries/r1/config/#");
        assertThat(filters(D1, "$devices/d1/+")).containsExactly("$devices/d1/commands", "$devices/d1/config");
        assertThat(filters(D1, "$devices/d1/events")).isEmpty();
        assertThat(filters(R1, "$devices/d3/events")).isEmpty();
        assertThat(filters(R1, "$devices/+")).containsExactly("$devices/+");
    }

    @Test
    void meSubscriptionsDeliverUnderTheMeName() {
        Route route = policy.resolveSubscribe(D1, "$me/device/commands").get(0);

        assertThat(route.canonicalFilter()).isEqualTo("$devices/d1/commands");
        assertThat(route.visibleTopic("$devices/d1/commands")).isEqualTo("$me/device/commands");
    }

    @Test
    void aliasWildcardsResolveButNeverReplay() {
        List<Route> routes = policy.resolveSubscribe(R1, "my/alias/#");

        assertThat(routes).extracting(Route::canonicalFilter).containsExactly("$devices/d1/events/#", "$devices/d1/state/#");
        assertThat(routes).allSatisfy(r -> assertThat(r.replay()).isFalse());
        assertThat(routes.get(0).visibleTopic("$devices/d1/events/t")).isEqualTo("my/alias/events/t");
    }
}
