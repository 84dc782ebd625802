package iotcore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class JcmdTest {

    @Test
    void liveHeapOfThisJvmIsPositiveAndBelowItsMaximum() {
        long live = Jcmd.liveHeapBytes(ProcessHandle.current().pid());

        assertThat(live).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }

    @Test
    void liveHeapCountsWhatIsRetainedNotGarbage() {
        long pid = ProcessHandle.current().pid();
        long before = Jcmd.liveHeapBytes(pid);
        byte[][] retained = new byte[64][];
        for (int i = 0; i < retained.length; i++) {
            retained[i] = new byte[1024 * 1024];
        }

        long after = Jcmd.liveHeapBytes(pid);

        assertThat(after - before).as("64 MiB retained").isGreaterThan(48L * 1024 * 1024);
        assertThat(retained[63]).hasSize(1024 * 1024);
    }

    @Test
    void nativeMemoryCategoriesOfAJvmWithTrackingOn(@TempDir Path dir) {
        try (ServerProcess server = ServerProcess.builder().mainClass(FakeServerMain.class.getName()).dataDir(dir)
                .jvmArgs("-XX:NativeMemoryTracking=summary", "-Xmx64m").start()) {
            assertThat(Jcmd.nativeMemoryCommittedBytes(server.pid(), "Java Heap"))
                    .isPositive().isLessThanOrEqualTo(64L * 1024 * 1024);
            assertThat(Jcmd.nativeMemoryCommittedBytes(server.pid(), "No Such Category")).isZero();
        }
    }

    @Test
    void nativeMemoryWithoutTrackingFailsWithTheReason() {
        assertThatThrownBy(() -> Jcmd.nativeMemoryCommittedBytes(ProcessHandle.current().pid(), "Other"))
                .hasMessageContaining("NativeMemoryTracking");
    }

    @Test
    void anUnknownProcessFails() {
        assertThatThrownBy(() -> Jcmd.run(Integer.MAX_VALUE - 1, "GC.heap_info"))
                .hasMessageContaining("exited with");
        assertThat(Jcmd.TIMEOUT).isLessThanOrEqualTo(Duration.ofMinutes(1));
    }
}
