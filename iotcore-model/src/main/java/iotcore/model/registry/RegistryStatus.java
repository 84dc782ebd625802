package iotcore.model.registry;

public enum RegistryStatus {
    ACTIVE,
    DISABLED
}
