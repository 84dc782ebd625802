package iotcore.testkit.yc;

import java.time.Instant;

/** One element of {@code brokers.json}; iotcore reports brokers but does not import them. */
public final class YcBroker {

    private final String id = YcIds.brokerId();
    private final String name;
    private final Instant createdAt = YcIds.pastInstant();

    YcBroker(String name) {
        this.name = name;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
