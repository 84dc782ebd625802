package iotcore.server.broker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import iotcore.broker.Broker;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Prometheus metrics of spec §7.1 that the broker knows: {@code iot_registry_connections{registry}}. */
public final class BrokerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge registryConnections;
    private final Set<String> rejectionCounters = ConcurrentHashMap.newKeySet();
    private final Broker broker;

    public BrokerMetrics(Broker broker) {
        this.broker = broker;
        this.registryConnections = MultiGauge.builder("iot.registry.connections")
                .description("Live device connections of a registry").register(registry);
        Gauge.builder("iot.connections", broker, Broker::connectionCount)
                .description("Live MQTT connections").register(registry);

    }

    /** The Prometheus text, with per-registry gauges refreshed first. */
    public String scrape() {
        List<MultiGauge.Row<?>> rows = broker.deviceConnectionsByRegistry().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("registry", e.getKey()), e.getValue()))
                .toList();
        registryConnections.register(rows, true);
        for (String registryId : broker.queueRefusalsByRegistry().keySet()) {
            if (rejectionCounters.add(registryId)) {
                // A counter, exported as iot_session_queue_rejected_total{registry=...}.
                FunctionCounter.builder("iot.session.queue.rejected", broker,
                                b -> b.queueRefusalsByRegistry().getOrDefault(registryId, 0L))
                        .description("QoS 1 messages refused because a persistent session's queue was full")
                        .tag("registry", registryId).register(registry);
            }
        }
        return registry.scrape();
    }
}
