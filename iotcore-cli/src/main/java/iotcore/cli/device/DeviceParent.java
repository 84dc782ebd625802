package iotcore.cli.device;

import iotcore.cli.client.ApiClient;
import iotcore.cli.registry.RegistryOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The owning device of certificates and passwords: positional, {@code --device-id} or {@code --device-name} (a mixin). */
public final class DeviceParent {

    @Parameters(arity = "0..1", paramLabel = "DEVICE", description = "Device name or id.")
    String ref;

    @Option(names = "--device-id", paramLabel = "ID", description = "Device id.")
    String id;

    @Option(names = "--device-name", paramLabel = "NAME", description = "Device name (unique within its registry).")
    String name;

    @Mixin
    RegistryOptions registry;

    public String id(ApiClient api, String folderId) {
        if (id != null && ref == null && name == null) {
            return id;
        }
        Devices.Ref named = new Devices.Ref(ref, id, name, "--device-id, --device-name");
        return Devices.find(api, folderId, registry, named, null).path("id").asText();
    }
}
