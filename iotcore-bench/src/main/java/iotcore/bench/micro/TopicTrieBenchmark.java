package iotcore.bench.micro;

import iotcore.broker.routing.Publication;
import iotcore.broker.routing.TopicTrie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.infra.Blackhole;

import java.util.function.Consumer;

/**
 * Matching a PUBLISH against the subscriptions of 10,000 devices and 10 registries, as the broker subscribes them
 * (routing filters {@code <registryId>/<canonical filter>}): each device its {@code commands/#} and {@code config/#}
 * and its registry's, each registry {@code $devices/+/events/#}, {@code $devices/+/state/#} and its own events.
 */
@State(Scope.Benchmark)
public class TopicTrieBenchmark extends MicroBenchmark {
    private final TopicTrie<String> trie = new TopicTrie<>();
    private String[] events;
    private String[] commands;
    private String[] unmatched;
    private String[] subscribeFilters;
    private int next;
    private Consumer<String> sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole::consume;
        for (int r = 0; r < Fleet.REGISTRIES; r++) {
            String id = Fleet.registry(r);
            for (String filter : new String[] {"$devices/+/events/#", "$devices/+/state/#", "$registries/" + id + "/events/#"}) {
                trie.add(Publication.routingKey(id, filter), id);
            }
        }
        int[] order = Fleet.shuffled(Fleet.DEVICES);
        events = new String[Fleet.DEVICES];
        commands = new String[Fleet.DEVICES];
        unmatched = new String[Fleet.DEVICES];
        subscribeFilters = new String[Fleet.DEVICES];
        for (int i = 0; i < Fleet.DEVICES; i++) {
            int d = order[i];
            String device = Fleet.device(d);
            String registry = Fleet.registryOf(d);
            for (String filter : new String[] {"$devices/" + device + "/commands/#", "$devices/" + device + "/config/#",
                    "$registries/" + registry + "/commands/#", "$registries/" + registry + "/config/#"}) {
                trie.add(Publication.routingKey(registry, filter), device);
            }
            events[i] = Publication.routingKey(registry, "$devices/" + device + "/events");
            commands[i] = Publication.routingKey(registry, "$devices/" + device + "/commands/reboot");
            unmatched[i] = Publication.routingKey(Fleet.registry(Fleet.REGISTRIES + 1), "$devices/" + device + "/events");
            subscribeFilters[i] = Publication.routingKey(registry, "$devices/" + device + "/events/#");
        }
    }

    private int next() {
        int i = next;
        next = i + 1 == Fleet.DEVICES ? 0 : i + 1;
        return i;
    }

    /** A device's telemetry: one match, its registry's {@code $devices/+/events/#}. */
    @Benchmark
    public void matchDeviceEvents() {
        trie.forEachMatch(events[next()], sink);
    }

    /** A command to one device: one match, the device's {@code commands/#}. */
    @Benchmark
    public void matchDeviceCommand() {
        trie.forEachMatch(commands[next()], sink);
    }

    /** A registry nobody subscribed in: no match. */
    @Benchmark
    public void matchNothing() {
        trie.forEachMatch(unmatched[next()], sink);
    }

    /** SUBSCRIBE and UNSUBSCRIBE of one more filter, as a device connecting and leaving. */
    @Benchmark
    public void subscribeAndUnsubscribe() {
        String filter = subscribeFilters[next()];
        trie.add(filter, "extra");
        trie.remove(filter, "extra");
    }
}
