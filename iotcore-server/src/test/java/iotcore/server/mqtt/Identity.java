package iotcore.server.mqtt;

import iotcore.testkit.TestCertificate;

/**
 * A device or a registry as an MQTT client sees it: its id, the registry it belongs to, and one
 * registered certificate and one registered password (with the password's id, for deleting it).
 */
public record Identity(Kind kind, String name, String id, String registryId, TestCertificate certificate,
        String password, String passwordId) {

    public enum Kind { DEVICE, REGISTRY }

    public boolean isDevice() {
        return kind == Kind.DEVICE;
    }

    /** {@code $devices/<id>/<rest>} for a device, {@code $registries/<id>/<rest>} for a registry. */
    public String topic(String rest) {
        return (isDevice() ? "$devices/" : "$registries/") + id + "/" + rest;
    }

    @Override
    public String toString() {
        return (isDevice() ? "device " : "registry ") + name + " (" + id + ")";
    }
}
