package iotcore.bench.micro;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./iotcore bench micro}: the JMH micro-benchmarks of this package with JMH's GC profiler, then a table of time
 * and allocation per operation.
 */
@Command(name = "micro",
        description = {"JMH micro-benchmarks of the broker's hot paths: topic matching (TopicTrie), permission checks"
                + " (AccessPolicy), MQTT codec (FrameGuard + MqttDecoder, MqttEncoder). Time and bytes allocated per operation"
                + " (JMH's -prof gc); about a minute and a half with the defaults (1 fork, 2 + 3 iterations of 1 s).",
                "",
                "Any JMH option can follow --, e.g. `./iotcore bench micro -- TopicTrie -f 3 -i 10` (a regular expression"
                        + " selects benchmarks) or `-- -lp` to list them; `-- -h` shows JMH's own options.",
                ""})
public final class MicroCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JMH-OPTION", description = "Passed to JMH.")
    List<String> jmh = new ArrayList<>();

    @Override
    public Integer call() throws RunnerException, IOException {
        CommandLineOptions given;
        try {
            given = new CommandLineOptions(jmh.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("ERROR: " + e.getMessage());
            return 1;
        }
        if (given.shouldHelp() || given.shouldList() || given.shouldListWithParams() || given.shouldListProfilers()
                || given.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(jmh.toArray(String[]::new)); // JMH's help and listings
            return 0;
        }
        OptionsBuilder options = new OptionsBuilder();
        options.parent(given);
        if (given.getIncludes().isEmpty()) {
            options.include(MicroCommand.class.getPackageName() + "\\.");
        }
        if (given.getProfilers().stream().noneMatch(p -> p.getKlass().equals(GCProfiler.class.getName()) || p.getKlass().equals("gc"))) {
            options.addProfiler(GCProfiler.class);
        }
        print(new Runner(options.build()).run());
        return 0;
    }

    /** A Markdown table: benchmark, ns/op with its error, B/op. */
    private static void print(Collection<RunResult> results) {
        System.out.println();
        System.out.println("| benchmark | ns/op | B/op |");
        System.out.println("|---|---:|---:|");
        for (RunResult run : results) {
            Result<?> time = run.getPrimaryResult();
            Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            String name = run.getParams().getBenchmark().replace(MicroCommand.class.getPackageName() + ".", "");
            System.out.printf("| %s | %.1f ± %.1f | %s |%n", name, time.getScore(), Double.isNaN(time.getScoreError()) ? 0 : time.getScoreError(),
                    alloc == null ? "-" : String.format("%.0f", alloc.getScore()));
        }
    }
}
