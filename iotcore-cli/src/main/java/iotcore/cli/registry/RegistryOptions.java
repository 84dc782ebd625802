package iotcore.cli.registry;

import iotcore.cli.client.ApiClient;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --registry-id | --registry-name}: the registry a device or child resource belongs to (a mixin). */
public final class RegistryOptions {

    @Option(names = "--registry-id", paramLabel = "ID", description = "Registry id.")
    String id;

    @Option(names = "--registry-name", paramLabel = "NAME", description = "Registry name (in --folder-id).")
    String name;

    public boolean given() {
        return id != null || name != null;
    }

    /** Empty when neither option was given. */
    public Optional<String> id(ApiClient api, String folderId) {
        if (!given()) {
            return Optional.empty();
        }
        if (id != null && name == null) {
            return Optional.of(id);
        }
        return Optional.of(Registries.find(api, folderId, null, id, name, "--registry-id, --registry-name")
                .path("id").asText());
    }
}
