package iotcore.broker.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import iotcore.broker.Broker;
import iotcore.broker.Link;
import iotcore.broker.Will;
import iotcore.broker.auth.Authenticator;
import iotcore.broker.session.Connection;
import iotcore.broker.topic.Filters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One MQTT connection: checks each packet against MQTT 3.1.1, hands it to the {@link Broker} and writes
 * the answer. CONNECT and SUBSCRIBE may query the database, so they run on {@code blocking} with reads
 * paused, keeping packet order. Every protocol violation closes the connection with a
 * {@code protocol_violation} log line.
 */
final class MqttConnectionHandler extends SimpleChannelInboundHandler<MqttMessage> implements Connection {
    private static final Logger log = LoggerFactory.getLogger(MqttConnectionHandler.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Outbound bytes past which QoS 0 messages to this client are dropped (the high-water mark is 64 KiB). */
    private static final long QOS0_BUFFER_BYTES = 1 << 20;
    private static final int AUTH_TIMEOUT_SECONDS = 60;
    /** The channel attribute where Netty's MQTT codec keeps the protocol version it encodes with. */
    private static final AttributeKey<MqttVersion> CODEC_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final Broker broker;
    private final Executor blocking;
    private final String listener;
    private final ArrayDeque<PendingAck> acks = new ArrayDeque<>();
    private final AtomicBoolean acksScheduled = new AtomicBoolean();
    private ChannelHandlerContext ctx;
    private volatile Link link;
    private volatile String closeReason;
    private boolean connectSeen;
    private volatile long authMillis;
    private boolean graceful;
    private boolean acknowledged;
    /** Until CONNECT: the connect timeout; until CONNACK: the authentication timeout; then the keep-alive check (one timer). */
    private ScheduledFuture<?> timer;
    private long keepAliveNanos;
    private long lastReadNanos;

    MqttConnectionHandler(Broker broker, Executor blocking, String listener) {
        this.broker = broker;
        this.blocking = blocking;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        timer = ctx.executor().schedule(() -> violation("no CONNECT within " + CONNECT_TIMEOUT_SECONDS + " s"),
                CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            malformed(msg.decoderResult().cause());
            return;
        }
        MqttMessageType type = msg.fixedHeader().messageType();
        if (type == MqttMessageType.CONNECT) {
            if (connectSeen) {
                violation("second CONNECT on one connection [MQTT-3.1.0-2]");
            } else {
                connectSeen = true;
                // The CONNECT came in time: from here the wait is for authentication, which under a storm of password
                // logins (an Argon2id check each) may take longer than a client's own CONNECT timeout would allow.
                timer.cancel(false);
                timer = ctx.executor().schedule(() -> {
                    log.warn("mqtt_auth_timeout remote={} listener={} seconds={}", remoteAddress(), listener, AUTH_TIMEOUT_SECONDS);
                    closeWith("authentication took over " + AUTH_TIMEOUT_SECONDS + " s");
                }, AUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                connect((MqttConnectMessage) msg);
            }
            return;
        }
        Link current = link;
        if (current == null) {
            violation(type + " before CONNECT [MQTT-3.1.0-1]");
            return;
        }
        switch (type) {
            case PUBLISH -> publish(current, (MqttPublishMessage) msg);
            case PUBACK -> {
                broker.acknowledge(current, ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
                acknowledged = true;
            }
            case PUBREL -> {
                PendingAck ack = pending(MqttMessageType.PUBCOMP, ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
                broker.released(current, ack.packetId, () -> completeAck(ack));
            }
            case PUBREC, PUBCOMP -> { } // the broker never sends QoS 2 (decisions §5): nothing to continue
            case SUBSCRIBE -> subscribe(current, (MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> {
                MqttUnsubscribeMessage u = (MqttUnsubscribeMessage) msg;
                broker.unsubscribe(current, u.payload().topics());
                ctx.writeAndFlush(new MqttUnsubAckMessage(header(MqttMessageType.UNSUBACK),
                        MqttMessageIdVariableHeader.from(u.variableHeader().messageId())));
            }
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(header(MqttMessageType.PINGRESP)));
            case DISCONNECT -> {
                graceful = true;
                broker.disconnectRequested(current);
                closeWith("client disconnected");
            }
            default -> violation("unexpected " + type + " from a client");
        }
    }

    // --- CONNECT ------------------------------------------------------------------------------------

    private void connect(MqttConnectMessage m) {
        var header = m.variableHeader();
        var payload = m.payload();
        if (header.version() != MqttVersion.MQTT_3_1_1.protocolLevel()) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "protocol level " + header.version());
            return;
        }
        String clientId = payload.clientIdentifier();
        if (clientId.isEmpty() && !header.isCleanSession()) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "empty client id with cleanSession=0 [MQTT-3.1.3-8]");
            return;
        }
        Will will = null;
        if (header.isWillFlag()) {
            if (!Filters.validTopicName(payload.willTopic(), broker.config().maxTopicLength())) {
                violation("invalid will topic");
                return;
            }
            will = new Will(payload.willTopic(), payload.willMessageInBytes(), header.willQos());
        }
        byte[] certificate = peerCertificate();
        String username = header.hasUserName() ? payload.userName() : null;
        byte[] password = header.hasPassword() ? payload.passwordInBytes() : null;
        boolean clean = header.isCleanSession();
        int keepAlive = header.keepAliveTimeSeconds();
        Will finalWill = will;
        if (username == null) {
            // A device that connected before: its certificate, registry and lookups are cached, and the decision
            // is made here on the event loop, without a database query or a hop to another thread.
            Authenticator.Result cached = broker.authenticator().cached(certificate, null);
            if (cached != null && (!(cached instanceof Authenticator.Accepted a) || broker.warmed(a.identity()))) {
                authMillis = 0;
                finishConnect(cached, clientId, clean, keepAlive, finalWill);
                return;
            }
        }
        ctx.channel().config().setAutoRead(false);
        blocking.execute(() -> {
            Authenticator.Result result;
            long started = System.nanoTime();
            try {
                result = broker.authenticator().authenticate(certificate, username, password);
                if (result instanceof Authenticator.Accepted accepted) {
                    broker.warm(accepted.identity()); // lookups PUBLISH needs, loaded here rather than on the event loop
                }
                authMillis = (System.nanoTime() - started) / 1_000_000;
            } catch (RuntimeException e) {
                log.error("mqtt_auth_failed remote={}", remoteAddress(), e);
                result = new Authenticator.Refused(3, "server unavailable"); // 3: server unavailable
            }
            Authenticator.Result decided = result;
            ctx.executor().execute(() -> finishConnect(decided, clientId, clean, keepAlive, finalWill));
        });
    }

    private void finishConnect(Authenticator.Result result, String clientId, boolean clean, int keepAlive, Will will) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (result instanceof Authenticator.Refused r) {
            refuse(MqttConnectReturnCode.valueOf((byte) r.returnCode()), r.reason());
            return;
        }
        Authenticator.Accepted accepted = (Authenticator.Accepted) result;
        Broker.Opened opened = broker.open(accepted, clientId, clean, will, this);
        link = opened.link();
        timer.cancel(false);
        timer = null;
        if (keepAlive > 0) {
            // [MQTT-3.1.2-24]: one and a half keep-alive periods without a packet end the connection.
            keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAlive * 1500L);
            lastReadNanos = System.nanoTime();
            timer = ctx.executor().schedule(this::checkKeepAlive, keepAliveNanos, TimeUnit.NANOSECONDS);
        }
        MqttConnAckMessage ack = MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(opened.sessionPresent()).build();
        ctx.writeAndFlush(ack);
        log.info("mqtt_connected remote={} listener={} identity={} client_id=\"{}\" clean={} session_present={} auth_ms={}",
                remoteAddress(), listener, link.identity().key(), clientId, clean, opened.sessionPresent(), authMillis);
        broker.start(link);
        ctx.channel().config().setAutoRead(true);
        if (broker.authenticator().decidedBefore(accepted)) {
            recheck(link);
        }
    }

    /**
     * A credential, device or registry changed while this connection was being accepted: the broker's closing of the
     * connections concerned may have missed it, so its credential is checked again (in the database).
     */
    private void recheck(Link accepted) {
        blocking.execute(() -> {
            boolean valid;
            try {
                valid = broker.authenticator().stillValid(accepted.identity(), accepted.method());
            } catch (RuntimeException e) {
                log.error("mqtt_auth_recheck_failed remote={}", remoteAddress(), e);
                valid = false;
            }
            if (!valid) {
                ctx.executor().execute(() -> closeWith("credentials changed while connecting"));
            }
        });
    }

    private void refuse(MqttConnectReturnCode code, String reason) {
        // The codec remembers the version of the decoded CONNECT; a refusal is always in MQTT 3.1.1 form.
        ctx.channel().attr(CODEC_VERSION).set(MqttVersion.MQTT_3_1_1);
        log.info("connect_refused remote={} listener={} code={} reason=\"{}\"", remoteAddress(), listener, code.byteValue(), reason);
        closeReason = "connect refused: " + reason;
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).build())
                .addListener(f -> ctx.close());
    }

    private byte[] peerCertificate() {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length == 0 ? null : chain[0].getEncoded();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    // --- PUBLISH and SUBSCRIBE ------------------------------------------------------------------------

    private void publish(Link current, MqttPublishMessage m) {
        String topic = m.variableHeader().topicName();
        int qos = m.fixedHeader().qosLevel().value();
        int id = m.variableHeader().packetId();
        int size = m.payload().readableBytes();
        if (size > broker.config().maxMessageBytes()) {
            violation("payload of " + size + " bytes is over the limit of " + broker.config().maxMessageBytes() + " bytes");
            return;
        }
        if (!Filters.validTopicName(topic, broker.config().maxTopicLength())) {
            violation("invalid topic name in PUBLISH (wildcard, empty, too long or not UTF-8)");
            return;
        }
        if (qos == 2 && broker.qos2Pending(current, id)) {
            completeAck(pending(MqttMessageType.PUBREC, id)); // a resent QoS 2 PUBLISH is not routed twice
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(m.payload());
        if (qos == 0) {
            if (!broker.publish(current, topic, payload, 0, 0, null)) {
                closeWith("publish to topic \"" + topic + "\" not allowed");
            }
            return;
        }
        PendingAck ack = pending(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, id);
        if (!broker.publish(current, topic, payload, qos, id, () -> completeAck(ack))) {
            acks.remove(ack);
            closeWith("publish to topic \"" + topic + "\" not allowed");
        }
    }

    /** An acknowledgement in the order of the packets it answers, sent by {@link #completeAck} once it may go. */
    private PendingAck pending(MqttMessageType type, int packetId) {
        PendingAck ack = new PendingAck(type, packetId);
        acks.addLast(ack);
        return ack;
    }

    /**
     * Called on any thread: on the event loop the acknowledgement goes at once (nothing to make durable: no task hop);
     * from the store's thread one task writes every acknowledgement that is ready by the time it runs.
     */
    private void completeAck(PendingAck ack) {
        ack.ready = true;
        if (ctx.executor().inEventLoop()) {
            flushAcks();
        } else if (!acksScheduled.getAndSet(true)) {
            ctx.executor().execute(() -> {
                acksScheduled.set(false);
                flushAcks();
            });
        }
    }

    /**
     * Acknowledgements leave in the order the packets came [MQTT-4.6.0-2]: PUBACK and PUBREC in the order
     * of the PUBLISH packets, PUBCOMP of the PUBREL packets, each once its change is durable, so one that
     * waits on the store holds back the ones after it.
     */
    private void flushAcks() {
        boolean wrote = false;
        while (!acks.isEmpty() && acks.peekFirst().ready) {
            PendingAck ack = acks.pollFirst();
            ctx.write(ack.type == MqttMessageType.PUBACK ? MqttMessageBuilders.pubAck().packetId(ack.packetId).build()
                    : idMessage(ack.type, ack.packetId));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private static final class PendingAck {
        final MqttMessageType type;
        final int packetId;
        volatile boolean ready;

        PendingAck(MqttMessageType type, int packetId) {
            this.type = type;
            this.packetId = packetId;
        }
    }

    private void subscribe(Link current, MqttSubscribeMessage m) {
        List<MqttTopicSubscription> topics = m.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            violation("SUBSCRIBE without topic filters [MQTT-3.8.3-3]");
            return;
        }
        List<Broker.SubscribeRequest> requests = new ArrayList<>();
        for (MqttTopicSubscription t : topics) {
            requests.add(new Broker.SubscribeRequest(t.topicFilter(), t.qualityOfService().value()));
        }
        int id = m.variableHeader().messageId();
        ctx.channel().config().setAutoRead(false);
        blocking.execute(() -> {
            Broker.SubscribeResult result;
            try {
                result = broker.subscribe(current, requests);
            } catch (RuntimeException e) {
                log.error("mqtt_subscribe_failed remote={}", remoteAddress(), e);
                ctx.executor().execute(() -> closeWith("server error while subscribing"));
                return;
            }
            ctx.executor().execute(() -> {
                int[] codes = result.returnCodes().stream().mapToInt(Integer::intValue).toArray();
                ctx.writeAndFlush(new MqttSubAckMessage(header(MqttMessageType.SUBACK), MqttMessageIdVariableHeader.from(id),
                        new MqttSubAckPayload(codes)));
                result.replay().run();
                ctx.channel().config().setAutoRead(true);
            });
        });
    }

    // --- Connection (called by the broker from any thread) ----------------------------------------------

    @Override
    public void sendPublish(int packetId, String topic, byte[] payload, int qos, boolean dup) {
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), false, 0);
        ctx.writeAndFlush(new MqttPublishMessage(fixed, new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId),
                Unpooled.wrappedBuffer(payload)));
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void execute(Runnable task) {
        ctx.executor().execute(task);
    }

    @Override
    public boolean acceptsQos0() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer != null && buffer.totalPendingWriteBytes() < QOS0_BUFFER_BYTES;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (keepAliveNanos > 0) {
            lastReadNanos = System.nanoTime();
        }
        Link current = link;
        if (acknowledged && current != null) {
            acknowledged = false;
            broker.acknowledged(current);
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Link current = link;
        if (current != null && ctx.channel().isWritable()) {
            current.session().pump(); // the backlog waited in the session queue, not in Netty's buffer
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void close(String reason) {
        closeWith(reason);
    }

    @Override
    public String remoteAddress() {
        return ctx == null ? "unknown" : ChannelAddress.of(ctx.channel());
    }

    // --- closing ------------------------------------------------------------------------------------------

    private void closeWith(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        ctx.close();
    }

    private void malformed(Throwable cause) {
        if (cause instanceof MqttUnacceptableProtocolVersionException && !connectSeen) {
            connectSeen = true;
            log.warn("protocol_violation remote={} listener={} reason=\"unacceptable protocol: {}\"", remoteAddress(), listener,
                    cause.getMessage());
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "unacceptable protocol name or level");
            return;
        }
        if (cause instanceof MqttIdentifierRejectedException && !connectSeen) {
            connectSeen = true;
            log.warn("protocol_violation remote={} listener={} reason=\"client id rejected: {}\"", remoteAddress(), listener,
                    cause.getMessage());
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client id rejected");
            return;
        }
        violation("malformed packet: " + cause.getMessage());
    }

    private void violation(String reason) {
        if (!ctx.channel().isActive()) {
            return;
        }
        log.warn("protocol_violation remote={} listener={} identity={} reason=\"{}\"", remoteAddress(), listener,
                link == null ? "-" : link.identity().key(), reason);
        closeWith(reason);
    }

    /** Runs on the event loop once a keep-alive period and a half after the last read could have passed. */
    private void checkKeepAlive() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long idle = System.nanoTime() - lastReadNanos;
        if (idle >= keepAliveNanos) {
            log.info("mqtt_keepalive_timeout remote={} identity={}", remoteAddress(), link == null ? "-" : link.identity().key());
            closeWith("keep-alive timeout");
        } else {
            timer = ctx.executor().schedule(this::checkKeepAlive, keepAliveNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        Link current = link;
        if (current != null) {
            broker.closed(current, graceful, closeReason != null ? closeReason : "connection lost");
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReason == null) {
            closeReason = "connection error: " + cause.getMessage();
        }
        log.debug("mqtt_connection_error remote={}: {}", remoteAddress(), cause.toString());
        ctx.close();
    }

    private static MqttFixedHeader header(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
    }

    private static MqttMessage idMessage(MqttMessageType type, int id) {
        return new MqttMessage(header(type), MqttMessageIdVariableHeader.from(id));
    }
}
