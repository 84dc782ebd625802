package iotcore.server.mqtt.badinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One MQTT-over-WebSocket connection through the JDK WebSocket client (TLS trusting the server's
 * CA, subprotocol {@code mqtt}). Sends run one at a time on a writer thread, as the JDK client
 * requires; sends failing because the server closed are ignored. Binary messages received are
 * concatenated into one byte stream.
 */
final class WssMqttConnection implements AutoCloseable {

    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final WebSocket webSocket;
    private final Listener listener;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("wss-mqtt-writer").factory());

    private WssMqttConnection(HttpClient http, WebSocket webSocket, Listener listener) {
        this.http = http;
        this.webSocket = webSocket;
        this.listener = listener;
    }

    /** An SSL context trusting exactly the certificates of this PEM file (the server's CA). */
    static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caPem, e);
        }
    }

    /** Opens a WebSocket with subprotocol {@code mqtt}; fails unless the upgrade succeeds within 5 s. */
    static WssMqttConnection open(URI uri, SSLContext tls) {
        HttpClient http = client(tls);
        Listener listener = new Listener();
        try {
            WebSocket webSocket = upgrade(http, uri, listener).get(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new WssMqttConnection(http, webSocket, listener);
        } catch (ExecutionException | TimeoutException e) {
            http.shutdownNow();
            throw new AssertionError("WebSocket upgrade to " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Attempts an upgrade and returns how it ended within 5 s: the failure, or {@code null} when the
     * server accepted it (the WebSocket is then closed at once).
     */
    static Throwable attemptUpgrade(URI uri, SSLContext tls) {
        try (HttpClient http = client(tls)) {
            WebSocket accepted = upgrade(http, uri, new Listener())
                    .get(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            accepted.abort();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the upgrade to " + uri + " got no answer within " + HANDSHAKE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** Queues one binary message holding these bytes. */
    WssMqttConnection sendBinary(byte[]... packets) {
        byte[] bytes = MqttPackets.concat(packets);
        writer.execute(() -> await(webSocket.sendBinary(ByteBuffer.wrap(bytes), true)));
        return this;
    }

    /** Queues one text message. */
    WssMqttConnection sendText(String text) {
        writer.execute(() -> await(webSocket.sendText(text, true)));
        return this;
    }

    /** Queues binary messages of 1–4096 pseudo-random bytes from {@code seed}, at most {@code maxBytes} in all. */
    WssMqttConnection sendRandom(long seed, int maxBytes) {
        writer.execute(() -> {
            Random random = new Random(seed);
            int sent = 0;
            while (sent < maxBytes && !listener.closed.isDone()) {
                byte[] chunk = new byte[Math.min(maxBytes - sent, 1 + random.nextInt(4096))];
                random.nextBytes(chunk);
                if (!await(webSocket.sendBinary(ByteBuffer.wrap(chunk), true))) {
                    return;
                }
                sent += chunk.length;
            }
        });
        return this;
    }

    /** Sends a well-formed CONNECT and expects CONNACK 0 within 5 s. */
    WssMqttConnection connectAs(String clientId, String userName, String password) {
        sendBinary(MqttPackets.connect(clientId, userName, password));
        byte[] connack = read(4, Duration.ofSeconds(5));
        if (!Arrays.equals(connack, MqttPackets.connack(0))) {
            throw new AssertionError("expected CONNACK 0 over WebSocket for " + userName + ", got "
                    + RawMqttConnection.hex(connack));
        }
        return this;
    }

    /** Reads exactly {@code count} bytes of binary messages; fails on close or when the time runs out. */
    byte[] read(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] taken = listener.take(count);
            if (taken != null) {
                return taken;
            }
            if (listener.closed.isDone()) {
                throw new AssertionError("WebSocket closed (" + listener.closed.join() + ") while " + count
                        + " bytes were expected; received " + RawMqttConnection.hex(listener.peek()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " bytes over WebSocket within " + timeout
                        + ", got " + RawMqttConnection.hex(listener.peek()));
            }
            sleep(10);
        }
    }

    /**
     * Waits until the server ends the WebSocket (close frame, or the connection dropped) and returns
     * how it ended; fails if it is still open after {@code timeout}.
     */
    String awaitClosedByServer(Duration timeout) {
        try {
            return listener.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the WebSocket within " + timeout
                    + "; received meanwhile: " + RawMqttConnection.hex(listener.peek()), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The binary bytes received and not yet read. */
    byte[] unread() {
        return listener.peek();
    }

    @Override
    public void close() {
        writer.shutdownNow();
        webSocket.abort();
        http.shutdownNow();
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(HANDSHAKE_TIMEOUT).build();
    }

    private static CompletableFuture<WebSocket> upgrade(HttpClient http, URI uri, Listener listener) {
        return http.newWebSocketBuilder()
                .subprotocols("mqtt")
                .connectTimeout(HANDSHAKE_TIMEOUT)
                .buildAsync(uri, listener);
    }

    /** Waits for one send; false once the WebSocket is gone. */
    private static boolean await(CompletableFuture<WebSocket> send) {
        try {
            send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException closedByServer) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Collects binary data and records how the WebSocket ended. */
    private static final class Listener implements WebSocket.Listener {
        private static final int KEPT_BYTES = 64 * 1024;

        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            synchronized (received) {
                while (data.hasRemaining() && received.size() < KEPT_BYTES) {
                    received.write(data.get());
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete("close frame " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("connection ended: " + error);
        }

        /** Removes and returns the first {@code count} bytes, or null while fewer have arrived. */
        byte[] take(int count) {
            synchronized (received) {
                byte[] all = received.toByteArray();
                if (all.length < count) {
                    return null;
                }
                received.reset();
                received.write(all, count, all.length - count);
                return Arrays.copyOf(all, count);
            }
        }

        byte[] peek() {
            synchronized (received) {
                return received.toByteArray();
            }
        }
    }
}
