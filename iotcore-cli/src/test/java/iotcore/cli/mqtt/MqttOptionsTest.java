package iotcore.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import iotcore.cli.CliRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Option checks that fail before any connection, and where the connection would go. */
class MqttOptionsTest {

    @TempDir
    Path dataDir;

    private CliRun run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return CliRun.of(all);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "publish -t a/b -m x                                 | how to log in? give --cert FILE --key FILE, or -u/--username ID (with -P/--password)",
            "publish -t a/b -m x --cert d.crt                    | --cert needs --key FILE",
            "subscribe -t a/b --key d.key                        | --key needs --cert FILE",
            "publish -t a/b -m x -P secret                       | -P/--password needs -u/--username (the device or registry id)",
            "publish -t a/+/b -m x -u d -P p                     | invalid topic 'a/+/b': wildcards (+, #) are for subscribing only",
            "subscribe -t a/#/b -u d -P p                        | invalid topic filter 'a/#/b': Invalid usage of multi-level wildcard in topic string: a/#/b",
            "subscribe -t a -u d -P p --count 0                  | --count must be at least 1",
            "publish -t a -m x -u d -P p --port 70000            | --port must be between 1 and 65535, not 70000",
            "publish -t a -m x -u d -P p --cafile nope.crt       | --cafile: no such file: nope.crt",
            "publish -t a -f nope.bin -u d -P p                  | -f/--file: no such file: nope.bin",
            "publish -t a -m x --cert nope.crt --key nope.key    | --cert: no such file: nope.crt"})
    void badCombinationsAreUserErrorsNamingTheFlag(String args, String message) {
        CliRun result = run(("mqtt " + args.strip()).split(" +"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ERROR: " + message + "\n");
        assertThat(result.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "publish -m x -u d -P p                  | Missing required option: '--topic=TOPIC'",
            "publish -t a -u d -P p                  | Missing required argument (specify one of these): (-m=TEXT | -f=FILE | -l)",
            "publish -t a -m x -f y -u d -P p        | are mutually exclusive",
            "publish -t a -m x -q 2 -u d -P p        | QoS 2 is not supported; use 0 (at-most-once) or 1 (at-least-once)",
            "subscribe -t a -q most -u d -P p        | expected 0, 1, at-most-once or at-least-once",
            "subscribe -t a -u d -P p --timeout 0s   | must be longer than zero"})
    void parseErrorsPointAtHelp(String args, String message) {
        CliRun result = run(("mqtt " + args.strip()).split(" +"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(message).contains("See 'iotcore mqtt ");
    }

    @Test
    void aBrokerThatIsNotListeningIsExitCodeTwo() throws Exception {
        int port = closedPort();
        Files.writeString(dataDir.resolve("ports.json"), "{\"http\": 1, \"mqtts\": " + port + "}");

        CliRun result = run("mqtt", "publish", "-t", "a", "-m", "x", "-u", "d", "-P", "p", "-q", "at-least-once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("ERROR: cannot connect to the MQTT broker at 127.0.0.1:" + port
                + " (from " + dataDir.resolve("ports.json") + "): ").contains("Is the server running?")
                .doesNotContain("\tat ");
    }

    @Test
    void thePortComesFromPortsJsonElse8883() throws Exception {
        BrokerOptions withoutServer = CommandLine.populateCommand(new BrokerOptions(), "--data-dir", dataDir.toString());
        assertThat(withoutServer.address()).isEqualTo(new BrokerAddress("127.0.0.1", 8883,
                "the default port; " + dataDir.resolve("ports.json") + " names none"));
        assertThat(withoutServer.caFile()).isEmpty();

        Files.writeString(dataDir.resolve("ports.json"), "{\"http\": 8080, \"mqtts\": 18883, \"wss\": 8443}");
        Files.createDirectories(dataDir.resolve("tls"));
        Files.writeString(dataDir.resolve("tls/ca.crt"), "");
        BrokerOptions local = CommandLine.populateCommand(new BrokerOptions(), "--data-dir", dataDir.toString());
        assertThat(local.address().port()).isEqualTo(18883);
        assertThat(local.caFile()).contains(dataDir.resolve("tls/ca.crt"));

        BrokerOptions explicit = CommandLine.populateCommand(new BrokerOptions(), "--data-dir", dataDir.toString(),
                "--host", "::1", "--port", "1883");
        assertThat(explicit.address().uri()).isEqualTo("ssl://[::1]:1883");
    }

    @Test
    void everyRunGetsItsOwnClientIdWithinTheLengthMqttGuarantees() {
        BrokerOptions options = CommandLine.populateCommand(new BrokerOptions());
        String first = options.clientId();
        String second = options.clientId();

        assertThat(first).startsWith("YCCmdLine-").hasSize(18).isNotEqualTo(second);
        assertThat(CommandLine.populateCommand(new BrokerOptions(), "--client-id", "mine").clientId()).isEqualTo("mine");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
