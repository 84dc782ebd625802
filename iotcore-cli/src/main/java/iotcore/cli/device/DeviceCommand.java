package iotcore.cli.device;

import iotcore.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "device", description = "Manage devices.",
        subcommands = {DeviceCreate.class, DeviceGet.class, DeviceList.class, DeviceUpdate.class, DeviceDelete.class,
                TopicAliases.Add.class, TopicAliases.Remove.class,
                DeviceCredentials.Certificates.class, DeviceCredentials.Passwords.class, DeviceLogs.class})
public final class DeviceCommand extends GroupCommand {
}
