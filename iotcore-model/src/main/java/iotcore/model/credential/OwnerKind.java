package iotcore.model.credential;

/** What a certificate or password belongs to. */
public enum OwnerKind {
    REGISTRY,
    DEVICE
}
