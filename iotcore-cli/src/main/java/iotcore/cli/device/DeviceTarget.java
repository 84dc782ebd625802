package iotcore.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.client.ApiClient;
import iotcore.cli.registry.RegistryOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The device a device command acts on: NAME|ID, {@code --id} or {@code --name}, and the registry for names (a mixin). */
public final class DeviceTarget {

    @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "Device name or id.")
    String ref;

    @Option(names = "--id", paramLabel = "ID", description = "Device id.")
    String id;

    @Option(names = "--name", paramLabel = "NAME", description = "Device name (unique within its registry).")
    String name;

    @Mixin
    RegistryOptions registry;

    public JsonNode fetch(ApiClient api, String folderId, String view) {
        return Devices.find(api, folderId, registry, new Devices.Ref(ref, id, name, "--id, --name"), view);
    }

    /** Skips the lookup when the id was given with {@code --id}. */
    public String id(ApiClient api, String folderId) {
        return id != null && ref == null && name == null ? id : fetch(api, folderId, null).path("id").asText();
    }
}
