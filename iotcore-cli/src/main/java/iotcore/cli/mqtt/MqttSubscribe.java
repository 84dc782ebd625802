package iotcore.cli.mqtt;

import iotcore.cli.ExitCodes;
import iotcore.cli.UserException;
import iotcore.cli.client.ConnectionException;
import iotcore.cli.input.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "subscribe", description = {"Print the messages of a topic filter until interrupted.",
        "Each payload is printed as one line; --count and --timeout bound the wait for scripts."})
final class MqttSubscribe implements Callable<Integer> {

    @Mixin
    AuthOptions auth;

    @Mixin
    BrokerOptions broker;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "FILTER", description = "Topic filter (+ and # allowed).")
    String filter;

    @Option(names = {"-q", "--qos"}, paramLabel = "QOS", defaultValue = "0", converter = Qos.Converter.class,
            description = "0 (at-most-once) or 1 (at-least-once) (default: ${DEFAULT-VALUE}).")
    Qos qos;

    @Option(names = "--details", description = "Print topic, QoS and message id with each message: topic=T qos=Q message_id=N payload=P.")
    boolean details;

    @Option(names = "--count", paramLabel = "N", description = "Exit after N messages.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Positive.class,
            description = "Exit after DURATION (e.g. 30s, 5m); with --count, fewer than N messages by then is an error.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        auth.check(false);
        if (count != null && count < 1) {
            throw new UserException("--count must be at least 1");
        }
        try {
            MqttTopic.validate(filter, true);
        } catch (IllegalArgumentException e) {
            throw new UserException("invalid topic filter '" + filter + "': " + e.getMessage());
        }
        BrokerAddress address = broker.address();
        AuthOptions.Credentials credentials = auth.resolve();
        var sockets = ClientTls.socketFactory(broker.caFile(), credentials.certificate());
        MessagePrinter printer = new MessagePrinter(spec.commandLine().getOut(), details, count == null ? 0 : count);
        try (MqttConnection connection = MqttConnection.open(address, broker.clientId(), sockets, credentials, printer)) {
            connection.subscribe(filter, qos);
            await(printer, address);
        }
        return ExitCodes.OK;
    }

    private void await(MessagePrinter printer, BrokerAddress address) {
        try {
            if (timeout == null) {
                printer.finished().get();
            } else {
                printer.finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            if (count != null) {
                throw new UserException("timed out after " + Durations.format(timeout) + ": received "
                        + printer.received() + " of " + count + " messages");
            }
        } catch (ExecutionException e) {
            throw MqttErrors.lost(e.getCause(), address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting for messages");
        }
    }
}
