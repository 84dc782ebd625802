package iotcore.server.mqtt.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One raw TCP connection to the plain MQTT listener. Writes go through a writer thread of their
 * own, so a server that stops reading can never block the test; a write failing because the
 * server has closed the connection is expected and ignored. Reads have deadlines.
 */
final class RawMqttConnection implements AutoCloseable {

    private static final int READ_POLL_MILLIS = 100;
    /** Bytes kept from what a closing server sent (enough to show any answer it should not have sent). */
    private static final int KEPT_BYTES = 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("raw-mqtt-writer").factory());

    private RawMqttConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawMqttConnection open(int port) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(READ_POLL_MILLIS);
            return new RawMqttConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** How the server sees this connection: {@code 127.0.0.1:<local port>}. */
    String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Queues these bytes for writing (in order with everything queued before). */
    RawMqttConnection send(byte[]... packets) {
        byte[] bytes = MqttPackets.concat(packets);
        writer.execute(() -> write(bytes));
        return this;
    }

    /**
     * Queues a stream of pseudo-random bytes (from {@code seed}, in writes of 1–4096 bytes) of at most
     * {@code maxBytes} in all; the stream stops early once the server has closed the connection.
     */
    RawMqttConnection sendRandom(long seed, int maxBytes) {
        writer.execute(() -> {
            Random random = new Random(seed);
            int sent = 0;
            while (sent < maxBytes && !socket.isClosed()) {
                byte[] chunk = new byte[Math.min(maxBytes - sent, 1 + random.nextInt(4096))];
                random.nextBytes(chunk);
                if (!write(chunk)) {
                    return;
                }
                sent += chunk.length;
            }
        });
        return this;
    }

    /** Queues a half-close: after the bytes queued so far, the server reads end of stream. */
    RawMqttConnection endOutput() {
        writer.execute(() -> {
            try {
                socket.shutdownOutput();
            } catch (IOException alreadyClosed) {
                // the server closed first: nothing left to end
            }
        });
        return this;
    }

    /** Sends a well-formed CONNECT and expects CONNACK 0 (accepted, no session present) within 5 s. */
    RawMqttConnection connectAs(String clientId, String userName, String password) {
        send(MqttPackets.connect(clientId, userName, password));
        assertThat(read(4, Duration.ofSeconds(5)))
                .as("CONNACK for a valid CONNECT as %s (client id %s) on %s", userName, clientId, address())
                .isEqualTo(MqttPackets.connack(0));
        return this;
    }

    /** Reads exactly {@code count} bytes; fails if the connection ends first or the time runs out. */
    byte[] read(int count, Duration timeout) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[count];
        while (received.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " bytes from the server within " + timeout + " on "
                        + address() + ", got " + hex(received.toByteArray()));
            }
            int n;
            try {
                n = in.read(buffer, 0, count - received.size());
            } catch (SocketTimeoutException poll) {
                continue;
            } catch (IOException e) {
                throw new AssertionError("connection " + address() + " failed after " + hex(received.toByteArray())
                        + " while " + count + " bytes were expected: " + e, e);
            }
            if (n < 0) {
                throw new AssertionError("connection " + address() + " closed by the server after "
                        + hex(received.toByteArray()) + " while " + count + " bytes were expected");
            }
            received.write(buffer, 0, n);
        }
        return received.toByteArray();
    }

    /**
     * Waits until the server closes the connection (end of stream or reset) and returns every byte
     * received until then; fails if the connection is still open after {@code timeout}.
     */
    byte[] awaitClosedByServer(Duration timeout) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        while (System.nanoTime() < deadline) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return received.toByteArray();
                }
                received.write(buffer, 0, Math.min(n, KEPT_BYTES - received.size()));
            } catch (SocketTimeoutException poll) {
                // still open: poll again until the deadline
            } catch (SocketException reset) {
                return received.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + address(), e);
            }
        }
        throw new AssertionError("the server did not close " + address() + " within " + timeout
                + "; received meanwhile: " + hex(received.toByteArray()));
    }

    @Override
    public void close() {
        closeQuietly(socket);
        writer.shutdownNow();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RawMqttConnection[" + address() + "]";
    }

    static String hex(byte[] bytes) {
        if (bytes.length == 0) {
            return "nothing";
        }
        String shown = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 64));
        return "[" + shown + (bytes.length > 64 ? " ...(" + bytes.length + " bytes)" : "") + "]";
    }

    /** Writes on the writer thread; false once the connection is gone. */
    private boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closedByServerOrTest) {
            return false;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
