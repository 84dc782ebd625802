package iotcore.broker.session;

/** The live network side of a session, implemented by the transport. Safe to call from any thread. */
public interface Connection {

    void sendPublish(int packetId, String topic, byte[] payload, int qos, boolean dup);

    /** False while the outbound buffer is over its high-water mark: the session keeps its backlog instead. */
    boolean isWritable();

    /** Closes the connection; {@code reason} goes to the connection log and the server log. */
    void close(String reason);

    String remoteAddress();
}
