package iotcore.testkit.yc;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Yandex-style identifiers and timestamps: IDs of 20 characters {@code [a-z0-9]} (registries and
 * devices start with {@code are}, as in every Yandex IoT Core example), timestamps as {@code yc} prints
 * them (RFC 3339 UTC with milliseconds).
 */
public final class YcIds {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    private YcIds() {}

    /** A new random ID of 20 characters starting with {@code prefix}. */
    public static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        while (id.length() < 20) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** A registry or device ID ({@code are...}). */
    public static String registryOrDeviceId() {
        return newId("are");
    }

    /** A broker ID ({@code b91...}, as in the example export). */
    public static String brokerId() {
        return newId("b91");
    }

    /** A folder ID of the exporting cloud ({@code b1g...}); the importer ignores it. */
    public static String folderId() {
        return newId("b1g");
    }

    /** A random instant between 2020 and 2024, with millisecond precision. */
    public static Instant pastInstant() {
        long millis = (long) (RANDOM.nextDouble() * 4 * 365 * 24 * 3600_000L);
        return EPOCH.plusMillis(millis).truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code 2023-03-14T09:12:45.123Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
