package iotcore.testkit.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} that offers only the configured TLS versions and remembers every
 * socket it made, so a test can learn the local port of a client's connection (the connection
 * logs print it) or the TLS version that was negotiated.
 */
public final class RecordingSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final List<String> protocols;
    private final List<SSLSocket> sockets = new CopyOnWriteArrayList<>();

    RecordingSocketFactory(SSLSocketFactory delegate, List<String> protocols) {
        this.delegate = delegate;
        this.protocols = List.copyOf(protocols);
    }

    /** Every socket made so far, oldest first. */
    public List<SSLSocket> sockets() {
        return List.copyOf(sockets);
    }

    /** The most recent socket; fails when none was made. */
    public SSLSocket lastSocket() {
        if (sockets.isEmpty()) {
            throw new IllegalStateException("no socket was made by this factory");
        }
        return sockets.get(sockets.size() - 1);
    }

    private Socket track(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            if (!protocols.isEmpty()) {
                ssl.setEnabledProtocols(protocols.toArray(String[]::new));
            }
            sockets.add(ssl);
        }
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return track(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return track(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return track(delegate.createSocket(s, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return track(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return track(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return track(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
