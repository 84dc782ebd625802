package iotcore.bench.micro;

import iotcore.broker.auth.Directory;
import iotcore.broker.auth.Identity;
import iotcore.broker.auth.IdentityStore;
import iotcore.broker.topic.AccessPolicy;
import iotcore.broker.topic.Filters;
import iotcore.broker.topic.Route;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The permission checks of every PUBLISH (spec §3.2, with {@code $me} and alias resolution) and of a SUBSCRIBE
 * (narrowing, §3.3), over the directory cache warmed with 10,000 devices, 10 registries and 10 aliases per registry.
 */
@State(Scope.Benchmark)
public class AccessPolicyBenchmark extends MicroBenchmark {
    private static final int ALIASES = 10;

    private AccessPolicy policy;
    private Identity.Device[] devices;
    private Identity.Registry[] registries;
    private String[] ownEvents;
    private String[] commandsToDevice;
    private String[] othersEvents;
    private Identity.Device[] aliasOwners;
    private String[] aliased;
    private int next;
    private int nextAlias;

    @Setup
    public void setUp() {
        Map<String, String> registryOfDevice = new HashMap<>();
        Map<String, Map<String, String>> aliases = new HashMap<>();
        int[] order = Fleet.shuffled(Fleet.DEVICES);
        devices = new Identity.Device[Fleet.DEVICES];
        registries = new Identity.Registry[Fleet.DEVICES];
        ownEvents = new String[Fleet.DEVICES];
        commandsToDevice = new String[Fleet.DEVICES];
        othersEvents = new String[Fleet.DEVICES];
        aliasOwners = new Identity.Device[Fleet.REGISTRIES * ALIASES];
        aliased = new String[Fleet.REGISTRIES * ALIASES];
        int alias = 0;
        for (int i = 0; i < Fleet.DEVICES; i++) {
            int d = order[i];
            String device = Fleet.device(d);
            String registry = Fleet.registryOf(d);
            registryOfDevice.put(device, registry);
            devices[i] = new Identity.Device(device, registry);
            if (d % Fleet.DEVICES_PER_REGISTRY < ALIASES) {
                String name = "sensors/" + d % ALIASES + "/";
                aliases.computeIfAbsent(registry, r -> new HashMap<>()).put(name, "$devices/" + device + "/events/");
                aliasOwners[alias] = devices[i];
                aliased[alias++] = name + "temperature";
            }
            registries[i] = new Identity.Registry(registry);
            ownEvents[i] = "$devices/" + device + "/events";
            commandsToDevice[i] = "$devices/" + device + "/commands";
            othersEvents[i] = "$devices/" + Fleet.device((d + 1) % Fleet.DEVICES) + "/events";
        }
        Directory directory = new Directory(new InMemoryIdentities(registryOfDevice, aliases));
        policy = new AccessPolicy(directory);
        for (int i = 0; i < Fleet.DEVICES; i++) {
            policy.resolvePublish(registries[i], commandsToDevice[i]); // warms the directory cache, as a running broker has
        }
        for (int i = 0; i < aliased.length; i++) {
            policy.resolvePublish(aliasOwners[i], aliased[i]);
        }
    }

    private int next() {
        int i = next;
        next = i + 1 == Fleet.DEVICES ? 0 : i + 1;
        return i;
    }

    /** A device publishes its own telemetry: allowed. */
    @Benchmark
    public String publishOwnEvents() {
        int i = next();
        return policy.resolvePublish(devices[i], ownEvents[i]);
    }

    /** A registry sends a command to one of its devices: allowed after a device-to-registry lookup. */
    @Benchmark
    public String publishCommandToDevice() {
        int i = next();
        return policy.resolvePublish(registries[i], commandsToDevice[i]);
    }

    /** A device publishes as another device: refused. */
    @Benchmark
    public String publishOthersEvents() {
        int i = next();
        return policy.resolvePublish(devices[i], othersEvents[i]);
    }

    /** A device publishes to its alias, one of the 10 of its registry (spec §3.6). */
    @Benchmark
    public String publishThroughAlias() {
        int i = nextAlias;
        nextAlias = i + 1 == aliased.length ? 0 : i + 1;
        return policy.resolvePublish(aliasOwners[i], aliased[i]);
    }

    /** A registry subscribes to all its devices' telemetry: the filter narrowed to what it may read. */
    @Benchmark
    public List<Route> subscribeAllEvents() {
        return policy.resolveSubscribe(registries[next()], "$devices/+/events/#");
    }

    /** The PUBLISH topic check of the transport [MQTT-3.3.2-2]. */
    @Benchmark
    public boolean validTopicName() {
        return Filters.validTopicName(ownEvents[next()], 1024);
    }

    /** The directory of a broker whose database holds the fleet; only the lookups the topic model makes. */
    private record InMemoryIdentities(Map<String, String> registryOfDevice, Map<String, Map<String, String>> aliasesOf)
            implements IdentityStore {
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
            return Optional.ofNullable(registryOfDevice.get(deviceId));
        }

        @Override
        public Map<String, String> aliases(String registryId) {
            return aliasesOf.getOrDefault(registryId, Map.of());
        }
    }
}
