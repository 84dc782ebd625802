package iotcore.cli.registry;

import iotcore.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "registry", description = "Manage device registries.",
        subcommands = {RegistryCreate.class, RegistryGet.class, RegistryList.class, RegistryUpdate.class,
                RegistryDelete.class, RegistryStatus.Disable.class, RegistryStatus.Enable.class,
                RegistryLabels.Add.class, RegistryLabels.Remove.class, RegistryTopicAliases.class,
                RegistryCredentials.Certificates.class, RegistryCredentials.Passwords.class, RegistryLogs.class})
public final class RegistryCommand extends GroupCommand {
}
