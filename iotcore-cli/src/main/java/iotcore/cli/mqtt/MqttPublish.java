package iotcore.cli.mqtt;

import iotcore.cli.ExitCodes;
import iotcore.cli.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "publish", description = {"Publish a message to a topic; prints nothing on success.",
        "Example: iotcore mqtt publish --cert dev.crt --key dev.key -t '$devices/<id>/events' -m 'hello'"})
final class MqttPublish implements Callable<Integer> {

    @Mixin
    AuthOptions auth;

    @Mixin
    BrokerOptions broker;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to publish to (no wildcards).")
    String topic;

    @Option(names = {"-q", "--qos"}, paramLabel = "QOS", defaultValue = "0", converter = Qos.Converter.class,
            description = "0 (at-most-once) or 1 (at-least-once: waits for the broker's PUBACK) (default: ${DEFAULT-VALUE}).")
    Qos qos;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Payload payload;

    /** Exactly one source of the message. */
    static final class Payload {
        @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The message (UTF-8).")
        String message;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Send the file's bytes as one message.")
        Path file;

        @Option(names = {"-l", "--stdin"}, description = "Send each line of stdin as a message, as it is read (empty lines are skipped).")
        boolean stdin;
    }

    @Override
    public Integer call() {
        auth.check(payload.stdin);
        checkTopic(topic);
        byte[] single = payload.stdin ? null : singleMessage();
        BrokerAddress address = broker.address();
        AuthOptions.Credentials credentials = auth.resolve();
        var sockets = ClientTls.socketFactory(broker.caFile(), credentials.certificate());
        try (MqttConnection connection = MqttConnection.open(address, broker.clientId(), sockets, credentials, null)) {
            if (single != null) {
                connection.publish(topic, single, qos);
            } else {
                publishLines(connection);
            }
        }
        return ExitCodes.OK;
    }

    static void checkTopic(String topic) {
        try {
            MqttTopic.validate(topic, false);
        } catch (IllegalArgumentException e) {
            throw new UserException("invalid topic '" + topic + "': " + (topic.contains("+") || topic.contains("#")
                    ? "wildcards (+, #) are for subscribing only" : e.getMessage()));
        }
    }

    private byte[] singleMessage() {
        if (payload.message != null) {
            return payload.message.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Files.readAllBytes(payload.file);
        } catch (NoSuchFileException e) {
            throw new UserException("-f/--file: no such file: " + payload.file);
        } catch (IOException e) {
            throw new UserException("-f/--file: cannot read " + payload.file + ": " + e.getMessage());
        }
    }

    /** Line by line as input arrives, so {@code tail -f log | iotcore mqtt publish -l} streams. */
    private void publishLines(MqttConnection connection) {
        // Not closed: it wraps System.in.
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isEmpty()) {
                    connection.publish(topic, line.getBytes(StandardCharsets.UTF_8), qos);
                }
            }
        } catch (IOException e) {
            throw new UserException("cannot read stdin: " + e.getMessage());
        }
    }
}
