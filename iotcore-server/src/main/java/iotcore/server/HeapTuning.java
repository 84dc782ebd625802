package iotcore.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * Lets the JVM give back heap that a burst used: a server that accepted 10,000 TLS handshakes keeps a heap sized for
 * their garbage, although after a collection only the connections' own objects are live. With the JVM's defaults
 * (MinHeapFreeRatio 40, MaxHeapFreeRatio 70) the committed heap after a full collection may be up to 3.3 times the
 * live data, and G1 only collects in full when asked to. Here: at most 20 % of the heap free after a full collection
 * or a concurrent cycle (MaxHeapFreeRatio 20, MinHeapFreeRatio 10), and a concurrent cycle once a minute when nothing
 * else collected (G1PeriodicGCInterval 60 s), so that an idle server (devices connected, little traffic) shrinks to
 * what it holds. These are manageable flags: they are set at run time, each only when the command line did not set
 * it (e.g. {@code -XX:MaxHeapFreeRatio=70} keeps the JVM's default). Young collections, which the load drives, are
 * not affected. The C heap is trimmed after the collections that shrink the Java heap ({@link NativeHeapTrim}).
 */
final class HeapTuning {
    private static final Logger log = LoggerFactory.getLogger(HeapTuning.class);
    /** In this order: MinHeapFreeRatio may not exceed MaxHeapFreeRatio at any time. */
    private static final List<Map.Entry<String, String>> SETTINGS = List.of(Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "20"), Map.entry("G1PeriodicGCInterval", "60000"));

    private HeapTuning() {
    }

    /** Applies the settings on a thread of its own (the management classes would slow the start down). */
    static void applyInBackground() {
        if (Boolean.getBoolean("iotcore.heap-tuning.disabled")) {
            return;
        }
        Thread.ofPlatform().daemon().name("iotcore-heap-tuning").start(HeapTuning::apply);
    }

    static void apply() {
        HotSpotDiagnosticMXBean vm;
        try {
            vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException e) {
            log.debug("heap_tuning_skipped: {}", e.toString());
            return;
        }
        StringBuilder applied = new StringBuilder();
        for (Map.Entry<String, String> setting : SETTINGS) {
            try {
                VMOption option = vm.getVMOption(setting.getKey());
                if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
                    vm.setVMOption(setting.getKey(), setting.getValue());
                    applied.append(' ').append(setting.getKey()).append('=').append(setting.getValue());
                }
            } catch (RuntimeException e) { // another GC (no such flag), or a value the command line's flags exclude
                log.debug("heap_tuning_skipped option={}: {}", setting.getKey(), e.toString());
            }
        }
        log.debug("heap_tuning{}", applied);
        try {
            NativeHeapTrim.afterHeapShrinkingCollections();
        } catch (RuntimeException e) {
            log.debug("native_heap_trim_skipped: {}", e.toString());
        }
    }
}
