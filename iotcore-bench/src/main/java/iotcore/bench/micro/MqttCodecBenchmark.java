package iotcore.bench.micro;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import iotcore.broker.transport.FrameGuard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A QoS 1 PUBLISH of a device's telemetry (256-byte payload) through the broker's codec stages: encoding with Netty's
 * {@code MqttEncoder}, and decoding with the broker's inbound pipeline ({@link FrameGuard}, then {@code MqttDecoder}
 * with the broker's packet limit), each on an {@code EmbeddedChannel}; the PUBACK that follows is decoded too.
 */
@State(Scope.Thread)
public class MqttCodecBenchmark extends MicroBenchmark {
    private static final int MAX_PACKET = 262_144 + 3 * 1024 + 64; // the broker's limit at its default settings
    private static final String TOPIC = "$devices/" + Fleet.device(4242) + "/events";

    private final EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private final EmbeddedChannel decoder = new EmbeddedChannel(new FrameGuard(MAX_PACKET, "bench"), new MqttDecoder(MAX_PACKET));
    private ByteBuf payload;
    private ByteBuf publishBytes;
    private ByteBuf pubackBytes;

    @Setup
    public void setUp() {
        payload = Unpooled.directBuffer(256).writeZero(256);
        publishBytes = onWire(publish());
        pubackBytes = onWire(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(17)));
    }

    @TearDown
    public void tearDown() {
        payload.release();
        publishBytes.release();
        pubackBytes.release();
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }

    private MqttPublishMessage publish() {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(TOPIC, 17), payload.retainedDuplicate());
    }

    /** The bytes of a message in a direct buffer, as a socket read hands them over. */
    private ByteBuf onWire(MqttMessage message) {
        encoder.writeOutbound(message);
        ByteBuf encoded = encoder.readOutbound();
        ByteBuf direct = Unpooled.directBuffer(encoded.readableBytes()).writeBytes(encoded);
        encoded.release();
        return direct;
    }

    @Benchmark
    public int encodePublish() {
        encoder.writeOutbound(publish());
        ByteBuf out = encoder.readOutbound();
        int size = out.readableBytes();
        out.release();
        return size;
    }

    @Benchmark
    public int decodePublish() {
        decoder.writeInbound(publishBytes.retainedDuplicate());
        MqttPublishMessage in = decoder.readInbound();
        int id = in.variableHeader().packetId();
        in.release();
        return id;
    }

    @Benchmark
    public Object decodePuback() {
        decoder.writeInbound(pubackBytes.retainedDuplicate());
        MqttMessage in = decoder.readInbound();
        return in.variableHeader();
    }
}
