package iotcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliTest {

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new UserException("cannot bind port 8883");
        }
    }

    @Test
    void aSubcommandAddedByTheServerIsListedAndItsExpectedFailuresAreReported() {
        CommandLine commandLine = Cli.commandLine().addSubcommand("serve", new Serve());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        assertThat(commandLine.execute("--help")).isZero();
        assertThat(out.toString()).contains("  serve").contains("Run the server.");
        assertThat(commandLine.execute("serve", "--help")).isZero();
        assertThat(commandLine.execute("serve")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ERROR: cannot bind port 8883\n");
    }

    @Test
    void aBareRootRunsTheServersSubcommandAsTheFullOneDoes() {
        String[][] runs = {{"serve", "--help"}, {"serve", "--version"}, {"serve"}, {"serve", "--bogus"}};
        for (String[] args : runs) {
            StringWriter fullOut = new StringWriter();
            StringWriter bareOut = new StringWriter();
            int full = execute(Cli.commandLine(), fullOut, args);
            int bare = execute(Cli.bareCommandLine(), bareOut, args);

            assertThat(bare).as(String.join(" ", args)).isEqualTo(full);
            assertThat(bareOut.toString()).as(String.join(" ", args)).isEqualTo(fullOut.toString()).isNotEmpty();
        }
    }

    private static int execute(CommandLine root, StringWriter outAndErr, String... args) {
        CommandLine commandLine = root.addSubcommand("serve", new Serve());
        PrintWriter writer = new PrintWriter(outAndErr, true);
        commandLine.setOut(writer);
        commandLine.setErr(writer);
        return commandLine.execute(args);
    }

    @Test
    void rootHelpListsEveryCommandAsATree() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("  registry ", "    list-device-topic-aliases ", "    add-labels ", "    remove-labels ",
                "  device ", "    add-topic-aliases ", "    remove-topic-aliases ", "      add ", "  operation ",
                "  folder ", "  token ", "  certificate ", "  mqtt ", "    publish ", "    subscribe ");
        assertThat(run.out().lines().filter(line -> line.strip().startsWith("certificate ")).count()).isEqualTo(3);
        assertThat(run.out().lines().filter(line -> line.strip().startsWith("password ")).count()).isEqualTo(2);
        assertThat(run.out().lines().filter(line -> line.startsWith("    logs ")).count()).isEqualTo(2);
    }

    @Test
    void everySubcommandHasHelp() {
        CliRun run = CliRun.of("device", "password", "add", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--device-name", "--registry-name", "--generate-password", "--endpoint", "--format");
    }
}
