package iotcore.storage.device;

/** One row of the registry-wide alias view. */
public record DeviceAlias(String deviceId, String topicPrefix, String alias) {
}
