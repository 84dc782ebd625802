package iotcore.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT 3.1.1 client connection of the load tool: CONNECT on open, PUBACK for received QoS 1 (flushed once per
 * read batch), PINGREQ when idle. Everything runs on the channel's event loop; the {@link Listener} is called there.
 */
public final class BenchClient extends ChannelInboundHandlerAdapter {

    /** Callbacks on the client's event loop. */
    public interface Listener {
        /** A PUBLISH arrived; the message is released after the call returns. */
        default void onPublish(BenchClient client, MqttPublishMessage message) {
        }

        default void onPubAck(BenchClient client, int packetId) {
        }

        default void onWritable(BenchClient client) {
        }

        default void onClosed(BenchClient client) {
        }
    }

    public static final Listener NO_LISTENER = new Listener() {
    };

    private final ClientSpec spec;
    private final int keepAliveSeconds;
    private final Listener listener;
    private final CompletableFuture<BenchClient> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private CompletableFuture<List<Integer>> subAck;
    private volatile Channel channel;
    private boolean flushPending;
    private int nextPacketId = 1;
    private volatile long connectStartNanos = System.nanoTime();
    private volatile long connAckNanos;

    BenchClient(ClientSpec spec, int keepAliveSeconds, Listener listener) {
        this.spec = spec;
        this.keepAliveSeconds = keepAliveSeconds;
        this.listener = listener;
    }

    void attach(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(f -> {
            failConnect(new IllegalStateException("connection closed before CONNACK"));
            closed.complete(null);
        });
    }

    void failConnect(Throwable cause) {
        if (connected.completeExceptionally(cause)) {
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }
    }

    public ClientSpec spec() {
        return spec;
    }

    public Channel channel() {
        return channel;
    }

    /** Completes on CONNACK 0. */
    public CompletableFuture<BenchClient> connected() {
        return connected;
    }

    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** From the start of the TCP connect to the CONNACK, in nanoseconds; 0 before the CONNACK. */
    public long connectNanos() {
        return connAckNanos == 0 ? 0 : connAckNanos - connectStartNanos;
    }

    /** Subscribes to the filters at one QoS; completes with the SUBACK return codes. Call on any thread. */
    public CompletableFuture<List<Integer>> subscribe(List<String> filters, int qos) {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            subAck = result;
            MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(packetId());
            filters.forEach(f -> b.addSubscription(MqttQoS.valueOf(qos), f));
            channel.writeAndFlush(b.build());
        });
        return result;
    }

    /** A packet id for the next outgoing packet, 1..65535 round robin; callers keep their own in-flight set. */
    public int packetId() {
        int id = nextPacketId;
        nextPacketId = id == 65535 ? 1 : id + 1;
        return id;
    }

    /** Sends DISCONNECT and closes; completes when the channel is closed. */
    public CompletableFuture<Void> disconnect() {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            if (ch != null) {
                ch.close();
            }
            return closed;
        }
        ch.eventLoop().execute(() -> ch.writeAndFlush(new MqttMessage(header(MqttMessageType.DISCONNECT)))
                .addListener(f -> ch.close()));
        return closed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // queued by the TLS handler until its handshake is done
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(spec.clientId())
                .cleanSession(spec.cleanSession())
                .keepAlive(keepAliveSeconds);
        if (spec.username() != null) {
            b.hasUser(true).username(spec.username());
        }
        if (spec.password() != null) {
            b.hasPassword(true).password(spec.password().getBytes(StandardCharsets.UTF_8));
        }
        ctx.writeAndFlush(b.build());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage m)) {
                return;
            }
            if (m.decoderResult().isFailure()) {
                ctx.close();
                return;
            }
            switch (m.fixedHeader().messageType()) {
                case PUBLISH -> {
                    MqttPublishMessage p = (MqttPublishMessage) m;
                    if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                        ctx.write(new MqttMessage(header(MqttMessageType.PUBACK),
                                MqttMessageIdVariableHeader.from(p.variableHeader().packetId())), ctx.voidPromise());
                        flushPending = true;
                    }
                    listener.onPublish(this, p);
                }
                case PUBACK -> listener.onPubAck(this, ((MqttMessageIdVariableHeader) m.variableHeader()).messageId());
                case CONNACK -> {
                    MqttConnectReturnCode code = ((MqttConnAckMessage) m).variableHeader().connectReturnCode();
                    if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                        connAckNanos = System.nanoTime();
                        connected.complete(this);
                    } else {
                        failConnect(new IllegalStateException("CONNACK " + (code.byteValue() & 0xff) + " (" + code + ")"));
                    }
                }
                case SUBACK -> {
                    CompletableFuture<List<Integer>> pending = subAck;
                    subAck = null;
                    if (pending != null) {
                        pending.complete(((MqttSubAckMessage) m).payload().grantedQoSLevels());
                    }
                }
                default -> {
                    // PINGRESP, UNSUBACK: nothing to do
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            listener.onWritable(this);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.writeAndFlush(new MqttMessage(header(MqttMessageType.PINGREQ)));
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        CompletableFuture<List<Integer>> pending = subAck;
        if (pending != null) {
            pending.completeExceptionally(new IllegalStateException("connection closed before SUBACK"));
        }
        listener.onClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failConnect(cause);
        ctx.close();
    }

    static MqttFixedHeader header(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
    }
}
