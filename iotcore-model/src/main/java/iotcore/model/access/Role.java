package iotcore.model.access;

import java.util.Arrays;
import java.util.Optional;

/** API token roles (decisions §8). */
public enum Role {
    ADMIN("admin"),
    EDITOR("editor"),
    VIEWER("viewer"),
    DEVICES_WRITER("devices.writer"),
    REGISTRIES_WRITER("registries.writer");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    public boolean canRead() {
        return this == ADMIN || this == EDITOR || this == VIEWER;
    }

    public boolean canWrite() {
        return this == ADMIN || this == EDITOR;
    }
}
