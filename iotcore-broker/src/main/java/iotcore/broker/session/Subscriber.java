package iotcore.broker.session;

import iotcore.broker.topic.Route;

/** One entry in the subscription index: a session, the route it came from and the granted QoS. */
public record Subscriber(Session session, String clientFilter, Route route, int grantedQos) {

    /** Identity semantics: an entry is removed exactly as it was added. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
