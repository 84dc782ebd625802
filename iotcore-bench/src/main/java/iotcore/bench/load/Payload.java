package iotcore.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The bench's message body: a 28-byte header followed by zero padding up to the payload size.
 *
 * <pre>
 *   0       4       8         12              20              28
 *   | magic | run   | pub idx | sequence      | send nanoTime | padding ...
 * </pre>
 *
 * The run id tells this run's messages from leftovers of another (a persistent session's queue, a second tool on
 * the same broker); send time is {@link System#nanoTime()} of this process, which both ends share.
 */
public final class Payload {

    public static final int HEADER = 28;
    static final int MAGIC = 0x49434231; // "ICB1"

    private Payload() {
    }

    public static ByteBuf write(ByteBufAllocator alloc, int size, int runId, int publisher, long sequence, long sentNanos) {
        int total = Math.max(size, HEADER);
        ByteBuf buf = alloc.buffer(total, total);
        buf.writeInt(MAGIC).writeInt(runId).writeInt(publisher).writeLong(sequence).writeLong(sentNanos);
        buf.writeZero(total - HEADER);
        return buf;
    }

    /** Whether the buffer carries a header of this run; the getters below read it without moving the reader index. */
    public static boolean ours(ByteBuf buf, int runId) {
        int at = buf.readerIndex();
        return buf.readableBytes() >= HEADER && buf.getInt(at) == MAGIC && buf.getInt(at + 4) == runId;
    }

    public static int publisher(ByteBuf buf) {
        return buf.getInt(buf.readerIndex() + 8);
    }

    public static long sequence(ByteBuf buf) {
        return buf.getLong(buf.readerIndex() + 12);
    }

    public static long sentNanos(ByteBuf buf) {
        return buf.getLong(buf.readerIndex() + 20);
    }
}
