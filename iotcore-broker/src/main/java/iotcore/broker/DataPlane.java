package iotcore.broker;

/**
 * What the management API asks of the broker: publish as a device or registry (spec §5.6), and hear
 * about changes that affect live connections and cached lookups.
 */
public interface DataPlane {

    enum PublishResult { OK, FORBIDDEN, INVALID_TOPIC }

    PublishResult publishAs(boolean asRegistry, String id, String registryId, String topic, byte[] payload);

    /** A device's aliases changed (or it was created). */
    void deviceChanged(String deviceId, String registryId);

    /** A device is gone: its connections close and its permanent values are forgotten. */
    void deviceDeleted(String deviceId, String registryId);

    /** A registry was disabled, enabled or deleted: disabled or deleted closes its connections. */
    void registryChanged(String registryId);

    /** A certificate or password of this owner was removed: connections that used it close. */
    void credentialsRemoved(boolean registryOwner, String ownerId, String registryId);

    DataPlane NONE = new DataPlane() {
        @Override
        public PublishResult publishAs(boolean asRegistry, String id, String registryId, String topic, byte[] payload) {
            return PublishResult.FORBIDDEN;
        }

        @Override
        public void deviceChanged(String deviceId, String registryId) {
        }

        @Override
        public void deviceDeleted(String deviceId, String registryId) {
        }

        @Override
        public void registryChanged(String registryId) {
        }

        @Override
        public void credentialsRemoved(boolean registryOwner, String ownerId, String registryId) {
        }
    };
}
