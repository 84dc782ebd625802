package iotcore.broker.auth;

/** Who a connection acts as (spec §2.2): a device of a registry, or a registry. */
public sealed interface Identity permits Identity.Device, Identity.Registry {

    /** The registry this identity belongs to (its own id for a registry). */
    String registryId();

    /** The device or registry id. */
    String id();

    /** A stable key for session maps: {@code d:<id>} or {@code r:<id>}. */
    String key();

    record Device(String id, String registryId) implements Identity {
        @Override
        public String key() {
            return "d:" + id;
        }
    }

    record Registry(String id) implements Identity {
        @Override
        public String registryId() {
            return id;
        }

        @Override
        public String key() {
            return "r:" + id;
        }
    }
}
