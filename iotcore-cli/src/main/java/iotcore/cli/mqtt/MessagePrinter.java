package iotcore.cli.mqtt;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Prints each received message (payload as UTF-8, one per line) on Paho's callback thread, and finishes after
 * {@code count} messages or when the connection is lost.
 */
final class MessagePrinter implements MqttCallback {

    private final PrintWriter out;
    private final boolean details;
    private final int count;
    private final AtomicInteger received = new AtomicInteger();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /** @param count stop after this many messages; 0 for no limit */
    MessagePrinter(PrintWriter out, boolean details, int count) {
        this.out = out;
        this.details = details;
        this.count = count;
    }

    /** Completes after {@code count} messages; completes exceptionally with the cause when the connection is lost. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    int received() {
        return count > 0 ? Math.min(received.get(), count) : received.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int number = received.incrementAndGet();
        if (count > 0 && number > count) {
            return; // arrived while disconnecting after the last wanted one
        }
        out.println(format(topic, message, details));
        out.flush();
        if (count > 0 && number == count) {
            finished.complete(null);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        finished.completeExceptionally(cause);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // subscribe only: nothing is published
    }

    /** {@code --details}: {@code topic=T qos=Q message_id=N payload=P}, the payload last as it may hold spaces. */
    static String format(String topic, MqttMessage message, boolean details) {
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
        if (!details) {
            return payload;
        }
        return "topic=" + topic + " qos=" + message.getQos() + " message_id=" + message.getId() + " payload=" + payload;
    }
}
