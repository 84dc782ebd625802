package iotcore.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * iotcore's count of QoS 1 copies it refused because a session's queue was full, so far: the sum of
 * {@code iot_session_queue_rejected_total} over every registry on {@code GET /metrics} (no token needed). A copy the
 * broker refused is reported as refused, not lost: the broker said so (docs/durability.md).
 */
public final class QueueRefusals implements LongSupplier {
    private static final String METRIC = "iot_session_queue_rejected_total";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    public QueueRefusals(URI endpoint) {
        this.metrics = endpoint.resolve("/metrics");
    }

    /** The count, or -1 when the metrics cannot be read. */
    @Override
    public long getAsLong() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith(METRIC + "{") || line.startsWith(METRIC + " ")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
