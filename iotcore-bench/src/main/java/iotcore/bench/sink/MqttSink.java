package iotcore.bench.sink;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import iotcore.bench.fleet.FleetPki;
import iotcore.bench.load.Topics;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A trivial MQTT 3.1.1 broker to measure the load tool's own ceiling: accepts every CONNECT, grants every
 * subscription (QoS at most 1), acknowledges QoS 1 at once and fans PUBLISH out to matching subscribers by plain
 * topic matching, sharing the payload buffer; no sessions, no permissions, no retries. Writes to subscribers on the
 * publisher's event loop are flushed once per read batch.
 */
public final class MqttSink implements AutoCloseable {

    private record Subscription(Channel channel, String filter, int qos) {
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, Subscription[]> matches = new ConcurrentHashMap<>();

    private MqttSink(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Binds {@code host:port} (0: any free port); with {@code tls}, a generated certificate and optional client certificates. */
    public static MqttSink start(String host, int port, boolean tls, int threads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        SslContext ssl = tls ? serverContext() : null;
        MqttSink[] self = new MqttSink[1];
        ServerBootstrap b = new ServerBootstrap().group(group).channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, self[0].new Connection());
                    }
                });
        try {
            Channel server = b.bind(new InetSocketAddress(host, port)).sync().channel();
            self[0] = new MqttSink(group, server);
            return self[0];
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static SslContext serverContext() {
        FleetPki pki = FleetPki.newCa("iotcore bench sink CA");
        FleetPki.Issued cert = pki.server("iotcore bench sink");
        try {
            return SslContextBuilder.forServer(cert.key(), cert.certificate(), pki.ca().certificate())
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private Subscription[] matching(String topic) {
        Subscription[] found = matches.get(topic);
        if (found == null) {
            List<Subscription> list = new ArrayList<>();
            for (Subscription s : subscriptions) {
                if (Topics.matches(s.filter(), topic)) {
                    list.add(s);
                }
            }
            found = list.toArray(Subscription[]::new);
            matches.put(topic, found);
        }
        return found;
    }

    private void changed() {
        matches.clear();
    }

    /** One client connection. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final Set<Channel> dirty = new LinkedHashSet<>();
        private int nextPacketId = 1;
        private boolean flushSelf;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof MqttMessage m) || m.decoderResult().isFailure()) {
                    ctx.close();
                    return;
                }
                switch (m.fixedHeader().messageType()) {
                    case CONNECT -> {
                        ctx.write(new MqttConnAckMessage(header(MqttMessageType.CONNACK),
                                new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, false)));
                        flushSelf = true;
                    }
                    case PUBLISH -> publish(ctx, (MqttPublishMessage) m);
                    case SUBSCRIBE -> {
                        MqttSubscribeMessage s = (MqttSubscribeMessage) m;
                        List<Integer> granted = new ArrayList<>();
                        for (MqttTopicSubscription t : s.payload().topicSubscriptions()) {
                            int qos = Math.min(1, t.qualityOfService().value());
                            subscriptions.add(new Subscription(ctx.channel(), t.topicFilter(), qos));
                            granted.add(qos);
                        }
                        changed();
                        ctx.write(new MqttSubAckMessage(header(MqttMessageType.SUBACK),
                                MqttMessageIdVariableHeader.from(s.variableHeader().messageId()),
                                new MqttSubAckPayload(granted.stream().mapToInt(Integer::intValue).toArray())));
                        flushSelf = true;
                    }
                    case UNSUBSCRIBE -> {
                        MqttUnsubscribeMessage u = (MqttUnsubscribeMessage) m;
                        subscriptions.removeIf(s -> s.channel() == ctx.channel() && u.payload().topics().contains(s.filter()));
                        changed();
                        ctx.write(new MqttUnsubAckMessage(header(MqttMessageType.UNSUBACK),
                                MqttMessageIdVariableHeader.from(u.variableHeader().messageId())));
                        flushSelf = true;
                    }
                    case PINGREQ -> {
                        ctx.write(new MqttMessage(header(MqttMessageType.PINGRESP)));
                        flushSelf = true;
                    }
                    case DISCONNECT -> ctx.close();
                    default -> {
                        // PUBACK from subscribers: nothing is kept to release
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void publish(ChannelHandlerContext ctx, MqttPublishMessage m) {
            int qos = m.fixedHeader().qosLevel().value();
            String topic = m.variableHeader().topicName();
            if (qos > 0) {
                ctx.write(new MqttMessage(header(MqttMessageType.PUBACK), MqttMessageIdVariableHeader.from(m.variableHeader().packetId())),
                        ctx.voidPromise());
                flushSelf = true;
            }
            ByteBuf payload = m.payload();
            for (Subscription s : matching(topic)) {
                Channel target = s.channel();
                if (!target.isActive()) {
                    continue;
                }
                int q = Math.min(qos, s.qos());
                int id = q == 0 ? -1 : packetId();
                MqttPublishMessage out = new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(q), false, 0),
                        new MqttPublishVariableHeader(topic, id), payload.retainedDuplicate());
                if (target.eventLoop().inEventLoop()) {
                    target.write(out, target.voidPromise());
                    if (target != ctx.channel()) {
                        dirty.add(target);
                    } else {
                        flushSelf = true;
                    }
                } else {
                    target.writeAndFlush(out, target.voidPromise());
                }
            }
        }

        private int packetId() {
            int id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
            return id;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (flushSelf) {
                flushSelf = false;
                ctx.flush();
            }
            if (!dirty.isEmpty()) {
                for (Channel c : dirty) {
                    c.flush();
                }
                dirty.clear();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (subscriptions.removeIf(s -> s.channel() == ctx.channel())) {
                changed();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static MqttFixedHeader header(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
    }
}
