package iotcore.broker.topic;

import iotcore.broker.auth.Directory;
import iotcore.broker.auth.Identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IoT Core topic model (spec §3): resolves {@code $me} (§3.7) and user aliases (§3.6) to canonical
 * topics, checks the permission matrix (§3.2) for PUBLISH and narrows SUBSCRIBE filters to what the
 * identity may read (§3.3).
 */
public final class AccessPolicy {
    private static final Map<String, String> ME_DEVICE = Map.of("events", "events", "state", "state",
            "commands", "commands", "config", "config");
    private static final Set<String> ME_REGISTRY = Set.of("commands", "config");

    private final Directory directory;

    public AccessPolicy(Directory directory) {
        this.directory = directory;
    }

    /** The canonical topic a PUBLISH to {@code topic} writes, or null when the identity may not publish there. */
    public String resolvePublish(Identity identity, String topic) {
        String canonical = canonicalTopic(identity, topic);
        return canonical != null && mayPublish(identity, canonical) ? canonical : null;
    }

    /** The routes a client filter stands for; empty means the filter is refused (SUBACK 0x80). */
    public List<Route> resolveSubscribe(Identity identity, String filter) {
        if (filter.startsWith("$me/") || filter.equals("$me")) {
            Route me = meRoute(identity, filter);
            return me == null ? List.of() : narrow(identity, me);
        }
        if (filter.startsWith("$")) {
            String[] levels = Filters.split(filter);
            if (levels.length == 2 && levels[1].equals("+") && (levels[0].equals("$devices") || levels[0].equals("$registries"))) {
                return List.of(Route.direct(filter)); // §3.3: accepted, matches no canonical topic
            }
            return narrow(identity, Route.direct(filter));
        }
        List<Route> routes = new ArrayList<>();
        for (Route aliasRoute : aliasRoutes(identity, filter)) {
            routes.addAll(narrow(identity, aliasRoute));
        }
        return routes;
    }

    /** Resolves {@code $me} and aliases; null when the topic names nothing. */
    String canonicalTopic(Identity identity, String topic) {
        if (topic.startsWith("$me/")) {
            Route me = meRoute(identity, topic);
            return me == null ? null : me.canonicalFilter();
        }
        if (topic.startsWith("$")) {
            return topic;
        }
        for (Map.Entry<String, String> alias : directory.aliases(identity.registryId()).entrySet()) {
            if (topic.startsWith(alias.getKey())) {
                return alias.getValue() + topic.substring(alias.getKey().length());
            }
        }
        return null;
    }

    /** §3.2 for one concrete canonical topic: {@code <space>/<owner>/<purpose>[/...]}, read in place (every PUBLISH). */
    boolean mayPublish(Identity identity, String topic) {
        int ownerStart = topic.indexOf('/') + 1;
        int ownerEnd = ownerStart == 0 ? -1 : topic.indexOf('/', ownerStart);
        if (ownerEnd <= ownerStart) {
            return false; // fewer than three levels, or no owner
        }
        int purposeEnd = topic.indexOf('/', ownerEnd + 1);
        if (purposeEnd < 0) {
            purposeEnd = topic.length();
        }
        boolean devices = level(topic, 0, ownerStart - 1, "$devices");
        boolean registries = level(topic, 0, ownerStart - 1, "$registries");
        int p = ownerEnd + 1;
        return switch (identity) {
            case Identity.Device d -> (level(topic, p, purposeEnd, "events") || level(topic, p, purposeEnd, "state"))
                    && (devices && level(topic, ownerStart, ownerEnd, d.id())
                    || registries && level(topic, ownerStart, ownerEnd, d.registryId()));
            case Identity.Registry r -> (level(topic, p, purposeEnd, "commands") || level(topic, p, purposeEnd, "config"))
                    && (devices && directory.deviceInRegistry(topic.substring(ownerStart, ownerEnd), r.id())
                    || registries && level(topic, ownerStart, ownerEnd, r.id()));
        };
    }

    /** Whether the level of {@code topic} from {@code start} to {@code end} is {@code value}. */
    private static boolean level(String topic, int start, int end, String value) {
        return end - start == value.length() && topic.startsWith(value, start);
    }

    /** What the identity may read, as filters: the narrowing targets of §3.3. */
    private static List<String> readable(Identity identity) {
        return switch (identity) {
            case Identity.Device d -> List.of("$devices/" + d.id() + "/commands/#", "$devices/" + d.id() + "/config/#",
                    "$registries/" + d.registryId() + "/commands/#", "$registries/" + d.registryId() + "/config/#",
                    "$monitoring/+/json");
            case Identity.Registry r -> List.of("$devices/+/events/#", "$devices/+/state/#",
                    "$registries/" + r.id() + "/events/#", "$registries/" + r.id() + "/state/#", "$monitoring/+/json");
        };
    }

    private List<Route> narrow(Identity identity, Route route) {
        if (!Filters.validFilter(route.canonicalFilter(), Integer.MAX_VALUE)) {
            return List.of();
        }
        String[] levels = Filters.split(route.canonicalFilter());
        // A literal device id must name a device of the identity's registry (devices and monitoring spaces).
        if (levels.length > 1 && (levels[0].equals("$devices") || levels[0].equals("$monitoring"))
                && !levels[1].equals("+") && !levels[1].equals("#")
                && !directory.deviceInRegistry(levels[1], identity.registryId())) {
            return List.of();
        }
        Set<String> narrowed = new LinkedHashSet<>();
        for (String template : readable(identity)) {
            String both = Filters.intersect(route.canonicalFilter(), template);
            if (both != null) {
                narrowed.add(both);
            }
        }
        List<Route> out = new ArrayList<>();
        for (String f : narrowed) {
            out.add(new Route(f, route.canonicalPrefix(), route.visiblePrefix(), route.replay()));
        }
        return out;
    }

    /** §3.7: {@code $me/device/<purpose>}, {@code $me/registry/commands|config}, {@code $me/monitoring/json}. */
    private static Route meRoute(Identity identity, String topic) {
        if (!(identity instanceof Identity.Device d)) {
            return null;
        }
        String[] l = Filters.split(topic);
        if (l.length < 3) {
            return null;
        }
        String visible = "$me/" + l[1] + "/" + l[2];
        String canonical;
        if (l[1].equals("device") && ME_DEVICE.containsKey(l[2])) {
            canonical = "$devices/" + d.id() + "/" + ME_DEVICE.get(l[2]);
        } else if (l[1].equals("registry") && ME_REGISTRY.contains(l[2])) {
            canonical = "$registries/" + d.registryId() + "/" + l[2];
        } else if (l[1].equals("monitoring") && l[2].equals("json") && l.length == 3) {
            canonical = "$monitoring/" + d.id() + "/json";
        } else {
            return null;
        }
        return new Route(canonical + topic.substring(visible.length()), canonical, visible, true);
    }

    /** §3.6: a non-$ filter through the registry's aliases; such subscriptions never replay. */
    private List<Route> aliasRoutes(Identity identity, String filter) {
        int wildcard = Filters.firstWildcard(filter);
        String literal = wildcard < 0 ? filter : filter.substring(0, wildcard);
        boolean trailingHashOnly = wildcard == filter.length() - 1 && filter.endsWith("#");
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, String> alias : directory.aliases(identity.registryId()).entrySet()) {
            String a = alias.getKey();
            String prefix = alias.getValue();
            if (literal.startsWith(a)) {
                routes.add(new Route(prefix + filter.substring(a.length()), prefix, a, false));
            } else if (trailingHashOnly && a.startsWith(literal) && (literal.isEmpty() || literal.endsWith("/"))) {
                routes.add(new Route(prefix + (prefix.endsWith("/") ? "#" : "/#"), prefix, a, false));
            }
        }
        return routes;
    }
}
