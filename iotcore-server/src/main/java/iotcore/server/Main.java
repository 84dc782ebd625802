package iotcore.server;

import iotcore.bench.BenchCommand;
import iotcore.cli.Cli;
import picocli.CommandLine;

/** The {@code ./iotcore} entry point: the CLI of iotcore-cli plus the {@code serve} and {@code bench} commands. */
public final class Main {
    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    private Main() {
    }

    public static void main(String[] args) {
        // `serve` needs none of the other commands, whose models take a good part of a second to build on a cold JVM.
        boolean serve = args.length > 0 && args[0].equals("serve");
        if (serve && System.getProperty(NETTY_JFR) == null) {
            // Netty's buffer allocation events would start JFR's event metadata, a few hundred ms of a cold start;
            // -Dio.netty.jfr.enabled=true (e.g. in JAVA_TOOL_OPTIONS) brings them back for a profiling session.
            System.setProperty(NETTY_JFR, "false");
        }
        if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
            // Netty samples one buffer in 128 for leak tracking, each sample a stack trace: 3% of an event loop's time
            // under load. A debugging aid, not a server's default; -Dio.netty.leakDetection.level=paranoid restores it.
            System.setProperty(NETTY_LEAK_DETECTION, "disabled");
        }
        if (serve) {
            Thread.ofPlatform().daemon().name("iotcore-preload").start(Server::preload);
        }
        CommandLine commandLine = serve ? Cli.bareCommandLine() : Cli.commandLine();
        commandLine.addSubcommand("serve", new ServeCommand());
        if (!serve) {
            commandLine.addSubcommand("bench", new BenchCommand());
        }
        commandLine.setOverwrittenOptionsAllowed(true); // a repeated option: the last one wins, as in most tools
        System.exit(commandLine.execute(args));
    }
}
