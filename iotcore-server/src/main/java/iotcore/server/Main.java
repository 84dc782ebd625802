package iotcore.server;

import iotcore.cli.Cli;
import picocli.CommandLine;

/** The {@code ./iotcore} entry point: the CLI of iotcore-cli plus the {@code serve} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = Cli.commandLine();
        commandLine.addSubcommand("serve", new ServeCommand());
        commandLine.setOverwrittenOptionsAllowed(true); // a repeated option: the last one wins, as in most tools
        System.exit(commandLine.execute(args));
    }
}
