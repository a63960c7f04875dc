package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A call that needed a large area of native memory — a huge control buffer, a large record received into heap
 * memory — gives it back when it returns: a thread keeps at most a modest area for its later calls. Measured in a
 * child JVM ({@link MessageScratchReleaseMain}) with a fixed, pre-touched heap and glibc's mmap threshold fixed
 * (so that a freed large block leaves the process at once rather than being cached), as the growth of its resident
 * memory while four threads that each made one such call are still alive: under 8 MiB in all, where keeping the
 * areas would hold 256 MiB ({@code recvmsg} with 64 MiB of room for control data) or 16 MiB and more (a 4 MiB
 * record read into a heap array).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MessageScratchReleaseTest {
    private static final long MIB = 1 << 20;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"control", "record"})
    void aLargeCallsAreaIsFreedWhenTheCallEnds(String scenario) throws Exception {
        // A fixed mmap threshold: glibc then gives every freed block of 128 KiB or more back to the system at once,
        // instead of raising the threshold and keeping such blocks for its next allocations, so that resident
        // memory shows what the library keeps, not what the C library caches.
        ChildJvm.Result r = ChildJvm.run(List.of("env", "MALLOC_MMAP_THRESHOLD_=131072"), MessageScratchReleaseMain.class,
                List.of("-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:MaxDirectMemorySize=1g"), List.of(scenario), Duration.ofSeconds(60));
        assertFalse(r.timedOut(), r::report);
        assertEquals(0, r.exitCode(), r::report);
        Matcher m = Pattern.compile("grown=(-?\\d+)").matcher(r.output());
        assertTrue(m.find(), r::report);
        long grown = Long.parseLong(m.group(1));
        long limit = 8 * MIB;
        assertTrue(grown < limit, () -> scenario + ": four threads that are still alive hold " + grown / MIB
                + " MiB more resident memory after one call each (limit " + limit / MIB + " MiB): the call's area was kept; "
                + r.report());
    }
}
