package iotcore.broker.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lookups made on every PUBLISH and SUBSCRIBE (device to registry, a registry's aliases), cached
 * in front of the {@link IdentityStore}. The management API reports changes through
 * {@link #deviceChanged} and {@link #registryChanged}; a device never moves between registries, so a
 * cached device-to-registry entry only goes stale by deletion.
 */
public final class Directory {
    private final IdentityStore store;
    private final Map<String, String> registryOfDevice = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> aliases = new ConcurrentHashMap<>();

    public Directory(IdentityStore store) {
        this.store = store;
    }

    public IdentityStore store() {
        return store;
    }

    public Optional<String> registryOfDevice(String deviceId) {
        String cached = registryOfDevice.get(deviceId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> found = store.registryOfDevice(deviceId);
        found.ifPresent(r -> registryOfDevice.put(deviceId, r));
        return found;
    }

    public boolean deviceInRegistry(String deviceId, String registryId) {
        return registryOfDevice(deviceId).map(registryId::equals).orElse(false);
    }

    public Map<String, String> aliases(String registryId) {
        return aliases.computeIfAbsent(registryId, r -> Map.copyOf(store.aliases(r)));
    }

    /** Whether the lookups of this identity's packets are cached (its registry's aliases, a device's registry). */
    public boolean cached(Identity identity) {
        return aliases.containsKey(identity.registryId())
                && (!(identity instanceof Identity.Device d) || registryOfDevice.containsKey(d.id()));
    }

    /** A device was created, changed (aliases) or deleted. */
    public void deviceChanged(String deviceId, String registryId) {
        registryOfDevice.remove(deviceId);
        if (registryId != null) {
            aliases.remove(registryId);
        }
    }

    public void registryChanged(String registryId) {
        aliases.remove(registryId);
    }
}
