package iotcore.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.ServerProcess;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The permission matrix of iot-core.md §3.2, with the wildcard narrowing of §3.3, checked cell by cell
 * over real connections: five principals (D1 and D2 of registry R1, D3 of registry R2, R1 and R2) ×
 * twenty topics × {publish, subscribe to the exact topic, subscribe with a wildcard filter}. Every
 * principal connects with its registered certificate.
 *
 * <p>{@link #MATRIX} is the table; compare it with §3.2 line by line. A failing run lists every cell
 * that disagrees, not only the first.
 *
 * <ul>
 *   <li>publish {@code +}: PUBACK, and a legitimate subscriber (R1 for events/state, D1 for
 *       commands/config) receives it under that topic name. {@code -}: the server closes the
 *       connection without PUBACK and nothing is delivered (one fresh connection per refused cell).
 *   <li>subscribe to the exact topic {@code +}: granted QoS 1 and the row's message arrives.
 *       {@code -}: SUBACK {@code 0x80}, the session stays open.
 *   <li>wildcard filter {@code +}: granted QoS 1 and the row's message arrives. {@code n}: granted
 *       QoS 1 but narrowed (§3.3), so the row's message does not arrive. {@code -}: {@code 0x80}.
 *       {@code ~}: either code, and the row's message does not arrive.
 * </ul>
 *
 * The row's message is a publish to the row's topic by its legitimate writer (D1 for events/state, R1
 * for commands/config); for the monitoring row, any monitoring message of D1 (the service writes one
 * when D1 publishes); for the rows nobody may write, a publish by D1 to the topic named in the row.
 * Besides, no principal may ever receive a message on a topic it may not read.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PermissionMatrixIT extends MqttServerFixture {

    enum Principal { D1, D2, D3, R1, R2 }

    // @formatter:off
    static final List<Row> MATRIX = List.of(
        //  topic                               publish      subscribe    wildcard filter                wildcard
        //                                      D1 D2 D3 R1 R2   D1 D2 D3 R1 R2                               D1 D2 D3 R1 R2
        row("$devices/<D1>/events",            "+ - - - -", "- - - + -", "$devices/+/events",           "- - - + n"),
        row("$devices/<D1>/events/sub",        "+ - - - -", "- - - + -", "$devices/<D1>/events/#",      "- - - + -"),
        row("$devices/<D1>/state",             "+ - - - -", "- - - + -", "$devices/<D1>/+",             "n - - + -"),
        row("$devices/<D1>/state/sub",         "+ - - - -", "- - - + -", "$devices/#",                  "n n n + n"),
        row("$devices/<D1>/commands",          "- - - + -", "+ - - - -", "$devices/+/commands",         "+ n n - -"),
        row("$devices/<D1>/commands/sub",      "- - - + -", "+ - - - -", "$devices/<D1>/commands/+",    "+ - - - -"),
        row("$devices/<D1>/config",            "- - - + -", "+ - - - -", "$devices/<D1>/#",             "+ - - n -"),
        row("$devices/<D1>/config/sub",        "- - - + -", "+ - - - -", "$devices/+/config/#",         "+ n n - -"),
        row("$registries/<R1>/events",         "+ + - - -", "- - - + -", "$registries/+/events",        "- - - + n"),
        row("$registries/<R1>/events/sub",     "+ + - - -", "- - - + -", "$registries/<R1>/events/#",   "- - - + -"),
        row("$registries/<R1>/state",          "+ + - - -", "- - - + -", "$registries/<R1>/+",          "n n - + -"),
        row("$registries/<R1>/state/sub",      "+ + - - -", "- - - + -", "$registries/#",               "n n n + n"),
        row("$registries/<R1>/commands",       "- - - + -", "+ + - - -", "$registries/+/commands",      "+ + n - -"),
        row("$registries/<R1>/commands/sub",   "- - - + -", "+ + - - -", "$registries/<R1>/commands/+", "+ + - - -"),
        row("$registries/<R1>/config",         "- - - + -", "+ + - - -", "$registries/<R1>/#",          "+ + - n -"),
        row("$registries/<R1>/config/sub",     "- - - + -", "+ + - - -", "$registries/+/config/#",      "+ + n - -"),
        row("$monitoring/<D1>/json",           "- - - - -", "+ + - + -", "$monitoring/+/json",          "+ + n + n"),
        row("foo/bar",                         "- - - - -", "- - - - -", "#",                           "~ ~ ~ ~ ~")
                .probedBy("$devices/<D1>/events"),
        row("$devices/<D1>",                   "- - - - -", "- - - - -", "$devices/+",                  "n n n n n")
                .probedBy("$devices/<D1>/events"),
        row("$registries/<R1>",                "- - - - -", "- - - - -", "$registries/+",               "n n n n n")
                .probedBy("$registries/<R1>/events"));
    // @formatter:on

    /** How long the server may take to close a connection after a refused PUBLISH. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** How long all expected deliveries of one test may take together. */
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(15);

    @Override
    ServerProcess.Builder serverBuilder() {
        return ServerProcess.builder();
    }

    @Test
    void everyPublishIsAllowedOrRefusedAsTheMatrixSays() throws Exception { // §3.2 PUB columns
        World w = world();
        Cast cast = new Cast(w);
        Failures failures = new Failures();
        TestMqttClient r1Reader = mqtt().byPassword(w.r1()).label("R1 reader").connect();
        TestMqttClient d1Reader = mqtt().byPassword(w.d1()).label("D1 reader").connect();
        List<String> r1Topics = new ArrayList<>();
        List<String> d1Topics = new ArrayList<>();
        for (Row row : MATRIX) {
            if (row.reader() == Principal.R1) {
                r1Topics.add(cast.topic(row.topic()));
            } else if (row.reader() == Principal.D1) {
                d1Topics.add(cast.topic(row.topic()));
            }
        }
        r1Reader.subscribed(r1Topics.toArray(String[]::new));
        d1Reader.subscribed(d1Topics.toArray(String[]::new));
        Map<Principal, TestMqttClient> publishers = new EnumMap<>(Principal.class);
        for (Principal p : Principal.values()) {
            publishers.put(p, mqtt().connect(cast.identity(p)));
        }

        List<Delivery> expected = new ArrayList<>();
        List<String> forbidden = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> refusals = new ArrayList<>();
        for (Row row : MATRIX) {
            String topic = cast.topic(row.topic());
            for (Principal p : Principal.values()) {
                String payload = "pub|" + row.topic() + "|" + p + "|" + MqttApi.unique("m");
                String cell = "publish " + p + " -> " + row.topic();
                if (row.publish(p) == '+') {
                    failures.check(cell, () -> publishers.get(p).publish(topic, payload));
                    expected.add(new Delivery(cell, row.reader() == Principal.D1 ? d1Reader : r1Reader, topic, payload));
                } else {
                    forbidden.add(payload);
                    refusals.add(pool.submit(() -> failures.check(cell + " must close the connection", () ->
                            mqtt().connect(cast.identity(p)).publishExpectingDisconnect(topic,
                                    payload.getBytes(StandardCharsets.UTF_8), CLOSE_WAIT))));
                }
            }
        }
        for (Future<?> refusal : refusals) {
            refusal.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        String r1Sentinel = MqttApi.unique("sentinel");
        publishers.get(Principal.D1).publish(cast.topic("$devices/<D1>/events"), r1Sentinel);
        String d1Sentinel = MqttApi.unique("sentinel");
        publishers.get(Principal.R1).publish(cast.topic("$devices/<D1>/commands"), d1Sentinel);
        expected.add(new Delivery("sentinel for R1", r1Reader, cast.topic("$devices/<D1>/events"), r1Sentinel));
        expected.add(new Delivery("sentinel for D1", d1Reader, cast.topic("$devices/<D1>/commands"), d1Sentinel));
        awaitDeliveries(expected, failures);
        sleep(TestMqttClient.QUIET);

        for (TestMqttClient reader : List.of(r1Reader, d1Reader)) {
            for (Message m : reader.received()) {
                if (forbidden.contains(m.text())) {
                    failures.add("refused publish was delivered to " + reader + ": " + m);
                }
            }
            reader.assertConnected();
        }
        for (Map.Entry<Principal, TestMqttClient> publisher : publishers.entrySet()) {
            failures.check(publisher.getKey() + "'s publishing connection stays open",
                    () -> publisher.getValue().assertConnected());
        }
        failures.assertNone();
    }

    @Test
    void everySubscriptionIsGrantedNarrowedOrRefusedAsTheMatrixSays() { // §3.2 SUB columns, §3.3
        World w = world();
        Cast cast = new Cast(w);
        Failures failures = new Failures();
        Map<Principal, TestMqttClient> free = new EnumMap<>(Principal.class);
        List<Subscription> granted = new ArrayList<>();
        List<TestMqttClient> everyConnection = new ArrayList<>();

        for (Principal p : Principal.values()) {
            free.put(p, connect(cast, p, everyConnection));
            for (Row row : MATRIX) {
                for (boolean wildcard : new boolean[] {false, true}) {
                    String filter = cast.topic(wildcard ? row.wildcard() : row.topic());
                    char expectation = wildcard ? row.wildcard(p) : row.subscribe(p);
                    String cell = (wildcard ? "wildcard " : "subscribe ") + p + " -> "
                            + (wildcard ? row.wildcard() : row.topic()) + " (" + expectation + ")";
                    TestMqttClient client = free.get(p);
                    int code;
                    try {
                        code = client.subscribe(filter);
                    } catch (AssertionError e) {
                        failures.add(cell + ": " + e.getMessage());
                        free.put(p, connect(cast, p, everyConnection));
                        continue;
                    }
                    switch (expectation) {
                        case '+', 'n' -> failures.expect(cell, code == 1, "SUBACK " + code + ", expected 1");
                        case '-' -> failures.expect(cell, code == TestMqttClient.SUBSCRIBE_FAILED,
                                "SUBACK " + code + ", expected 0x80");
                        case '~' -> failures.expect(cell, code == 1 || code == TestMqttClient.SUBSCRIBE_FAILED,
                                "SUBACK " + code + ", expected 1 or 0x80");
                        default -> throw new IllegalStateException("legend: " + expectation);
                    }
                    if (code != TestMqttClient.SUBSCRIBE_FAILED) {
                        granted.add(new Subscription(cell, p, row, expectation, client));
                        free.put(p, connect(cast, p, everyConnection));
                    }
                }
            }
        }

        TestMqttClient d1 = mqtt().connect(w.d1());
        TestMqttClient r1 = mqtt().connect(w.r1());
        Map<Row, String> probes = new java.util.HashMap<>();
        for (Row row : MATRIX) {
            String payload = "probe|" + row.topic() + "|" + MqttApi.unique("p");
            probes.put(row, payload);
            String probeTopic = cast.topic(row.probeTopic());
            failures.check("probe " + row.probeTopic(), () ->
                    (row.writer() == Principal.R1 ? r1 : d1).publish(probeTopic, payload));
        }

        List<Delivery> expected = new ArrayList<>();
        for (Subscription s : granted) {
            if (s.expectation() == '+') {
                expected.add(new Delivery(s.cell(), s.client(), cast.topic(s.row().messageTopic()),
                        s.row().isMonitoring() ? null : probes.get(s.row())));
            }
        }
        awaitDeliveries(expected, failures);
        sleep(Duration.ofMillis(500));

        for (Subscription s : granted) {
            List<Message> received = s.client().received();
            if (s.expectation() == 'n' || s.expectation() == '~') {
                for (Message m : received) {
                    boolean rowMessage = s.row().isMonitoring()
                            ? m.topic().equals(cast.topic(s.row().messageTopic()))
                            : m.text().equals(probes.get(s.row()));
                    if (rowMessage) {
                        failures.add(s.cell() + ": received the row's message " + m + " although narrowed");
                    }
                }
            }
            for (Message m : received) {
                if (!cast.readable(s.principal(), m.topic())) {
                    failures.add(s.cell() + ": " + s.principal() + " received " + m + " on a topic it may not read");
                }
            }
        }
        for (TestMqttClient client : everyConnection) {
            failures.check(client + " stays open after its SUBACKs", client::assertConnected);
        }
        failures.assertNone();
    }

    private TestMqttClient connect(Cast cast, Principal p, List<TestMqttClient> all) {
        TestMqttClient client = mqtt().byCertificate(cast.identity(p)).label(p + " subscriber " + (all.size() + 1))
                .connect();
        all.add(client);
        return client;
    }

    /** Waits (one deadline for all) until every expected message arrived; records the missing ones. */
    private static void awaitDeliveries(List<Delivery> expected, Failures failures) {
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        for (Delivery d : expected) {
            Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
            try {
                Message m = d.payload() == null
                        ? d.client().awaitMessage(msg -> msg.topic().equals(d.topic()), "on " + d.topic(), left)
                        : d.client().awaitMessage(msg -> msg.text().equals(d.payload()), "'" + d.payload() + "'", left);
                failures.expect(d.cell(), m.topic().equals(d.topic()),
                        "delivered under " + m.topic() + " instead of " + d.topic());
            } catch (AssertionError e) {
                failures.add(d.cell() + ": not delivered: " + e.getMessage());
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // --- the table's types -------------------------------------------------------------------------

    /**
     * One topic of the matrix: the expected outcome for D1 D2 D3 R1 R2 (in that order, separated by
     * spaces) of publishing to it, subscribing to it, and subscribing with {@code wildcard}.
     */
    record Row(String topic, String publish, String subscribe, String wildcard, String wildcardOutcome,
            String probeTopic) {

        Row {
            for (String column : List.of(publish, subscribe, wildcardOutcome)) {
                if (!column.matches("[-+n~]( [-+n~]){4}")) {
                    throw new IllegalArgumentException("five outcomes expected in '" + column + "' of " + topic);
                }
            }
        }

        Row probedBy(String otherTopic) {
            return new Row(topic, publish, subscribe, wildcard, wildcardOutcome, otherTopic);
        }

        char publish(Principal p) {
            return publish.charAt(2 * p.ordinal());
        }

        char subscribe(Principal p) {
            return subscribe.charAt(2 * p.ordinal());
        }

        char wildcard(Principal p) {
            return wildcardOutcome.charAt(2 * p.ordinal());
        }

        boolean isMonitoring() {
            return topic.startsWith("$monitoring/");
        }

        /** Who writes the row's message: R1 for commands/config, D1 for everything else. */
        Principal writer() {
            return Pattern.matches(".*/(commands|config)(/.*)?", probeTopic) ? Principal.R1 : Principal.D1;
        }

        /** Who verifies publishes: R1 reads events/state/monitoring, D1 commands/config; null: nobody may. */
        Principal reader() {
            if (Pattern.matches("\\$(devices|registries)/[^/]+/(events|state)(/.*)?", topic) || isMonitoring()) {
                return Principal.R1;
            }
            if (Pattern.matches("\\$(devices|registries)/[^/]+/(commands|config)(/.*)?", topic)) {
                return Principal.D1;
            }
            return null; // nobody may subscribe to the row's topic
        }

        /** The topic the row's message arrives on: the monitoring topic for that row, else the probe's. */
        String messageTopic() {
            return isMonitoring() ? topic : probeTopic;
        }
    }

    static Row row(String topic, String publish, String subscribe, String wildcard, String wildcardOutcome) {
        // the monitoring message of D1 is written when D1 publishes its events
        String probe = topic.startsWith("$monitoring/") ? "$devices/<D1>/events" : topic;
        return new Row(topic, publish, subscribe, wildcard, wildcardOutcome, probe);
    }

    /** The world's identities by principal, the placeholders {@code <D1>}/{@code <R1>}, and what each may read. */
    record Cast(World world) {
        Identity identity(Principal p) {
            return switch (p) {
                case D1 -> world.d1();
                case D2 -> world.d2();
                case D3 -> world.d3();
                case R1 -> world.r1();
                case R2 -> world.r2();
            };
        }

        String topic(String template) {
            return template.replace("<D1>", world.d1().id()).replace("<R1>", world.r1().id());
        }

        /** §3.2 SUB columns as a predicate: what a principal may ever receive. */
        boolean readable(Principal p, String topic) {
            Identity who = identity(p);
            String[] levels = topic.split("/", -1);
            if (levels.length == 3 && levels[0].equals("$monitoring") && levels[2].equals("json")) {
                return registryOf(levels[1]).equals(who.registryId());
            }
            if (levels.length < 3) {
                return false;
            }
            String purpose = levels[2];
            boolean downstream = purpose.equals("commands") || purpose.equals("config");
            boolean upstream = purpose.equals("events") || purpose.equals("state");
            if (levels[0].equals("$devices")) {
                return who.isDevice() ? levels[1].equals(who.id()) && downstream
                        : registryOf(levels[1]).equals(who.id()) && upstream;
            }
            if (levels[0].equals("$registries")) {
                return levels[1].equals(who.registryId()) && (who.isDevice() ? downstream : upstream);
            }
            return false;
        }

        private String registryOf(String deviceId) {
            for (Identity device : List.of(world.d1(), world.d2(), world.d3())) {
                if (device.id().equals(deviceId)) {
                    return device.registryId();
                }
            }
            return "(not a device of this world)";
        }
    }

    record Subscription(String cell, Principal principal, Row row, char expectation, TestMqttClient client) {}

    /** An expected message; {@code payload} null means any message on {@code topic}. */
    record Delivery(String cell, TestMqttClient client, String topic, String payload) {}

    /** Cells that disagree with the table, collected so one run reports them all. */
    static final class Failures {
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        void add(String failure) {
            failures.add(failure);
        }

        void expect(String cell, boolean ok, String otherwise) {
            if (!ok) {
                failures.add(cell + ": " + otherwise);
            }
        }

        void check(String cell, Runnable body) {
            try {
                body.run();
            } catch (AssertionError | RuntimeException e) {
                failures.add(cell + ": " + e.getMessage());
            }
        }

        void assertNone() {
            assertThat(failures).as("cells that disagree with the matrix:\n  " + String.join("\n  ", failures))
                    .isEmpty();
        }
    }
}
