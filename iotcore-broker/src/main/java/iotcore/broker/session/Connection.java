package iotcore.broker.session;

/** The live network side of a session, implemented by the transport. Safe to call from any thread. */
public interface Connection {

    void sendPublish(int packetId, String topic, byte[] payload, int qos, boolean dup);

    /** False while the outbound buffer is over its high-water mark: the session keeps its backlog instead. */
    boolean isWritable();

    /**
     * Whether a QoS 0 message may still be buffered: true until the outbound buffer holds a bound well above the
     * high-water mark, so that a burst to a subscriber that keeps up is not lost, while one that does not keep up
     * loses QoS 0 messages rather than the server's memory.
     */
    boolean acceptsQos0();

    /** Runs {@code task} on the connection's I/O thread, where its writes need no hand-over each. */
    void execute(Runnable task);

    /** Closes the connection; {@code reason} goes to the connection log and the server log. */
    void close(String reason);

    String remoteAddress();
}
