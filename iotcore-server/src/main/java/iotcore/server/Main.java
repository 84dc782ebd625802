package iotcore.server;

import iotcore.bench.BenchCommand;
import iotcore.cli.Cli;
import picocli.CommandLine;

/** The {@code ./iotcore} entry point: the CLI of iotcore-cli plus the {@code serve} and {@code bench} commands. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // `serve` needs none of the other commands, whose models take a good part of a second to build on a cold JVM.
        boolean serve = args.length > 0 && args[0].equals("serve");
        CommandLine commandLine = serve ? Cli.bareCommandLine() : Cli.commandLine();
        commandLine.addSubcommand("serve", new ServeCommand());
        if (!serve) {
            commandLine.addSubcommand("bench", new BenchCommand());
        }
        commandLine.setOverwrittenOptionsAllowed(true); // a repeated option: the last one wins, as in most tools
        System.exit(commandLine.execute(args));
    }
}
