package iotcore.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.PermissionMatrixIT.Cast;
import iotcore.server.mqtt.PermissionMatrixIT.Principal;
import iotcore.server.mqtt.PermissionMatrixIT.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the table of {@link PermissionMatrixIT} honest without a server: every cell must agree with
 * §3.2 written as two predicates (what a principal may write, what it may read) and with MQTT filter
 * matching, so a typo in the table cannot send the broker's author after a wrong expectation.
 */
class PermissionMatrixTableTest {

    private static final Cast CAST = new Cast(new World("folder",
            identity(Identity.Kind.REGISTRY, "R1", "r1r1r1r1r1r1r1r1r1r1", null),
            identity(Identity.Kind.DEVICE, "D1", "d1d1d1d1d1d1d1d1d1d1", "r1r1r1r1r1r1r1r1r1r1"),
            identity(Identity.Kind.DEVICE, "D2", "d2d2d2d2d2d2d2d2d2d2", "r1r1r1r1r1r1r1r1r1r1"),
            identity(Identity.Kind.REGISTRY, "R2", "r2r2r2r2r2r2r2r2r2r2", null),
            identity(Identity.Kind.DEVICE, "D3", "d3d3d3d3d3d3d3d3d3d3", "r2r2r2r2r2r2r2r2r2r2")));

    @Test
    void publishColumnsAreTheWritableTopicsOfSection32() {
        for (Row row : PermissionMatrixIT.MATRIX) {
            for (Principal p : Principal.values()) {
                assertThat(row.publish(p) == '+').as("publish %s -> %s", p, row.topic())
                        .isEqualTo(writable(p, CAST.topic(row.topic())));
            }
        }
    }

    @Test
    void subscribeColumnsAreTheReadableTopicsOfSection32() {
        for (Row row : PermissionMatrixIT.MATRIX) {
            for (Principal p : Principal.values()) {
                assertThat(row.subscribe(p) == '+').as("subscribe %s -> %s", p, row.topic())
                        .isEqualTo(CAST.readable(p, CAST.topic(row.topic())));
            }
        }
    }

    @Test
    void wildcardColumnsFollowNarrowingOfSection33() {
        for (Row row : PermissionMatrixIT.MATRIX) {
            String filter = CAST.topic(row.wildcard());
            String message = CAST.topic(row.messageTopic());
            for (Principal p : Principal.values()) {
                char outcome = row.wildcard(p);
                boolean delivers = matches(filter, message) && CAST.readable(p, message);
                boolean matchesSomethingReadable = candidates().stream()
                        .anyMatch(t -> matches(filter, t) && CAST.readable(p, t));
                String cell = "wildcard " + p + " -> " + row.wildcard() + " (" + outcome + ")";
                switch (outcome) {
                    case '+' -> assertThat(delivers).as(cell).isTrue();
                    case 'n' -> {
                        assertThat(delivers).as(cell).isFalse();
                        boolean acceptedMatchingNothing = row.wildcard().equals("$devices/+")
                                || row.wildcard().equals("$registries/+"); // docs/mqtt.md
                        assertThat(matchesSomethingReadable || acceptedMatchingNothing).as(cell).isTrue();
                    }
                    case '-' -> assertThat(matchesSomethingReadable).as(cell).isFalse();
                    case '~' -> assertThat(delivers).as(cell).isFalse();
                    default -> throw new AssertionError(cell);
                }
            }
        }
    }

    @Test
    void rowsCoverEveryPurposeWithAndWithoutSubtopicOnBothSides() {
        List<String> topics = PermissionMatrixIT.MATRIX.stream().map(Row::topic).toList();
        for (String side : List.of("$devices/<D1>/", "$registries/<R1>/")) {
            for (String purpose : List.of("events", "state", "commands", "config")) {
                assertThat(topics).contains(side + purpose, side + purpose + "/sub");
            }
        }
        assertThat(topics).contains("$monitoring/<D1>/json", "foo/bar", "$devices/<D1>", "$registries/<R1>");
    }

    /** §3.2 PUB columns as a predicate. */
    private static boolean writable(Principal p, String topic) {
        Identity who = CAST.identity(p);
        String[] levels = topic.split("/", -1);
        if (levels.length < 3 || !(levels[0].equals("$devices") || levels[0].equals("$registries"))) {
            return false;
        }
        String purpose = levels[2];
        boolean upstream = purpose.equals("events") || purpose.equals("state");
        boolean downstream = purpose.equals("commands") || purpose.equals("config");
        if (levels[0].equals("$devices")) {
            if (who.isDevice()) {
                return levels[1].equals(who.id()) && upstream;
            }
            return deviceOf(levels[1], who.id()) && downstream;
        }
        return levels[1].equals(who.isDevice() ? who.registryId() : who.id()) && (who.isDevice() ? upstream : downstream);
    }

    private static boolean deviceOf(String deviceId, String registryId) {
        for (Principal p : List.of(Principal.D1, Principal.D2, Principal.D3)) {
            Identity device = CAST.identity(p);
            if (device.id().equals(deviceId)) {
                return device.registryId().equals(registryId);
            }
        }
        return false;
    }

    /** Every canonical topic of this world up to one subtopic level (what a filter could match). */
    private static List<String> candidates() {
        List<String> topics = new ArrayList<>();
        for (Principal p : Principal.values()) {
            Identity who = CAST.identity(p);
            String base = (who.isDevice() ? "$devices/" : "$registries/") + who.id() + "/";
            for (String purpose : List.of("events", "state", "commands", "config")) {
                topics.add(base + purpose);
                topics.add(base + purpose + "/sub");
            }
            if (who.isDevice()) {
                topics.add("$monitoring/" + who.id() + "/json");
            }
        }
        return topics;
    }

    /** MQTT 3.1.1 filter matching (§4.7), including "#" matching the parent level. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (filter.startsWith("#") || filter.startsWith("+")) {
            if (topic.startsWith("$")) {
                return false; // [MQTT-4.7.2-1]
            }
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    @Test
    void filterMatchingFollowsMqtt() {
        assertThat(matches("a/#", "a")).isTrue();
        assertThat(matches("a/#", "a/b/c")).isTrue();
        assertThat(matches("a/+", "a/b")).isTrue();
        assertThat(matches("a/+", "a/b/c")).isFalse();
        assertThat(matches("#", "$devices/x/events")).isFalse();
        assertThat(matches("$devices/+", "$devices/x/events")).isFalse();
        assertThat(matches("$devices/#", "$devices/x/events")).isTrue();
    }

    private static Identity identity(Identity.Kind kind, String name, String id, String registryId) {
        return new Identity(kind, name, id, registryId == null ? id : registryId, null, null, null);
    }
}
