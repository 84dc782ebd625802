package iotcore.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.client.ApiClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The registry a registry command acts on: positional NAME|ID, {@code --id} or {@code --name} (a mixin). */
public final class RegistryTarget {

    @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "Registry name or id.")
    String ref;

    @Option(names = "--id", paramLabel = "ID", description = "Registry id.")
    String id;

    @Option(names = "--name", paramLabel = "NAME", description = "Registry name.")
    String name;

    public JsonNode fetch(ApiClient api, String folderId) {
        return Registries.find(api, folderId, ref, id, name, "--id, --name");
    }

    /** Skips the lookup when the id was given with {@code --id}. */
    public String id(ApiClient api, String folderId) {
        return id != null && ref == null && name == null ? id : fetch(api, folderId).path("id").asText();
    }
}
