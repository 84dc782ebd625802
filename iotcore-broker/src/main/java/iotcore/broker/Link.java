package iotcore.broker;

import iotcore.broker.auth.AuthMethod;
import iotcore.broker.auth.Identity;
import iotcore.broker.session.Connection;
import iotcore.broker.session.Session;

/** One accepted connection bound to its session: what the broker needs to act for it and to end it. */
public final class Link {
    private final Session session;
    private final Connection connection;
    private final AuthMethod method;
    private volatile Will will;

    Link(Session session, Connection connection, AuthMethod method, Will will) {
        this.session = session;
        this.connection = connection;
        this.method = method;
        this.will = will;
    }

    public Session session() {
        return session;
    }

    public Identity identity() {
        return session.identity();
    }

    public Connection connection() {
        return connection;
    }

    public AuthMethod method() {
        return method;
    }

    Will will() {
        return will;
    }

    /** A clean DISCONNECT discards the will [MQTT-3.14.4-3]. */
    void clearWill() {
        will = null;
    }
}
