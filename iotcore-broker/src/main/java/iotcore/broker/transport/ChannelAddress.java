package iotcore.broker.transport;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/** {@code ip:port} of a channel's peer, as the logs print it. */
final class ChannelAddress {
    private ChannelAddress() {
    }

    static String of(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress a) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return String.valueOf(channel.remoteAddress());
    }
}
