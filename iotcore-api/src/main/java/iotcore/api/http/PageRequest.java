package iotcore.api.http;

import iotcore.model.rules.Violations;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code pageSize} (0-1000, 0 = 100) and an opaque {@code pageToken} (spec §4, §5.1). The token is
 * the base64url of the next offset; clients must treat it as opaque.
 */
public record PageRequest(long offset, int limit) {
    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 1000;
    private static final String PREFIX = "offset:";

    public static PageRequest from(Request request, Violations v) {
        int limit = DEFAULT_SIZE;
        String size = request.query("pageSize");
        if (!size.isEmpty()) {
            try {
                int n = Integer.parseInt(size);
                if (n < 0 || n > MAX_SIZE) {
                    v.add("pageSize", "must be between 0 and " + MAX_SIZE);
                } else if (n > 0) {
                    limit = n;
                }
            } catch (NumberFormatException e) {
                v.add("pageSize", "must be an integer between 0 and " + MAX_SIZE);
            }
        }
        long offset = 0;
        String token = request.query("pageToken");
        if (!token.isEmpty()) {
            offset = decode(token);
            if (offset < 0) {
                v.add("pageToken", "is not a page token returned by this API");
            }
        }
        return new PageRequest(Math.max(offset, 0), limit);
    }

    /** The nextPageToken for a page that ended at {@code nextOffset} (-1: the last page). */
    public static String tokenFor(long nextOffset) {
        if (nextOffset < 0) {
            return "";
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + nextOffset).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decode(String token) {
        if (token.length() > 100) {
            return -1;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!s.startsWith(PREFIX)) {
                return -1;
            }
            return Long.parseLong(s.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
