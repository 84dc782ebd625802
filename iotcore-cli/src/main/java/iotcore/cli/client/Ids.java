package iotcore.cli.client;

import java.util.regex.Pattern;

/** Service-generated ids are 20 characters {@code [a-z0-9]}; anything else on the command line is a name. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[a-z0-9]{20}");

    private Ids() {
    }

    public static boolean looksLikeId(String value) {
        return ID.matcher(value).matches();
    }
}
