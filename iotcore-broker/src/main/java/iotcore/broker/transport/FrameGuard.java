package iotcore.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Cuts the byte stream into whole MQTT packets before Netty's {@code MqttDecoder} sees them, and
 * rejects what that codec lets through or waits on forever: a CONNECT whose fields overrun its
 * remaining length (the codec would wait for bytes that never come) and SUBSCRIBE options with
 * reserved bits set [MQTT-3.8.3-4]. A remaining length over the limit is refused from the header alone.
 */
public final class FrameGuard extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(FrameGuard.class);
    private static final int CONNECT = 1;
    private static final int SUBSCRIBE = 8;

    private final int maxPacket;
    private final String listener;

    public FrameGuard(int maxPacket, String listener) {
        this.maxPacket = maxPacket;
        this.listener = listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int length = 0;
            int multiplier = 1;
            int headerBytes = 1;
            boolean complete = false;
            for (int i = 1; i <= 4 && start + i < in.writerIndex(); i++) {
                int b = in.getUnsignedByte(start + i);
                length += (b & 0x7F) * multiplier;
                multiplier *= 128;
                headerBytes++;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
                if (i == 4) {
                    reject(ctx, in, "remaining length longer than 4 bytes");
                    return;
                }
            }
            if (!complete) {
                return; // the rest of the header has not arrived
            }
            if (length > maxPacket) {
                reject(ctx, in, "packet of " + length + " bytes is over the limit of " + maxPacket);
                return;
            }
            if (in.writerIndex() - start < headerBytes + length) {
                return;
            }
            int type = in.getUnsignedByte(start) >> 4;
            String problem = switch (type) {
                case CONNECT -> checkConnect(in, start + headerBytes, start + headerBytes + length);
                case SUBSCRIBE -> checkSubscribe(in, start + headerBytes, start + headerBytes + length);
                default -> null;
            };
            if (problem != null) {
                reject(ctx, in, problem);
                return;
            }
            out.add(in.retainedSlice(start, headerBytes + length));
            in.readerIndex(start + headerBytes + length);
        }
    }

    /** MQTT 3.1 and 3.1.1 CONNECT: every length-prefixed field ends inside the packet. Others go to the codec. */
    private static String checkConnect(ByteBuf in, int at, int end) {
        int nameEnd = field(in, at, end);
        if (nameEnd < 0 || nameEnd + 4 > end) {
            return "CONNECT shorter than its fixed fields";
        }
        int level = in.getUnsignedByte(nameEnd);
        if (level != 3 && level != 4) {
            return null; // MQTT 5 and unknown levels: the codec refuses them with CONNACK 1
        }
        int flags = in.getUnsignedByte(nameEnd + 1);
        int p = field(in, nameEnd + 4, end); // client id
        if (p >= 0 && (flags & 0x04) != 0) {
            p = field(in, p, end); // will topic
            p = p < 0 ? p : field(in, p, end); // will message
        }
        if (p >= 0 && (flags & 0x80) != 0) {
            p = field(in, p, end); // user name
        }
        if (p >= 0 && (flags & 0x40) != 0) {
            p = field(in, p, end); // password
        }
        return p == end ? null : "CONNECT fields do not match its remaining length";
    }

    private static String checkSubscribe(ByteBuf in, int at, int end) {
        int p = at + 2; // packet id
        while (p < end) {
            p = field(in, p, end);
            if (p < 0 || p >= end) {
                return "SUBSCRIBE filter overruns the packet";
            }
            if ((in.getUnsignedByte(p) & 0xFC) != 0) {
                return "SUBSCRIBE options with reserved bits set [MQTT-3.8.3-4]";
            }
            p++;
        }
        return p == end ? null : "SUBSCRIBE overruns the packet";
    }

    /** The index after a u16-length-prefixed field at {@code at}, or -1 when it does not fit before {@code end}. */
    private static int field(ByteBuf in, int at, int end) {
        if (at + 2 > end) {
            return -1;
        }
        int next = at + 2 + in.getUnsignedShort(at);
        return next > end ? -1 : next;
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        log.warn("protocol_violation remote={} listener={} reason=\"{}\"", ChannelAddress.of(ctx.channel()), listener, reason);
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
