package iotcore.cli.device;

import iotcore.cli.ApiCommand;
import iotcore.cli.FolderOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "get", description = "Show a device.")
final class DeviceGet extends ApiCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    DeviceTarget device;

    @Option(names = "--full", description = "Include monitoring data (last connection, last activity).")
    boolean full;

    @Override
    protected void run() {
        print(device.fetch(api(), folder.id(), full ? "FULL" : null));
    }
}
