package iotcore.server;

import iotcore.bench.BenchCommand;
import iotcore.cli.Cli;
import picocli.CommandLine;

/** The {@code ./iotcore} entry point: the CLI of iotcore-cli plus the {@code serve} and {@code bench} commands. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = Cli.commandLine();
        commandLine.addSubcommand("serve", new ServeCommand());
        commandLine.addSubcommand("bench", new BenchCommand());
        commandLine.setOverwrittenOptionsAllowed(true); // a repeated option: the last one wins, as in most tools
        System.exit(commandLine.execute(args));
    }
}
