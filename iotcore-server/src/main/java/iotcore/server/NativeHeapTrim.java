package iotcore.server;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands the C heap's free pages back to the system after each collection that shrinks the Java heap (a full
 * collection or a concurrent cycle, such as the periodic one of an idle server). A burst of TLS handshakes leaves
 * BoringSSL's freed handshake state as free malloc chunks between the connections' live ones: at 10,000 connections
 * glibc keeps 15-25 MB of them resident (1.5-2.5 KB a connection) until asked for them with {@code malloc_trim}. The
 * JVM's {@code System.trim_native_heap} command does that; it runs on a thread of its own, at most once in 10 s, and
 * only where the JVM supports it (glibc; elsewhere the command says it is not available).
 */
final class NativeHeapTrim {
    private static final Logger log = LoggerFactory.getLogger(NativeHeapTrim.class);
    private static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastStart = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);

    private NativeHeapTrim() {
    }

    /** Listens to the JVM's collectors; a collector that sends no notifications is skipped. */
    static void afterHeapShrinkingCollections() {
        NativeHeapTrim trim = new NativeHeapTrim();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> trim.collected(notification), null, null);
            }
        }
    }

    private void collected(Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if ("end of minor GC".equals(info.getGcAction())) { // young collections keep the heap's size
            return;
        }
        long now = System.nanoTime();
        long last = lastStart.get();
        if (now - last < MIN_INTERVAL_NANOS || !lastStart.compareAndSet(last, now) || !running.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("iotcore-native-trim").start(this::trim);
    }

    private void trim() {
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[] {null}, new String[] {String[].class.getName()});
            log.debug("native_heap_trimmed: {}", String.valueOf(result).strip());
        } catch (JMException | RuntimeException e) {
            log.debug("native_heap_trim_skipped: {}", e.toString());
        } finally {
            running.set(false);
        }
    }
}
