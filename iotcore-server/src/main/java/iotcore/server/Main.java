package iotcore.server;

import iotcore.cli.Cli;

/** The {@code ./iotcore} entry point: the CLI of iotcore-cli (the {@code serve} command joins it here). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.commandLine().execute(args));
    }
}
