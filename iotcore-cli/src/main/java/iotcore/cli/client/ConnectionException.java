package iotcore.cli.client;

/** The server could not be reached (or located): exit code 2, so scripts can retry or start it. */
public final class ConnectionException extends RuntimeException {

    public ConnectionException(String message) {
        super(message);
    }
}
