package iotcore.cli.migration;

import iotcore.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code iotcore import ...}: bring resources from another installation or service. */
@Command(name = "import", description = "Import registries, devices, certificates and aliases (admin token).",
        subcommands = {YcImportCommand.class})
public final class ImportCommand extends GroupCommand {
}
