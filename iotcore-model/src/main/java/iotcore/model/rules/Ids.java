package iotcore.model.rules;

import java.security.SecureRandom;

/** Service-generated IDs: 20 characters of [a-z0-9], like Yandex's (spec §1.1). */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new ID starting with the given prefix (3 letters by convention, not significant). */
    public static String next(String prefix) {
        StringBuilder sb = new StringBuilder(20).append(prefix);
        while (sb.length() < 20) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
