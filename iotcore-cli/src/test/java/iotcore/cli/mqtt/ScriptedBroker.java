package iotcore.cli.mqtt;

import iotcore.testkit.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A stand-in MQTT 3.1.1 broker on loopback TLS, until the real one lands: it records what a client sends and
 * answers as scripted (a CONNACK code, SUBACK codes, messages to deliver after SUBSCRIBE, closing on PUBLISH).
 * It speaks just enough of the protocol for one CLI client at a time.
 */
final class ScriptedBroker implements AutoCloseable {

    record Connect(int protocolLevel, boolean cleanSession, String clientId, String username, String password,
            X509Certificate certificate) {
    }

    record Message(String topic, int qos, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final SSLServerSocket server;
    private final Thread acceptor;
    private volatile int connackCode;
    private volatile int subackCode = -1; // -1: grant what was asked
    private volatile boolean closeOnPublish;
    private final List<Message> deliverOnSubscribe = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Connect> connects = new LinkedBlockingQueue<>();
    private final BlockingQueue<Message> published = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    ScriptedBroker(TestCertificate serverCertificate) throws Exception {
        server = TlsServerSockets.open(serverCertificate, TlsServerSockets.ClientAuth.REQUESTED);
        acceptor = Thread.ofPlatform().daemon().name("scripted-broker").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    ScriptedBroker refuseWith(int connackCode) {
        this.connackCode = connackCode;
        return this;
    }

    ScriptedBroker answerSubscribeWith(int subackCode) {
        this.subackCode = subackCode;
        return this;
    }

    ScriptedBroker closeOnPublish() {
        this.closeOnPublish = true;
        return this;
    }

    ScriptedBroker deliverOnSubscribe(String topic, int qos, String payload) {
        deliverOnSubscribe.add(new Message(topic, qos, payload.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    Connect connect() throws InterruptedException {
        return take(connects);
    }

    Message published() throws InterruptedException {
        return take(published);
    }

    List<Message> publishedSoFar() {
        return List.copyOf(published);
    }

    /** {@code SUBSCRIBE <filter> <qos>}, {@code PUBACK <id>}, {@code DISCONNECT}, {@code CLOSED}. */
    String event() throws InterruptedException {
        return take(events);
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(10, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("the broker saw nothing within 10 seconds");
        }
        return item;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                serve(socket);
            } catch (IOException e) {
                // a client that went away, or the server closing: next
            }
            events.add("CLOSED");
        }
    }

    private void serve(SSLSocket socket) throws IOException {
        socket.startHandshake();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        while (true) {
            int header;
            try {
                header = in.readUnsignedByte();
            } catch (EOFException | SocketException e) {
                return;
            }
            byte[] body = new byte[remainingLength(in)];
            in.readFully(body);
            Reader reader = new Reader(body);
            switch (header >> 4) {
                case 1 -> {
                    connects.add(readConnect(reader, socket));
                    out.write(new byte[] {0x20, 2, 0, (byte) connackCode});
                    out.flush();
                    if (connackCode != 0) {
                        return;
                    }
                }
                case 3 -> {
                    int qos = (header >> 1) & 3;
                    String topic = reader.string();
                    int packetId = qos > 0 ? reader.u16() : 0;
                    published.add(new Message(topic, qos, reader.rest()));
                    if (closeOnPublish) {
                        return;
                    }
                    if (qos > 0) {
                        out.write(new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId});
                        out.flush();
                    }
                }
                case 4 -> events.add("PUBACK " + reader.u16());
                case 8 -> subscribe(reader, out);
                case 12 -> {
                    out.write(new byte[] {(byte) 0xD0, 0});
                    out.flush();
                }
                case 14 -> {
                    events.add("DISCONNECT");
                    return;
                }
                default -> throw new IOException("unexpected packet type " + (header >> 4));
            }
        }
    }

    private static Connect readConnect(Reader reader, SSLSocket socket) {
        reader.string(); // "MQTT"
        int level = reader.u8();
        int flags = reader.u8();
        reader.u16(); // keep-alive
        String clientId = reader.string();
        if ((flags & 0x04) != 0) {
            reader.string();
            reader.string();
        }
        String username = (flags & 0x80) != 0 ? reader.string() : null;
        String password = (flags & 0x40) != 0 ? reader.string() : null;
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            certificate = null;
        }
        return new Connect(level, (flags & 0x02) != 0, clientId, username, password, certificate);
    }

    private void subscribe(Reader reader, OutputStream out) throws IOException {
        int packetId = reader.u16();
        String filter = reader.string();
        int requested = reader.u8();
        events.add("SUBSCRIBE " + filter + " " + requested);
        int granted = subackCode >= 0 ? subackCode : requested;
        out.write(new byte[] {(byte) 0x90, 3, (byte) (packetId >> 8), (byte) packetId, (byte) granted});
        if (granted == 0x80) {
            out.flush();
            return;
        }
        int nextId = 1;
        for (Message message : deliverOnSubscribe) {
            int qos = Math.min(message.qos(), granted);
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
            packet.write(topic.length >> 8);
            packet.write(topic.length);
            packet.write(topic);
            if (qos > 0) {
                packet.write(0);
                packet.write(nextId++);
            }
            packet.write(message.payload());
            out.write(0x30 | qos << 1);
            writeRemainingLength(out, packet.size());
            packet.writeTo(out);
        }
        out.flush();
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return value;
    }

    private static void writeRemainingLength(OutputStream out, int length) throws IOException {
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }

    /** Reads the fields of one packet body. */
    private static final class Reader {
        private final byte[] body;
        private int position;

        Reader(byte[] body) {
            this.body = body;
        }

        int u8() {
            return body[position++] & 0xFF;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        String string() {
            int length = u16();
            String value = new String(body, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        byte[] rest() {
            byte[] rest = Arrays.copyOfRange(body, position, body.length);
            position = body.length;
            return rest;
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(5000);
    }
}
