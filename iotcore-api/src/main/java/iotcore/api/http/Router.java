package iotcore.api.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches Google-style REST paths, where a custom method follows the last segment after a colon:
 * {@code /registries/{registryId}:disable}, {@code /registries:getByName}.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    /** {@code maxBodyBytes}: the largest request body the route accepts. */
    public record Match(Handler handler, Map<String, String> params, int maxBodyBytes) {
    }

    /** Path has no match at all (404) or only under other methods (405). */
    public enum Miss { NOT_FOUND, METHOD_NOT_ALLOWED }

    private record Route(String method, String[] segments, String verb, Handler handler, int maxBodyBytes) {
    }

    private record Split(String[] segments, String verb) {
    }

    public Router add(String method, String pattern, Handler handler) {
        return add(method, pattern, handler, ApiServer.MAX_BODY_BYTES);
    }

    /** A route that takes larger bodies than the default; the server asks for an admin token before reading one. */
    public Router add(String method, String pattern, Handler handler, int maxBodyBytes) {
        Split s = split(pattern);
        routes.add(new Route(method, s.segments, s.verb, handler, maxBodyBytes));
        return this;
    }

    public Router get(String pattern, Handler h) {
        return add("GET", pattern, h);
    }

    public Router post(String pattern, Handler h) {
        return add("POST", pattern, h);
    }

    public Router patch(String pattern, Handler h) {
        return add("PATCH", pattern, h);
    }

    public Router delete(String pattern, Handler h) {
        return add("DELETE", pattern, h);
    }

    /** Finds the handler for a raw (still percent-encoded) path, or says why there is none. */
    public Optional<Match> match(String method, String rawPath, Miss[] miss) {
        Split s = split(rawPath);
        boolean pathMatched = false;
        for (Route r : routes) {
            Map<String, String> params = bind(r, s);
            if (params != null) {
                if (r.method.equals(method)) {
                    return Optional.of(new Match(r.handler, params, r.maxBodyBytes));
                }
                pathMatched = true;
            }
        }
        miss[0] = pathMatched ? Miss.METHOD_NOT_ALLOWED : Miss.NOT_FOUND;
        return Optional.empty();
    }

    private static Map<String, String> bind(Route r, Split s) {
        if (r.segments.length != s.segments.length || !r.verb.equals(s.verb)) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < r.segments.length; i++) {
            String p = r.segments[i];
            String actual = s.segments[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (actual.isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), actual);
            } else if (!p.equals(actual)) {
                return null;
            }
        }
        return params;
    }

    private static Split split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] raw = p.isEmpty() ? new String[0] : p.split("/", -1);
        String verb = "";
        if (raw.length > 0) {
            String last = raw[raw.length - 1];
            int colon = last.indexOf(':');
            if (colon >= 0) {
                verb = last.substring(colon + 1);
                raw[raw.length - 1] = last.substring(0, colon);
            }
        }
        String[] segments = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            segments[i] = decode(raw[i]);
        }
        return new Split(segments, verb);
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
