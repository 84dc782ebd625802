package iotcore.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import iotcore.cli.CliRun;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtt publish} and {@code mqtt subscribe} through Paho and TLS against {@link ScriptedBroker}, with the
 * port and CA found in a data directory laid out as a local server writes it.
 */
@Timeout(60)
class MqttCommandsIT {

    static final TestPki.Ca CA = TestPki.newCa("local iotcore CA");
    static final TestCertificate SERVER = CA.issue("server", "localhost", "127.0.0.1");
    static final String DEVICE_ID = "are7gkqxxxxxxxxxxxxx";
    static final String EVENTS = "$devices/" + DEVICE_ID + "/events";

    @TempDir
    Path dataDir;

    private ScriptedBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new ScriptedBroker(SERVER);
        Files.createDirectories(dataDir.resolve("tls"));
        Files.writeString(dataDir.resolve("tls/ca.crt"), CA.certificate().certificatePem());
        Files.writeString(dataDir.resolve("ports.json"), "{\"http\": 1, \"mqtts\": " + broker.port() + ", \"wss\": 2}");
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private CliRun run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return CliRun.of(all);
    }

    private static CliRun withStdin(String input, Supplier<CliRun> command) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void publishLogsInWithAPasswordSendsTheMessageAndPrintsNothing() throws Exception {
        CliRun result = run("mqtt", "publish", "-u", DEVICE_ID, "-P", "Secret-Password-1", "-t", EVENTS, "-m", "hello");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
        ScriptedBroker.Connect connect = broker.connect();
        assertThat(connect.protocolLevel()).isEqualTo(4);
        assertThat(connect.cleanSession()).isTrue();
        assertThat(connect.clientId()).startsWith("YCCmdLine-");
        assertThat(connect.username()).isEqualTo(DEVICE_ID);
        assertThat(connect.password()).isEqualTo("Secret-Password-1");
        assertThat(connect.certificate()).isNull();
        ScriptedBroker.Message message = broker.published();
        assertThat(message.topic()).isEqualTo(EVENTS);
        assertThat(message.qos()).isZero();
        assertThat(message.text()).isEqualTo("hello");
        assertThat(broker.event()).isEqualTo("DISCONNECT");
    }

    @Test
    void publishWithACertificateAtLeastOnceSendsAFileAndTheBrokerSeesTheCertificate() throws Exception {
        TestCertificate device = TestPki.selfSigned("sensor");
        TestCertificate.Files files = device.writeTo(dataDir, "sensor");
        byte[] binary = {0, 1, 2, (byte) 0xFF, '\n', 'x'};
        Path payload = Files.write(dataDir.resolve("payload.bin"), binary);

        CliRun result = run("mqtt", "publish", "--cert", files.certificate().toString(), "--key", files.privateKey().toString(),
                "--host", "localhost", "-t", EVENTS, "-q", "at-least-once", "-f", payload.toString(), "--client-id", "cli-1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        ScriptedBroker.Connect connect = broker.connect();
        assertThat(connect.certificate()).isEqualTo(device.certificate());
        assertThat(connect.username()).isNull();
        assertThat(connect.clientId()).isEqualTo("cli-1");
        ScriptedBroker.Message message = broker.published();
        assertThat(message.qos()).isEqualTo(1);
        assertThat(message.payload()).isEqualTo(binary);
    }

    @Test
    void publishFromStdinSendsEachNonEmptyLine() throws Exception {
        CliRun result = withStdin("one\n\ntwo\r\n", () ->
                run("mqtt", "publish", "-u", DEVICE_ID, "-P", "p", "-t", EVENTS, "-l", "-q", "1"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(broker.published().text()).isEqualTo("one");
        assertThat(broker.published().text()).isEqualTo("two");
        assertThat(broker.event()).isEqualTo("DISCONNECT");
        assertThat(broker.publishedSoFar()).isEmpty();
    }

    @Test
    void aMissingPasswordIsReadFromStdinWhenThereIsNoTerminal() throws Exception {
        CliRun result = withStdin("Typed-Password-2\n", () ->
                run("mqtt", "publish", "-u", DEVICE_ID, "-t", EVENTS, "-m", "x"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(broker.connect().password()).isEqualTo("Typed-Password-2");
    }

    @Test
    void aRefusedConnectionIsExitCodeOneWithTheConnackReason() throws Exception {
        broker.refuseWith(4);
        CliRun badPassword = run("mqtt", "publish", "-u", DEVICE_ID, "-P", "wrong", "-t", EVENTS, "-m", "x");

        assertThat(badPassword.exitCode()).isEqualTo(1);
        assertThat(badPassword.err()).isEqualTo("ERROR: the broker at 127.0.0.1:" + broker.port()
                + " refused the connection: bad user name or password (CONNACK 4)\n");

        broker.refuseWith(5);
        CliRun unknownCertificate = run("mqtt", "subscribe", "-u", DEVICE_ID, "-P", "p", "-t", EVENTS);
        assertThat(unknownCertificate.exitCode()).isEqualTo(1);
        assertThat(unknownCertificate.err()).contains("not authorized").contains("(CONNACK 5)");
    }

    @Test
    void aConnectionClosedOnPublishSuggestsTheTopicIsForbidden() {
        broker.closeOnPublish();

        CliRun result = run("mqtt", "publish", "-u", DEVICE_ID, "-P", "p", "-t", "$devices/other/commands", "-m", "x", "-q", "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("ERROR: the broker at 127.0.0.1:" + broker.port()
                + " closed the connection while publishing to '$devices/other/commands'");
    }

    @Test
    void anUntrustedServerCertificateIsATlsErrorNamingCafile() throws Exception {
        Path otherCa = Files.writeString(dataDir.resolve("other-ca.crt"), TestPki.newCa("other").certificate().certificatePem());

        CliRun result = run("mqtt", "publish", "-u", DEVICE_ID, "-P", "p", "-t", EVENTS, "-m", "x", "--cafile", otherCa.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("ERROR: TLS handshake with 127.0.0.1:" + broker.port()
                + " failed: the server certificate is not signed by a trusted CA; give the server's CA with --cafile FILE");
    }

    @Test
    void subscribePrintsEachPayloadOnALineAndStopsAfterCount() throws Exception {
        broker.deliverOnSubscribe(EVENTS, 1, "first").deliverOnSubscribe(EVENTS, 0, "second").deliverOnSubscribe(EVENTS, 0, "third");

        CliRun result = run("mqtt", "subscribe", "-u", DEVICE_ID, "-P", "p", "-t", "$devices/+/events", "-q", "1", "--count", "2");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("first\nsecond\n");
        assertThat(broker.event()).isEqualTo("SUBSCRIBE $devices/+/events 1");
        assertThat(broker.event()).isEqualTo("PUBACK 1");
        assertThat(broker.event()).isEqualTo("DISCONNECT");
    }

    @Test
    void subscribeWithDetailsPrintsTopicQosAndMessageId() {
        broker.deliverOnSubscribe(EVENTS, 1, "with spaces too");

        CliRun result = run("mqtt", "subscribe", "-u", DEVICE_ID, "-P", "p", "-t", EVENTS, "-q", "1", "--details", "--count", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("topic=" + EVENTS + " qos=1 message_id=1 payload=with spaces too\n");
    }

    @Test
    void aRefusedSubscriptionIsExitCodeOne() {
        broker.answerSubscribeWith(0x80);

        CliRun result = run("mqtt", "subscribe", "-u", DEVICE_ID, "-P", "p", "-t", "$devices/other/commands");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ERROR: the broker refused the subscription to '$devices/other/commands'"
                + " (SUBACK 0x80): this identity may not read any topic it matches\n");
    }

    @Test
    void theTimeoutEndsAQuietSubscriptionButFewerMessagesThanCountIsAnError() throws Exception {
        CliRun quiet = run("mqtt", "subscribe", "-u", DEVICE_ID, "-P", "p", "-t", EVENTS, "--timeout", "1s");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).isEmpty();

        broker.deliverOnSubscribe(EVENTS, 0, "only one");
        CliRun short1 = run("mqtt", "subscribe", "-u", DEVICE_ID, "-P", "p", "-t", EVENTS, "--timeout", "1s", "--count", "2");
        assertThat(short1.exitCode()).isEqualTo(1);
        assertThat(short1.out()).isEqualTo("only one\n");
        assertThat(short1.err()).isEqualTo("ERROR: timed out after 1s: received 1 of 2 messages\n");
    }
}
