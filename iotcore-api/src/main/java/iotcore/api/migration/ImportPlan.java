package iotcore.api.migration;

import iotcore.model.credential.Certificate;
import iotcore.model.credential.Owner;
import iotcore.model.device.Device;
import iotcore.model.registry.Registry;

import java.util.List;

/**
 * What an import will do: the resources to create (everything else in the batch is already present),
 * the counts for the summary, warnings, and the identities that have no way to connect yet.
 */
record ImportPlan(boolean folderExists, List<Registry> registries, int registriesPresent, List<Device> devices,
                  int devicesPresent, List<Certificate> certificates, int certificatesPresent, int aliasesPresent,
                  List<String> warnings, List<Identity> withoutPassword, List<Identity> withoutCredentials) {

    /** A registry or device of the batch, for the credential lists. */
    record Identity(Owner owner, String name, String registryId) {
    }

    int aliasesCreated() {
        return devices.stream().mapToInt(d -> d.topicAliases().size()).sum();
    }
}
