package iotcore.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import iotcore.cli.CliRun;
import iotcore.cli.FakeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogCommandsTest {

    static final String REGISTRY_ID = "are1dtqd94r7xxxxxxxx";
    static final String DEVICE_ID = "are7gkqxxxxxxxxxxxxx";
    static final String DEVICE_LOGS = "/iot-devices/v1/devices/" + DEVICE_ID + "/logs";
    static final String SINCE = "since=2026-11-26T10%3A00%3A00Z";

    private FakeApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static String entry(int id, String level, String message) {
        return "{\"id\":\"" + id + "\",\"time\":\"2026-11-26T10:00:0" + id + "Z\",\"level\":\"" + level
                + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    static String page(String nextPageToken, String... entries) {
        return "{\"logs\":[" + String.join(",", entries) + "],\"nextPageToken\":\"" + nextPageToken + "\"}";
    }

    @Test
    void followsPagesUntilTheLimitAndPrintsOneLinePerEntry() {
        api.answer("GET " + DEVICE_LOGS + "?" + SINCE + "&pageSize=3",
                page("p2", entry(1, "INFO", "connected, login: \"" + DEVICE_ID + "\", address: \"127.0.0.1:50000\", clientID: \"c\""),
                        entry(2, "WARN", "some of subscriptions failed: not allowed to subscribe: [\"$devices/+/state\"]")));
        api.answer("GET " + DEVICE_LOGS + "?" + SINCE + "&pageSize=1&pageToken=p2",
                page("p3", entry(3, "INFO", "disconnected: client disconnected")));

        CliRun run = api.run("device", "logs", "--id", DEVICE_ID, "--since", "2026-11-26T10:00:00Z", "--limit", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                2026-11-26T10:00:01Z INFO connected, login: "are7gkqxxxxxxxxxxxxx", address: "127.0.0.1:50000", clientID: "c"
                2026-11-26T10:00:02Z WARN some of subscriptions failed: not allowed to subscribe: ["$devices/+/state"]
                2026-11-26T10:00:03Z INFO disconnected: client disconnected
                """);
        assertThat(api.requests()).hasSize(2); // the limit is reached: page p3 is not asked for
        assertThat(api.last().authorization()).isEqualTo("Bearer " + FakeApi.TOKEN);
    }

    @Test
    void registryLogsFindTheRegistryByNameAndPrintJsonWithSnakeCaseKeys() throws Exception {
        api.answer("GET /iot-devices/v1/registries:getByName?folderId=default&registryName=my-reg",
                "{\"id\":\"" + REGISTRY_ID + "\",\"name\":\"my-reg\"}");
        api.answer("GET /iot-devices/v1/registries/" + REGISTRY_ID + "/logs?pageSize=100",
                page("", entry(1, "INFO", "connected"), entry(2, "ERROR", "disconnected: connection lost")));

        CliRun run = api.run("registry", "logs", "my-reg", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        var json = new ObjectMapper().readTree(run.out());
        assertThat(json).hasSize(2);
        assertThat(json.get(1).get("level").asText()).isEqualTo("ERROR");
        assertThat(json.get(1).get("message").asText()).isEqualTo("disconnected: connection lost");
    }

    @Test
    void deviceLogsAddressTheDeviceByNameWithinARegistry() {
        api.answer("GET /iot-devices/v1/registries:getByName?folderId=default&registryName=my-reg",
                "{\"id\":\"" + REGISTRY_ID + "\",\"name\":\"my-reg\"}");
        api.answer("GET /iot-devices/v1/devices:getByName?registryId=" + REGISTRY_ID + "&deviceName=sensor",
                "{\"id\":\"" + DEVICE_ID + "\",\"name\":\"sensor\"}");
        api.answer("GET " + DEVICE_LOGS + "?pageSize=100", page("", entry(1, "INFO", "connected")));

        CliRun run = api.run("device", "logs", "sensor", "--registry-name", "my-reg", "--format", "yaml");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                - id: "1"
                  time: 2026-11-26T10:00:01Z
                  level: INFO
                  message: connected
                """);
    }

    @Test
    void followPollsForEntriesAfterTheLastOnePrintedUntilTheTimeout() {
        api.answer("GET " + DEVICE_LOGS + "?pageSize=100", page("", entry(1, "INFO", "connected"), entry(2, "INFO", "x")));
        api.answer("GET " + DEVICE_LOGS + "?after=2&pageSize=1000", page("", entry(3, "INFO", "disconnected: client disconnected")));
        api.answer("GET " + DEVICE_LOGS + "?after=3&pageSize=1000", page(""));

        long started = System.nanoTime();
        CliRun run = api.run("device", "logs", "--id", DEVICE_ID, "-f", "--timeout", "2500ms");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("2026-11-26T10:00:01Z INFO connected", "2026-11-26T10:00:02Z INFO x",
                "2026-11-26T10:00:03Z INFO disconnected: client disconnected");
        assertThat(api.requests()).extracting(FakeApi.Request::uri)
                .startsWith(DEVICE_LOGS + "?pageSize=100", DEVICE_LOGS + "?after=2&pageSize=1000", DEVICE_LOGS + "?after=3&pageSize=1000")
                .hasSizeBetween(3, 5);
        assertThat(tookMillis).isBetween(2400L, 10_000L);
    }

    @Test
    void followWithoutEntriesKeepsAskingFromSinceAndStreamsJsonLines() {
        api.answer("GET " + DEVICE_LOGS + "?" + SINCE + "&pageSize=100", page(""));
        api.answer("GET " + DEVICE_LOGS + "?" + SINCE + "&pageSize=1000", page("", entry(1, "INFO", "connected")));

        CliRun run = api.run("device", "logs", "--id", DEVICE_ID, "--since", "2026-11-26T10:00:00Z", "--follow",
                "--timeout", "1s", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("{\"id\":\"1\",\"time\":\"2026-11-26T10:00:01Z\",\"level\":\"INFO\",\"message\":\"connected\"}\n");
    }

    @Test
    void anUnreadableSinceIsAUserErrorBeforeAnyLogRequest() {
        CliRun run = api.run("device", "logs", "--id", DEVICE_ID, "--since", "last tuesday");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("ERROR: --since: 'last tuesday' is not a time");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void timeoutWithoutFollowAndABadLimitAreUserErrors() {
        assertThat(api.run("device", "logs", "--id", DEVICE_ID, "--timeout", "5s").err())
                .isEqualTo("ERROR: --timeout only applies with -f/--follow\n");
        assertThat(api.run("device", "logs", "--id", DEVICE_ID, "--limit", "0").err())
                .isEqualTo("ERROR: --limit must be at least 1\n");
        CliRun badDuration = api.run("device", "logs", "--id", DEVICE_ID, "-f", "--timeout", "soon");
        assertThat(badDuration.exitCode()).isEqualTo(1);
        assertThat(badDuration.err()).contains("'soon' is not a duration");
    }
}
