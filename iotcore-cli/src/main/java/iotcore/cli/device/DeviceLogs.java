package iotcore.cli.device;

import iotcore.cli.ApiCommand;
import iotcore.cli.FolderOption;
import iotcore.cli.logs.ConnectionLogs;
import iotcore.cli.logs.LogOptions;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "logs", description = {
        "Show the connection log of a device.",
        "Connects, disconnects and refusals under the device's identity, oldest first."})
final class DeviceLogs extends ApiCommand {

    @Mixin
    FolderOption folder;

    @Mixin
    DeviceTarget device;

    @Mixin
    LogOptions logs;

    @Override
    protected void run() {
        String path = Devices.path(device.id(api(), folder.id()));
        new ConnectionLogs(api(), Clock.systemUTC()).print(path, logs, output.format(), spec.commandLine().getOut());
    }
}
