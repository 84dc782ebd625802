package iotcore.model.credential;

/** The registry or device a credential belongs to. */
public record Owner(OwnerKind kind, String id) {
    public static Owner registry(String id) {
        return new Owner(OwnerKind.REGISTRY, id);
    }

    public static Owner device(String id) {
        return new Owner(OwnerKind.DEVICE, id);
    }
}
