package iotcore.model.rules;

/** Spec §1.5: at least 14 characters from at least 3 of 4 classes (lower, upper, digit, special). */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 14;
    public static final int MAX_LENGTH = 512;

    private PasswordPolicy() {
    }

    public static void check(String field, String password, Violations v) {
        if (password == null || password.isEmpty()) {
            v.add(field, "is required");
            return;
        }
        if (password.length() < MIN_LENGTH) {
            v.add(field, "must be at least " + MIN_LENGTH + " characters long");
            return;
        }
        if (password.length() > MAX_LENGTH) {
            v.add(field, "must be at most " + MAX_LENGTH + " characters long");
            return;
        }
        if (classes(password) < 3) {
            v.add(field, "must contain characters of at least 3 of 4 classes: lowercase, uppercase, digits, special characters");
        }
    }

    static int classes(String password) {
        boolean lower = false, upper = false, digit = false, special = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                special = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (special ? 1 : 0);
    }
}
