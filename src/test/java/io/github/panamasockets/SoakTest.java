package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.child.SoakMain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak: 100,000 connect/accept/send/recv/close cycles over loopback TCP in a JVM of their own
 * ({@link SoakMain}), the server side closing first so that TIME_WAIT stays on the server's side and does not
 * hold the client's ephemeral ports (32768-60999 here, fewer than the cycles). After the cycles the child's
 * descriptor count must equal its count before them, and its heap after a full GC must be within
 * {@value #HEAP_TOLERANCE_MIB} MiB of where it started.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SoakTest {
    private static final int CYCLES = Boolean.getBoolean("panama.heavy") ? 1_000_000 : 100_000;
    private static final int HEAP_TOLERANCE_MIB = 8;
    private static final Pattern FIGURES = Pattern.compile(
            "SOAK cycles=(\\d+) seconds=([\\d.]+) fdBefore=(\\d+) fdAfter=(\\d+) heapBefore=(\\d+) heapAfter=(\\d+)");

    @Test
    void connectAcceptSendRecvCloseCyclesLeaveNoDescriptorOrHeapBehind() throws Exception {
        List<String> command = ChildJvm.ClassPathMains.here().command(List.of(), List.of("-Xmx256m"), SoakMain.class,
                Integer.toString(CYCLES));
        ChildJvm.Result result = ChildJvm.run(command, Duration.ofMinutes(CYCLES > 100_000 ? 9 : 4));
        assertEquals(0, result.exitCode(), result.output());
        Matcher m = FIGURES.matcher(result.output());
        assertTrue(m.find(), () -> "no figures in the child's output:\n" + result.output());
        long cycles = Long.parseLong(m.group(1));
        long fdBefore = Long.parseLong(m.group(3));
        long fdAfter = Long.parseLong(m.group(4));
        long heapBefore = Long.parseLong(m.group(5));
        long heapAfter = Long.parseLong(m.group(6));
        System.out.printf("soak: %,d cycles in %s s; descriptors %d before, %d after; heap after GC %.1f MiB before, %.1f MiB after%n",
                cycles, m.group(2), fdBefore, fdAfter, heapBefore / 1048576.0, heapAfter / 1048576.0);
        assertEquals(CYCLES, cycles);
        assertEquals(fdBefore, fdAfter, "descriptor count unchanged");
        assertTrue(heapAfter - heapBefore <= HEAP_TOLERANCE_MIB * 1048576L,
                "heap grew by " + (heapAfter - heapBefore) + " bytes, more than " + HEAP_TOLERANCE_MIB + " MiB");
    }
}
