package iotcore.broker.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;

import java.util.concurrent.TimeUnit;

/**
 * The optional per-connection inbound limit of decisions §7: past {@code perSecond} PUBLISH packets in
 * a second, reading pauses until the next second, so TCP backpressure slows the client and nothing is
 * dropped.
 */
final class InboundRateLimiter extends ChannelInboundHandlerAdapter {
    private final int perSecond;
    private long windowStart;
    private int count;
    private boolean paused;

    InboundRateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof MqttMessage m && m.fixedHeader() != null && m.fixedHeader().messageType() == MqttMessageType.PUBLISH) {
            long now = System.nanoTime();
            if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
                windowStart = now;
                count = 0;
            }
            if (++count >= perSecond && !paused) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
                long resumeIn = TimeUnit.SECONDS.toNanos(1) - (now - windowStart);
                ctx.executor().schedule(() -> {
                    paused = false;
                    ctx.channel().config().setAutoRead(true);
                }, resumeIn, TimeUnit.NANOSECONDS);
            }
        }
        super.channelRead(ctx, msg);
    }
}
