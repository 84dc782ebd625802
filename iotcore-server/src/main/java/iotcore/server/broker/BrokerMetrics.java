package iotcore.server.broker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import iotcore.broker.Broker;

import java.util.List;

/** Prometheus metrics of spec §7.1 that the broker knows: {@code iot_registry_connections{registry}}. */
public final class BrokerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge registryConnections;
    private final MultiGauge queueRejected;
    private final Broker broker;

    public BrokerMetrics(Broker broker) {
        this.broker = broker;
        this.registryConnections = MultiGauge.builder("iot.registry.connections")
                .description("Live device connections of a registry").register(registry);
        Gauge.builder("iot.connections", broker, Broker::connectionCount)
                .description("Live MQTT connections").register(registry);
        this.queueRejected = MultiGauge.builder("iot.session.queue.rejected.total")
                .description("QoS 1 messages refused because a persistent session's queue was full").register(registry);
    }

    /** The Prometheus text, with per-registry gauges refreshed first. */
    public String scrape() {
        List<MultiGauge.Row<?>> rows = broker.deviceConnectionsByRegistry().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("registry", e.getKey()), e.getValue()))
                .toList();
        registryConnections.register(rows, true);
        queueRejected.register(broker.queueRefusalsByRegistry().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("registry", e.getKey()), e.getValue())).toList(), true);
        return registry.scrape();
    }
}
