package iotcore.server.api;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique, valid names so tests sharing one server never see each other's resources. */
final class Names {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Names() {}

    /** {@code <prefix>-<n>-<6 hex>}: matches {@code [a-zA-Z0-9_-]*} and folder ids when prefix does. */
    static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    /** A well-formed id ({@code [a-z0-9]{20}}) that no server generated. */
    static String unknownId() {
        StringBuilder id = new StringBuilder("zz");
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        while (id.length() < 20) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }

    static String repeat(char c, int count) {
        return String.valueOf(c).repeat(count);
    }
}
