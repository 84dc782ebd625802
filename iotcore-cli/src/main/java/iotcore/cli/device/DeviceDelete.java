package iotcore.cli.device;

import iotcore.cli.FolderOption;
import iotcore.cli.MutatingCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "delete", description = "Delete a device.")
final class DeviceDelete extends MutatingCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    DeviceTarget device;

    @Override
    protected void run() {
        finish(api().delete(Devices.path(device.id(api(), folder.id()))));
    }
}
