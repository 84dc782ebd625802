package iotcore.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of another JVM (a {@link ServerProcess}) measured with the JDK's {@code jcmd}, the one next to
 * the {@code java} running the tests. Each call is bounded ({@link #TIMEOUT}).
 *
 * <ul>
 *   <li>{@link #liveHeapBytes}: {@code GC.run} (a full collection) then {@code GC.heap_info}'s "used": the
 *       heap the process actually retains, garbage excluded.</li>
 *   <li>{@link #nativeMemoryCommittedBytes}: a category of {@code VM.native_memory summary}, e.g.
 *       {@code "Other"}, where direct {@code ByteBuffer}s and {@code Unsafe.allocateMemory} (Netty's
 *       direct buffers) are counted. Needs the target started with
 *       {@code -XX:NativeMemoryTracking=summary}. Memory that native libraries allocate themselves
 *       (RocksDB's) is not tracked by the JVM.</li>
 * </ul>
 */
public final class Jcmd {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern HEAP_USED = Pattern.compile("\\bused (\\d+)K\\b");

    private Jcmd() {
    }

    /** Runs {@code jcmd <pid> <command...>} and returns its output; fails on a non-zero exit or a timeout. */
    public static String run(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        Path output = null;
        try {
            output = Files.createTempFile("jcmd-", ".txt");
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(line + " did not finish within " + TIMEOUT);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(line + " exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + line, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /** The heap in use right after a full GC ({@code GC.run}, then {@code GC.heap_info}), in bytes. */
    public static long liveHeapBytes(long pid) {
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher matcher = HEAP_USED.matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("no \"used NK\" in GC.heap_info of " + pid + ":\n" + info);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    /**
     * The committed bytes of one category of {@code VM.native_memory summary} (e.g. {@code "Other"},
     * {@code "Java Heap"}); 0 when the category is absent (NMT omits categories under 1 KB).
     */
    public static long nativeMemoryCommittedBytes(long pid, String category) {
        String summary = run(pid, "VM.native_memory", "summary", "scale=KB");
        if (!summary.contains("Native Memory Tracking")) {
            throw new IllegalStateException("no native memory summary from " + pid
                    + " (started without -XX:NativeMemoryTracking=summary?):\n" + summary);
        }
        Matcher matcher = Pattern.compile("-\\s+" + Pattern.quote(category)
                + " \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(summary);
        return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : 0;
    }
}
