package iotcore.cli;

import iotcore.cli.admin.BackupCommand;
import iotcore.cli.admin.FolderCommand;
import iotcore.cli.admin.TokenCommand;
import iotcore.cli.certificate.CertificateCommand;
import iotcore.cli.device.DeviceCommand;
import iotcore.cli.migration.ExportCommand;
import iotcore.cli.migration.ImportCommand;
import iotcore.cli.mqtt.MqttCommand;
import iotcore.cli.operation.OperationCommand;
import iotcore.cli.registry.RegistryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code iotcore} command line, shaped like {@code yc iot} so scripts can swap one for the other. The server
 * module adds its own {@code serve} subcommand and calls {@code System.exit(commandLine().execute(args))}.
 */
@Command(name = "iotcore", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Cli.Version.class,
        description = "Self-hosted IoT Core: manage registries, devices and their credentials through the REST API; publish and subscribe over MQTT.",
        subcommands = {RegistryCommand.class, DeviceCommand.class, OperationCommand.class, FolderCommand.class,
                TokenCommand.class, CertificateCommand.class, MqttCommand.class, ImportCommand.class, ExportCommand.class,
                BackupCommand.class, CommandLine.HelpCommand.class},
        footer = {"", Cli.EXIT_CODES})
public final class Cli extends GroupCommand {
    static final String EXIT_CODES = "Exit codes: 0 success, 1 user or API error, 2 cannot reach the server.";

    /** The root command with every client subcommand and exit-code handling configured. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Cli()));
    }

    /**
     * The same root command (name, options, exit-code handling) without the client subcommands, for a caller that adds
     * the one command it runs: building the model of every subcommand takes a good part of a second on a cold JVM.
     */
    public static CommandLine bareCommandLine() {
        return configure(new CommandLine(new Bare()));
    }

    @Command(name = "iotcore", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Cli.Version.class,
            footer = {"", EXIT_CODES})
    static final class Bare extends GroupCommand {
    }

    private static CommandLine configure(CommandLine commandLine) {
        ErrorReporter errors = new ErrorReporter();
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandTree());
        return commandLine;
    }

    /** The version in the jar manifest, when the build put one there. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"iotcore " + (version == null ? "(development build)" : version)};
        }
    }
}
