package iotcore.testkit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RawMqttConnectionTest {

    @Test
    void plainWithASmallReceiveBufferSetsItBeforeConnecting() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RawMqttConnection small = RawMqttConnection.plain(server.getLocalPort(), 4096);
                Socket accepted = server.accept()) {
            int defaultSize;
            try (RawMqttConnection normal = RawMqttConnection.plain(server.getLocalPort());
                    Socket second = server.accept()) {
                defaultSize = normal.socket().getReceiveBufferSize();
            }
            assertThat(small.socket().isConnected()).isTrue();
            assertThat(small.socket().getReceiveBufferSize()).isLessThan(defaultSize).isLessThanOrEqualTo(16 * 1024);
        }
    }

    @Test
    void pubackAndPacketsTheServerReadsBack() throws Exception {
        assertThat(RawMqttConnection.puback(0x1234)).containsExactly(0x40, 2, 0x12, 0x34);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RawMqttConnection client = RawMqttConnection.plain(server.getLocalPort());
                Socket accepted = server.accept()) {
            client.send(RawMqttConnection.puback(7));
            InputStream in = accepted.getInputStream();
            assertThat(in.readNBytes(4)).containsExactly(0x40, 2, 0, 7);
            accepted.getOutputStream().write(new byte[] {(byte) 0x90, 3, 0, 1, 1}); // SUBACK id 1, QoS 1
            RawMqttConnection.Packet suback = client.read(Duration.ofSeconds(5));
            assertThat(suback.type()).isEqualTo(9);
            assertThat(suback.body()).containsExactly(0, 1, 1);
        }
    }
}
