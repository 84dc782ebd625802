package iotcore.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * Opens MQTT connections on one Netty event loop group: epoll when available, TLS through OpenSSL (BoringSSL) when
 * available, one TLS context for every client certificate ({@link KeyChooser}). Connections are spread over the
 * source addresses round robin, so more than one ephemeral port range can be used against one broker port.
 */
public final class Clients implements AutoCloseable {

    /** Where and how to connect. {@code caFile} null trusts any server certificate. */
    public record Settings(String host, int port, boolean tls, Path caFile, List<String> tlsVersions, boolean resume,
                           int threads, List<String> sourceAddresses, int keepAliveSeconds, int connectTimeoutMillis,
                           int maxPacketBytes) {
    }

    private final Settings settings;
    private final EventLoopGroup group;
    private final SslContext ssl;
    private final KeyChooser keys = new KeyChooser();
    private final Bootstrap bootstrap;
    private final List<InetSocketAddress> sources = new ArrayList<>();
    private final AtomicInteger nextSource = new AtomicInteger();
    private final InetSocketAddress remote;

    public Clients(Settings settings) {
        this.settings = settings;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(settings.threads(), io);
        this.ssl = settings.tls() ? sslContext(settings, keys) : null;
        this.remote = new InetSocketAddress(settings.host(), settings.port());
        for (String source : settings.sourceAddresses()) {
            sources.add(new InetSocketAddress(source, 0));
        }
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // the real pipeline is set per connection in connect(); nothing shared here
                    }
                });
    }

    private static SslContext sslContext(Settings settings, KeyChooser keys) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols(settings.tlsVersions())
                    .keyManager(keys)
                    // hostname checks need the peer host, which also turns on session resumption; the chain is
                    // still checked against --cafile when one is given
                    .endpointIdentificationAlgorithm(settings.resume() && settings.caFile() != null ? "HTTPS" : null);
            if (settings.caFile() == null) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                builder.trustManager(settings.caFile().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public String transportName() {
        return (Epoll.isAvailable() ? "epoll" : "nio") + (ssl == null ? "" : "+" + (OpenSsl.isAvailable() ? "openssl" : "jdk-tls"));
    }

    public EventLoopGroup group() {
        return group;
    }

    /** All event loops, for collecting what each recorded. */
    public List<EventExecutor> loops() {
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        return loops;
    }

    /**
     * Opens a connection and sends CONNECT; the client's {@link BenchClient#connected()} completes on CONNACK 0 and
     * fails on anything else, a close or a timeout.
     */
    public BenchClient connect(ClientSpec spec, BenchClient.Listener listener) {
        BenchClient client = new BenchClient(spec, settings.keepAliveSeconds(), listener);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (ssl != null) {
                    SslHandler handler = settings.resume()
                            ? ssl.newHandler(ch.alloc(), settings.host(), settings.port())
                            : ssl.newHandler(ch.alloc());
                    if (spec.key() != null) {
                        keys.assign(handler.engine(), spec.key());
                        handler.handshakeFuture().addListener(f -> keys.release(handler.engine()));
                    }
                    p.addLast("tls", handler);
                }
                p.addLast("decoder", new MqttDecoder(settings.maxPacketBytes()));
                p.addLast("encoder", MqttEncoder.INSTANCE);
                if (settings.keepAliveSeconds() > 0) {
                    // PINGREQ after half the keep-alive without a write (the broker allows 1.5 keep-alives)
                    p.addLast("idle", new IdleStateHandler(0, Math.max(1, settings.keepAliveSeconds() / 2), 0, TimeUnit.SECONDS));
                }
                p.addLast("client", client);
            }
        });
        ChannelFuture f = sources.isEmpty() ? b.connect(remote)
                : b.connect(remote, sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size())));
        client.attach(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                client.failConnect(done.cause());
            }
        });
        Channel ch = f.channel();
        var timeout = ch.eventLoop().schedule(() -> client.failConnect(new TimeoutException(
                "no CONNACK within " + settings.connectTimeoutMillis() + " ms")), settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        client.connected().whenComplete((ok, error) -> timeout.cancel(false));
        return client;
    }

    /**
     * Connects every spec with at most {@code concurrency} connections in progress at once; the list of clients is
     * in spec order. Failed connections are kept (their {@code connected()} future says why).
     */
    public CompletableFuture<List<BenchClient>> connectAll(List<ClientSpec> specs, int concurrency,
                                                           java.util.function.IntFunction<BenchClient.Listener> listeners,
                                                           Runnable onEach) {
        BenchClient[] clients = new BenchClient[specs.size()];
        CompletableFuture<List<BenchClient>> all = new CompletableFuture<>();
        if (specs.isEmpty()) {
            all.complete(List.of());
            return all;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable[] startNext = new Runnable[1];
        startNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= specs.size()) {
                return;
            }
            BenchClient c = connect(specs.get(i), listeners.apply(i));
            clients[i] = c;
            c.connected().whenComplete((ok, error) -> {
                onEach.run();
                if (done.incrementAndGet() == specs.size()) {
                    all.complete(List.of(clients));
                } else {
                    group.next().execute(startNext[0]); // never recursive, even when connects fail at once
                }
            });
        };
        for (int i = 0; i < Math.max(1, concurrency); i++) {
            startNext[0].run();
        }
        return all;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
