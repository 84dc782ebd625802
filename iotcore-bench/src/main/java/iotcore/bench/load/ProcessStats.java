package iotcore.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of another process (the broker under test) from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}. CPU time counts every thread of the process, in clock ticks of 10 ms (USER_HZ is
 * 100 on Linux), so measure over seconds, not milliseconds.
 */
public final class ProcessStats {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long pid;

    public ProcessStats(long pid) {
        this.pid = pid;
        if (!Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"))) {
            throw new IllegalArgumentException("no process " + pid + " to measure (no readable /proc/" + pid + "/stat)");
        }
    }

    public long pid() {
        return pid;
    }

    /** utime + stime of the process so far, in nanoseconds. */
    public long cpuNanos() {
        String stat = read("stat");
        // the command name in parentheses may contain spaces: fields are counted after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long utime = Long.parseLong(fields[11]); // field 14 of proc(5); field 3 is fields[0]
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) * NANOS_PER_TICK;
    }

    /** VmRSS, in bytes. */
    public long residentBytes() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024; // always kB
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/" + file + " (has the broker exited?): " + e.getMessage(), e);
        }
    }
}
