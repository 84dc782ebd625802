package iotcore.cli.registry;

import iotcore.cli.client.ApiClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The owning registry of certificates and passwords: positional or {@code --registry-id|--registry-name} (a mixin). */
public final class RegistryParent {

    @Parameters(arity = "0..1", paramLabel = "REGISTRY", description = "Registry name or id.")
    String ref;

    @Option(names = "--registry-id", paramLabel = "ID", description = "Registry id.")
    String id;

    @Option(names = "--registry-name", paramLabel = "NAME", description = "Registry name.")
    String name;

    public String id(ApiClient api, String folderId) {
        if (id != null && ref == null && name == null) {
            return id;
        }
        return Registries.find(api, folderId, ref, id, name, "--registry-id, --registry-name").path("id").asText();
    }
}
