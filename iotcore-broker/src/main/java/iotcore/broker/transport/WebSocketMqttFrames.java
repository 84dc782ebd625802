package iotcore.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** MQTT over WebSocket: each binary frame carries MQTT bytes, both ways; anything else closes the connection. */
final class WebSocketMqttFrames extends MessageToMessageCodec<Object, ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketMqttFrames.class);

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof WebSocketFrame || msg instanceof FullHttpRequest;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof BinaryWebSocketFrame frame) {
            out.add(frame.content().retain());
            return;
        }
        // A text frame, or an HTTP request that was not a WebSocket upgrade on /mqtt.
        String what = msg instanceof FullHttpRequest r ? "HTTP request for " + r.uri() + " (not a WebSocket upgrade on /mqtt)"
                : msg.getClass().getSimpleName().replace("WebSocketFrame", " WebSocket frame").toLowerCase();
        log.warn("protocol_violation remote={} listener=wss reason=\"{}\"", ChannelAddress.of(ctx.channel()), what);
        ctx.close();
    }
}
