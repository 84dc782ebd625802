package iotcore.broker.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import iotcore.broker.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT listeners (decisions §9): TLS on {@code mqtts}, secure WebSocket on {@code wss} (path
 * {@code /mqtt}, subprotocol {@code mqtt}), plain TCP on {@code mqtt} only when configured. Epoll and
 * OpenSSL (BoringSSL) when the platform has them, NIO and the JDK's TLS otherwise. Client certificates
 * are requested but optional and not CA-checked: the broker matches them by fingerprint (decisions §2).
 */
public final class MqttListeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttListeners.class);

    /** {@code mqttPort} null: no plain TCP listener. {@code inboundRate} 0: unlimited. */
    public record Config(String host, int mqttsPort, int wssPort, Integer mqttPort, int inboundRate) {
    }

    private static final int NON_APPLICATION_BUFFER_BYTES = 256;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService blocking;
    private final List<Channel> channels = new ArrayList<>();
    private SslContext ssl;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private MqttListeners(EventLoopGroup boss, EventLoopGroup workers, ExecutorService blocking) {
        this.boss = boss;
        this.workers = workers;
        this.blocking = blocking;
    }

    /**
     * Loads the native libraries of the listeners (epoll, BoringSSL), which takes a good part of a cold start, so that
     * a caller can do it beside other start-up work; {@link #start} loads them itself otherwise.
     */
    public static void loadNativeLibraries() {
        Epoll.isAvailable();
        OpenSsl.isAvailable();
    }

    public static MqttListeners start(Broker broker, TlsMaterial tls, Config config) throws IOException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        MqttListeners listeners = new MqttListeners(new MultiThreadIoEventLoopGroup(1, io),
                new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io),
                Executors.newVirtualThreadPerTaskExecutor());
        try {
            SslContext ssl = sslContext(tls);
            listeners.ssl = ssl;
            int maxPacket = broker.config().maxMessageBytes() + 3 * broker.config().maxTopicLength() + 64;
            listeners.bind("mqtts", channelType, config.host(), config.mqttsPort(), ch -> {
                ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                listeners.mqtt(ch.pipeline(), broker, maxPacket, config, "mqtts");
            });
            listeners.bind("wss", channelType, config.host(), config.wssPort(), ch -> {
                ChannelPipeline p = ch.pipeline();
                p.addLast("tls", ssl.newHandler(ch.alloc()));
                p.addLast("http", new HttpServerCodec());
                p.addLast("httpAggregator", new HttpObjectAggregator(65_536));
                p.addLast("webSocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath("/mqtt").subprotocols("mqtt").checkStartsWith(false)
                        .maxFramePayloadLength(maxPacket).build()));
                p.addLast("frameAggregator", new WebSocketFrameAggregator(maxPacket));
                p.addLast("mqttFrames", new WebSocketMqttFrames());
                listeners.mqtt(p, broker, maxPacket, config, "wss");
            });
            if (config.mqttPort() != null) {
                listeners.bind("mqtt", channelType, config.host(), config.mqttPort(),
                        ch -> listeners.mqtt(ch.pipeline(), broker, maxPacket, config, "mqtt"));
            }
        } catch (IOException | RuntimeException e) {
            listeners.close();
            throw e;
        }
        log.info("mqtt_listening transport={} tls={} ports={}", epoll ? "epoll" : "nio",
                OpenSsl.isAvailable() ? "openssl" : "jdk", listeners.ports);
        return listeners;
    }

    private void mqtt(ChannelPipeline p, Broker broker, int maxPacket, Config config, String listener) {
        // Flushes during a read wait for its end, and those of tasks (deliveries from other event loops, acknowledgements
        // once durable) for one task after them: a batch of packets leaves as one TLS record and one system call.
        p.addLast("flushConsolidation", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        p.addLast("frameGuard", new FrameGuard(maxPacket, listener));
        p.addLast("mqttDecoder", new MqttDecoder(maxPacket));
        p.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        if (config.inboundRate() > 0) {
            p.addLast("inboundRate", new InboundRateLimiter(config.inboundRate()));
        }
        p.addLast("mqtt", new MqttConnectionHandler(broker, blocking, listener));
    }

    private interface Initializer {
        void init(SocketChannel ch);
    }

    private void bind(String name, Class<? extends ServerChannel> type, String host, int port, Initializer init) throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        init.init(ch);
                    }
                });
        try {
            Channel ch = b.bind(new InetSocketAddress(host, port)).sync().channel();
            channels.add(ch);
            ports.put(name, ((InetSocketAddress) ch.localAddress()).getPort());
        } catch (Exception e) {
            throw new IOException("cannot listen on " + host + ":" + port + " (" + name + "-port): " + e.getMessage(), e);
        }
    }

    private static SslContext sslContext(TlsMaterial tls) throws IOException {
        // OPENSSL_REFCNT: each connection's engine is freed by its SslHandler when the channel closes, not by a
        // finalizer (a Finalizer object per connection, and engines that wait for two GC cycles to be freed).
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
        try {
            SslContext context = SslContextBuilder.forServer(tls.key(), tls.chain().toArray(X509Certificate[]::new))
                    .sslProvider(provider)
                    .keyStoreType("JKS") // the in-memory key store: PKCS12 (the default) takes 10,000 PBKDF2 rounds, ~0.5 s cold
                    .protocols("TLSv1.3", "TLSv1.2")
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build();
            if (context instanceof ReferenceCountedOpenSslContext openSsl) {
                // Each connection's BIO keeps a buffer of this size (2 KB by default) for TLS records written while
                // no outbound buffer is at hand (alerts, session tickets); a smaller one only splits those records'
                // writes. Idle connections: 1.8 KB less native memory each.
                openSsl.setBioNonApplicationBufferSize(NON_APPLICATION_BUFFER_BYTES);
            }
            return context;
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** Bound ports by listener name ({@code mqtts}, {@code wss}, {@code mqtt}). */
    public Map<String, Integer> ports() {
        return Map.copyOf(ports);
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        blocking.shutdownNow();
        ReferenceCountUtil.release(ssl); // after the channels: their engines hold the context until they close
    }
}
