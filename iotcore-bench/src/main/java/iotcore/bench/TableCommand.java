package iotcore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "table", sortOptions = false,
        description = {"Medians of --json results per scenario and broker, and the ratio of the first broker to the second.",
                "",
                "Reads every *.json file in DIR written by 'bench pubsub/conn --json --tag scenario=S --tag broker=B"
                        + " [--tag title=TEXT]' and prints a Markdown table (what bench/compare-mosquitto.sh prints). Lost and refused"
                        + " copies and failures are summed over the rounds, everything else is the median.",
                ""})
public final class TableCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Directory of result files.")
    Path dir;

    @Option(names = "--brokers", paramLabel = "A,B", split = ",", required = true, description = "Broker tags in column order; the ratio is A/B.")
    List<String> brokers;

    @Spec
    CommandSpec spec;

    /** One row of the table: how to read the value from a result, and whether rounds are summed. */
    private record Metric(String name, Function<JsonNode, JsonNode> value, boolean sum, int decimals) {
    }

    @Override
    public Integer call() throws IOException {
        Map<String, Map<String, List<JsonNode>>> byScenario = new TreeMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode run;
                try {
                    run = Json.MAPPER.readTree(Files.readString(file));
                } catch (IOException e) {
                    continue; // a run that failed left no JSON, or half of one
                }
                if (run == null || !run.has("result")) {
                    continue;
                }
                String scenario = run.path("tags").path("scenario").asText("?");
                String broker = run.path("tags").path("broker").asText("?");
                titles.putIfAbsent(scenario, run.path("tags").path("title").asText(""));
                byScenario.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).computeIfAbsent(broker, b -> new ArrayList<>()).add(run);
            }
        }
        if (byScenario.isEmpty()) {
            throw new UserException("no result files (*.json with a \"result\") in " + dir);
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder header = new StringBuilder("| scenario | metric |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String b : brokers) {
            header.append(' ').append(b).append(" |");
            rule.append("---:|");
        }
        if (brokers.size() >= 2) {
            header.append(' ').append(brokers.get(0)).append('/').append(brokers.get(1)).append(" |");
            rule.append("---:|");
        }
        out.println(header);
        out.println(rule);
        for (Map.Entry<String, Map<String, List<JsonNode>>> e : byScenario.entrySet()) {
            String scenario = e.getKey();
            JsonNode any = e.getValue().values().iterator().next().get(0);
            String label = scenario + (titles.get(scenario).isEmpty() ? "" : " " + titles.get(scenario));
            boolean first = true;
            for (Metric m : metrics(any)) {
                StringBuilder row = new StringBuilder("| ").append(first ? label : "").append(" | ").append(m.name()).append(" |");
                first = false;
                List<Double> values = new ArrayList<>();
                for (String b : brokers) {
                    Double v = aggregate(e.getValue().getOrDefault(b, List.of()), m);
                    values.add(v);
                    row.append(' ').append(v == null ? "–" : format(v, m.decimals())).append(" |");
                }
                if (brokers.size() >= 2) {
                    Double a = values.get(0);
                    Double b = values.get(1);
                    row.append(' ').append(a == null || b == null || b == 0 || m.sum() ? "" : String.format(Locale.ROOT, "%.2f", a / b)).append(" |");
                }
                out.println(row);
            }
        }
        out.flush();
        return 0;
    }

    private static List<Metric> metrics(JsonNode run) {
        String mode = run.path("mode").asText();
        List<Metric> list = new ArrayList<>();
        switch (mode) {
            case "pubsub" -> {
                if (run.path("config").path("rate").asDouble() > 0) {
                    list.add(new Metric("latency p50 ms", r -> r.path("result").path("latencyMillis").path("p50"), false, 3));
                    list.add(new Metric("latency p99 ms", r -> r.path("result").path("latencyMillis").path("p99"), false, 3));
                    list.add(new Metric("delivered msg/s", r -> r.path("result").path("deliveredPerSecond"), false, 0));
                } else {
                    // closed-loop latency is the window's queueing time, not a property of the broker: left out
                    list.add(new Metric("delivered msg/s", r -> r.path("result").path("deliveredPerSecond"), false, 0));
                }
                list.add(new Metric("broker µs CPU/msg", r -> r.path("result").path("broker").path("cpuMicrosPerMessage"), false, 1));
                list.add(new Metric("lost (all rounds)", r -> r.path("result").path("lost"), true, 0));
                list.add(new Metric("refused (all rounds)", r -> r.path("result").path("refused"), true, 0));
            }
            case "conn-idle" -> {
                list.add(new Metric("broker bytes RSS/conn", r -> r.path("result").path("broker").path("rssBytesPerConnection"), false, 0));
                list.add(new Metric("broker bytes RSS/conn, marginal (K/2 to K)",
                        r -> r.path("result").path("broker").path("rssBytesPerConnectionMarginal"), false, 0));
                list.add(new Metric("connects/s (ramp)", r -> r.path("result").path("connectsPerSecond"), false, 0));
                list.add(new Metric("failed (all rounds)", r -> r.path("result").path("failed"), true, 0));
            }
            case "conn-rate" -> {
                list.add(new Metric("connects/s", r -> r.path("result").path("connectsPerSecond"), false, 0));
                list.add(new Metric("broker ms CPU/connect", r -> r.path("result").path("broker").path("cpuMillisPerConnect"), false, 2));
                list.add(new Metric("failed (all rounds)", r -> r.path("result").path("failures"), true, 0));
            }
            default -> list.add(new Metric("?", r -> r.path("nothing"), false, 0));
        }
        return list;
    }

    private static Double aggregate(List<JsonNode> runs, Metric m) {
        List<Double> values = new ArrayList<>();
        for (JsonNode r : runs) {
            JsonNode v = m.value().apply(r);
            if (v != null && v.isNumber()) {
                values.add(v.asDouble());
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        if (m.sum()) {
            return values.stream().mapToDouble(Double::doubleValue).sum();
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static String format(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
