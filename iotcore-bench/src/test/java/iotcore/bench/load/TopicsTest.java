package iotcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @ParameterizedTest
    @CsvSource({
            "$devices/+/events, $devices/d1/events, true",
            "$devices/+/events, $devices/d1/events/x, false",
            "$devices/+/events/#, $devices/d1/events, true",
            "$devices/#, $devices/d1/events/x, true",
            "#, $devices/d1/events, false",
            "+/x, $a/x, false",
            "bench/#, bench/7, true",
            "bench/+, bench/7/8, false",
            "a/b, a/b, true",
            "a/b, a/b/, false",
            "a/+, a/, true"})
    void mqttMatching(String filter, String topic, boolean matches) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(matches);
    }

    @Test
    void patternsExpandIndexDeviceAndRegistry() {
        assertThat(Topics.expand("$devices/%d/events/%i", 3, "dev", "reg")).isEqualTo("$devices/dev/events/3");
        assertThat(Topics.expand("$registries/%r/commands", 0, null, "reg")).isEqualTo("$registries/reg/commands");
        assertThat(Topics.expand("100%%/%x", 0, null, null)).isEqualTo("100%/%x");
        assertThatThrownBy(() -> Topics.expand("$devices/%d/events", 0, null, null)).hasMessageContaining("%d");
    }

    @Test
    void payloadHeaderRoundTrips() {
        ByteBuf buf = Payload.write(UnpooledByteBufAllocator.DEFAULT, 64, 42, 7, 123_456_789L, 987L);
        try {
            assertThat(buf.readableBytes()).isEqualTo(64);
            assertThat(Payload.ours(buf, 42)).isTrue();
            assertThat(Payload.ours(buf, 43)).isFalse();
            assertThat(Payload.publisher(buf)).isEqualTo(7);
            assertThat(Payload.sequence(buf)).isEqualTo(123_456_789L);
            assertThat(Payload.sentNanos(buf)).isEqualTo(987L);
        } finally {
            buf.release();
        }
    }
}
