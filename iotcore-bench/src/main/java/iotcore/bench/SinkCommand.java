package iotcore.bench;

import iotcore.bench.sink.MqttSink;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sink", sortOptions = false,
        description = {"A trivial MQTT broker to measure the load tool's own ceiling.",
                "",
                "Accepts every CONNECT, grants every subscription, acknowledges QoS 1 at once and fans messages out by plain topic"
                        + " matching, with no sessions, permissions or retries. A bench result near what the tool reaches against the"
                        + " sink is the tool's limit, not the broker's (see bench/README.md).",
                "",
                "Example:  iotcore bench sink --port 1884 &   iotcore bench pubsub --plain --port 1884",
                ""})
public final class SinkCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "1884", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls", description = "TLS with a generated server certificate; client certificates are accepted, not checked.")
    boolean tls;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Event loop threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port to this file once listening.")
    Path portFile;

    @Option(names = "--max-time", paramLabel = "DURATION", defaultValue = "1h", converter = BenchDuration.class,
            description = "Stop after this long at the latest (default: ${DEFAULT-VALUE}).")
    Duration maxTime;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        try (MqttSink sink = MqttSink.start(host, port, tls, Math.max(1, threads))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            if (portFile != null) {
                Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
                Files.writeString(tmp, Integer.toString(sink.port()));
                Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            out.printf("bench sink ready: %s:%d (%s, %d thread%s, pid %d)%n", host, sink.port(), tls ? "tls" : "tcp", threads, threads == 1 ? "" : "s",
                    ProcessHandle.current().pid());
            out.flush();
            stop.await(maxTime.toMillis(), TimeUnit.MILLISECONDS);
        }
        return 0;
    }
}
