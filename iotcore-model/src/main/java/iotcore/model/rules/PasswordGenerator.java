package iotcore.model.rules;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Generates passwords the API accepts (length at least 14, at least 3 of 4 character classes): one
 * character of every class, the rest from all of them, shuffled. Specials avoid quotes, spaces and
 * backslashes so the password can be pasted into a shell or a config file.
 */
public final class PasswordGenerator {

    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGITS = "0123456789";
    static final String SPECIAL = "-_.!@#%^*+=:~";
    private static final String ALL = LOWER + UPPER + DIGITS + SPECIAL;
    public static final int LENGTH = 24;

    private final SecureRandom random;

    public PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    public PasswordGenerator() {
        this(new SecureRandom());
    }

    public String generate() {
        List<Character> chars = new ArrayList<>(LENGTH);
        for (String alphabet : List.of(LOWER, UPPER, DIGITS, SPECIAL)) {
            chars.add(pick(alphabet));
        }
        while (chars.size() < LENGTH) {
            chars.add(pick(ALL));
        }
        Collections.shuffle(chars, random);
        StringBuilder password = new StringBuilder(LENGTH);
        chars.forEach(password::append);
        return password.toString();
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }
}
