package iotcore.testkit.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * MQTT packets written byte by byte on a plain or TLS socket, for what a well-behaved client library
 * will not send (another protocol level, an empty ClientID with a persistent session, a second
 * CONNECT, silence past the keep-alive) or to look at the exact CONNACK bytes.
 */
public final class RawMqttConnection implements AutoCloseable {

    /** A packet read from the server: first byte split into type and flags, and the rest of it. */
    public record Packet(int type, int flags, byte[] body) {
        public static final int CONNACK = 2;
        public static final int PUBREC = 5;
        public static final int PUBCOMP = 7;

        /** The packet id of an acknowledgement (PUBACK, PUBREC, PUBREL, PUBCOMP): the first two bytes. */
        public int packetId() {
            return (body[0] & 0xff) << 8 | body[1] & 0xff;
        }

        @Override
        public String toString() {
            return "Packet[type=" + type + ", flags=" + flags + ", body=" + HexFormat.of().formatHex(body) + "]";
        }
    }

    private final Socket socket;

    private RawMqttConnection(Socket socket) {
        this.socket = socket;
    }

    /** Plain TCP to 127.0.0.1. */
    public static RawMqttConnection plain(int port) {
        return plain(port, 0);
    }

    /**
     * Plain TCP to 127.0.0.1 with {@code SO_RCVBUF} set to {@code receiveBufferBytes} before connecting
     * (0: the system default), so that a client that stops reading closes its TCP window early: what
     * the server then writes stays in the server. The kernel may round the size up.
     */
    public static RawMqttConnection plain(int port, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TestMqttClient.WAIT.toMillis());
            return new RawMqttConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /**
     * TLS to 127.0.0.1, verifying the server certificate for {@code hostname} (HTTPS rules: a SAN must
     * match), with the versions and client certificate of {@code tls}. The handshake is done here.
     */
    public static RawMqttConnection tls(ClientTls tls, String hostname, int port) {
        try {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress("127.0.0.1", port), (int) TestMqttClient.WAIT.toMillis());
            SSLSocket socket = (SSLSocket) tls.socketFactory().createSocket(plain, hostname, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout((int) TestMqttClient.WAIT.toMillis());
            socket.startHandshake();
            return new RawMqttConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("TLS connection to 127.0.0.1:" + port + " as " + hostname + " failed", e);
        }
    }

    public Socket socket() {
        return socket;
    }

    /** The negotiated TLS version (TLS connections only). */
    public String tlsProtocol() {
        return ((SSLSocket) socket).getSession().getProtocol();
    }

    public RawMqttConnection send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + socket, e);
        }
    }

    /**
     * Reads one packet; {@code null} when the server closed the connection (end of stream, reset or
     * a TLS close) before a whole packet arrived. Fails if nothing happens within {@code timeout}.
     */
    public Packet read(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int length = 0;
            int multiplier = 1;
            for (int i = 0; ; i++) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                length += (b & 0x7f) * multiplier;
                multiplier *= 128;
                if ((b & 0x80) == 0) {
                    break;
                }
                if (i == 3) {
                    throw new IllegalStateException("malformed remaining length from the server");
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                return null;
            }
            return new Packet(first >> 4, first & 0x0f, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing from the server within " + timeout);
        } catch (EOFException | SocketException | SSLException closed) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a CONNACK and returns its return code (the second byte, so an MQTT 5 shaped CONNACK with
     * properties still yields its code); fails on anything else.
     */
    public int readConnackCode() {
        Packet packet = read(TestMqttClient.WAIT);
        if (packet == null || packet.type() != Packet.CONNACK || packet.body().length < 2) {
            throw new AssertionError("expected a CONNACK but got " + (packet == null ? "end of stream" : packet));
        }
        return packet.body()[1] & 0xff;
    }

    /**
     * Waits until the server closes the connection, skipping any packets it still sends. Fails if it
     * is still open after {@code timeout}.
     */
    public void awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("the server did not close the connection within " + timeout);
            }
            Packet packet;
            try {
                packet = read(Duration.ofMillis(left));
            } catch (AssertionError timedOut) {
                throw new AssertionError("the server did not close the connection within " + timeout);
            }
            if (packet == null) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // --- packets ---------------------------------------------------------------------------------

    /** CONNECT for MQTT 3.1.1 ("MQTT", level 4). {@code user}/{@code password} may be null. */
    public static byte[] connect(String clientId, boolean cleanSession, int keepAliveSeconds, String user, String password) {
        return connect("MQTT", 4, clientId, cleanSession, keepAliveSeconds, user, password);
    }

    /** CONNECT with any protocol name and level, e.g. {@code ("MQIsdp", 3)} for MQTT 3.1 or level 5. */
    public static byte[] connect(String protocolName, int level, String clientId, boolean cleanSession,
            int keepAliveSeconds, String user, String password) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(variable);
        try {
            writeString(out, protocolName);
            out.writeByte(level);
            int flags = (cleanSession ? 0x02 : 0) | (user != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
            out.writeByte(flags);
            out.writeShort(keepAliveSeconds);
            writeString(out, clientId);
            if (user != null) {
                writeString(out, user);
            }
            if (password != null) {
                writeString(out, password);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packet(0x10, variable.toByteArray());
    }

    /** SUBSCRIBE with packet id {@code id}, each filter at {@code qos}. */
    public static byte[] subscribe(int id, int qos, String... filters) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(variable);
        try {
            out.writeShort(id);
            for (String filter : filters) {
                writeString(out, filter);
                out.writeByte(qos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packet(0x82, variable.toByteArray());
    }

    /** PUBLISH at QoS 0 (no packet id). The topic is written as given, even if it is not valid. */
    public static byte[] publishQos0(String topic, byte[] payload) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(variable);
        try {
            writeString(out, topic);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packet(0x30, variable.toByteArray());
    }

    /** PUBLISH at QoS 1 or 2 with packet id {@code id}, DUP flag as given. */
    public static byte[] publish(String topic, int qos, int id, boolean dup, byte[] payload) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(variable);
        try {
            writeString(out, topic);
            out.writeShort(id);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packet(0x30 | (dup ? 0x08 : 0) | qos << 1, variable.toByteArray());
    }

    /** PUBREL for packet id {@code id} (QoS 2, second step). */
    public static byte[] pubrel(int id) {
        return new byte[] {0x62, 2, (byte) (id >> 8), (byte) id};
    }

    /** PUBACK for packet id {@code id}. */
    public static byte[] puback(int id) {
        return new byte[] {0x40, 2, (byte) (id >> 8), (byte) id};
    }

    public static byte[] pingreq() {
        return new byte[] {(byte) 0xc0, 0};
    }

    public static byte[] disconnect() {
        return new byte[] {(byte) 0xe0, 0};
    }

    /** A fixed header (first byte, remaining length) followed by {@code body}. */
    public static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(firstByte);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    @Override
    public String toString() {
        return "RawMqttConnection[" + socket + "]";
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(Arrays.copyOf(bytes, Math.min(bytes.length, 64)));
    }
}
