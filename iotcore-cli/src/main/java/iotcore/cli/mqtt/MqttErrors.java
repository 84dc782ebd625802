package iotcore.cli.mqtt;

import iotcore.cli.UserException;
import iotcore.cli.client.ConnectionException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Turns Paho's failures into the CLI's: a broker that cannot be reached at all is exit 2 ({@link ConnectionException});
 * a refusal, a TLS failure or a closed connection after a forbidden publish is exit 1 ({@link UserException}).
 */
final class MqttErrors {

    private MqttErrors() {
    }

    static RuntimeException connect(MqttException e, BrokerAddress broker) {
        int code = e.getReasonCode();
        if (code >= MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION && code <= MqttException.REASON_CODE_NOT_AUTHORIZED) {
            return new UserException("the broker at " + broker.hostAndPort() + " refused the connection: "
                    + refusal(code) + " (CONNACK " + code + ")");
        }
        SSLException tls = find(e, SSLException.class);
        if (tls != null) {
            return new UserException("TLS handshake with " + broker.hostAndPort() + " failed: " + tlsReason(tls, broker));
        }
        if (code == MqttException.REASON_CODE_SERVER_CONNECT_ERROR || find(e, ConnectException.class) != null
                || find(e, UnknownHostException.class) != null || find(e, NoRouteToHostException.class) != null
                || find(e, SocketTimeoutException.class) != null) {
            return new ConnectionException("cannot connect to the MQTT broker at " + broker.hostAndPort() + " ("
                    + broker.source() + "): " + describe(e) + ". Is the server running? Give --host and --port,"
                    + " or --data-dir DIR of the running server.");
        }
        if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            return new ConnectionException("the broker at " + broker.hostAndPort() + " did not answer CONNECT in time");
        }
        if (code == MqttException.REASON_CODE_CONNECTION_LOST || find(e, EOFException.class) != null) {
            return new ConnectionException("the broker at " + broker.hostAndPort()
                    + " closed the connection before accepting it: " + describe(e));
        }
        return new UserException("cannot connect to the MQTT broker at " + broker.hostAndPort() + ": " + describe(e));
    }

    /** The broker closes the connection on a forbidden PUBLISH (docs/mqtt.md), so a lost connection says so. */
    static RuntimeException publish(MqttException e, BrokerAddress broker, String topic) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_CONNECTION_LOST, MqttException.REASON_CODE_CLIENT_NOT_CONNECTED,
                    MqttException.REASON_CODE_CLIENT_CLOSED -> new UserException("the broker at " + broker.hostAndPort()
                    + " closed the connection while publishing to '" + topic + "': is this identity allowed to publish there?");
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> new ConnectionException("the broker at "
                    + broker.hostAndPort() + " did not acknowledge the message to '" + topic + "' in time");
            default -> new UserException("cannot publish to '" + topic + "': " + describe(e));
        };
    }

    static RuntimeException subscribe(MqttException e, BrokerAddress broker, String filter) {
        if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
            return subscriptionRefused(filter);
        }
        if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            return new ConnectionException("the broker at " + broker.hostAndPort() + " did not answer SUBSCRIBE in time");
        }
        return lost(e, broker);
    }

    static UserException subscriptionRefused(String filter) {
        return new UserException("the broker refused the subscription to '" + filter
                + "' (SUBACK 0x80): this identity may not read any topic it matches");
    }

    /** A connection that was up and went away: the server stopped, or dropped this identity. */
    static ConnectionException lost(Throwable cause, BrokerAddress broker) {
        return new ConnectionException("the broker at " + broker.hostAndPort() + " closed the connection: " + describe(cause));
    }

    private static String refusal(int code) {
        return switch (code) {
            case 1 -> "unacceptable protocol version";
            case 2 -> "client identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            default -> "not authorized (no registered certificate or password for this identity, or its registry is disabled)";
        };
    }

    private static String tlsReason(SSLException e, BrokerAddress broker) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("PKIX") || message.contains("unable to find valid certification path")) {
            return "the server certificate is not signed by a trusted CA; give the server's CA with --cafile FILE"
                    + " (a local server's is <data-dir>/tls/ca.crt)";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the server certificate is not issued for '" + broker.host() + "'; give --host with a name it lists ("
                    + message + ")";
        }
        return message;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + ": " + cause.getMessage();
        }
        return message;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
