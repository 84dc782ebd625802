package iotcore.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The broker's listeners and limits (docs/mqtt.md). {@code mqttPort} null: no plain TCP listener;
 * {@code tlsCert}/{@code tlsKey} null: a generated local CA and server certificate in the data dir.
 */
public record MqttConfig(String host, int mqttsPort, int wssPort, Integer mqttPort, Path tlsCert, Path tlsKey,
                         int maxMessageBytes, int maxTopicLength, int inboundRate,
                         int sessionQueueMessages, long sessionQueueBytes, Duration sessionExpiry) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_MQTTS_PORT = 8883;
    public static final int DEFAULT_WSS_PORT = 8443;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;
    public static final int DEFAULT_MAX_TOPIC_LENGTH = 1024;
    public static final int DEFAULT_SESSION_QUEUE_MESSAGES = 100_000;
    public static final long DEFAULT_SESSION_QUEUE_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(7);
}
