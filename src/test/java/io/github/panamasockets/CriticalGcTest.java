package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Critical downcalls — which may be given heap arrays because the garbage collector waits for them to return —
 * are used only where they cannot block. In a JVM of its own, four platform threads wait in {@code recv} in
 * blocking mode on {@code byte[]} buffers (inside {@code recv(2)}, through the thread's native bounce buffer)
 * and four virtual threads wait in {@code recv} in the poller, while the main thread runs {@code System.gc()}
 * ten times. Every collection needs all threads at a safepoint, which a thread blocked in a critical call would
 * withhold: the child must finish in time, each collection must take well under a second, the waiting threads
 * must still be waiting through it and then receive what is sent to them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CriticalGcTest {
    @Test
    void garbageCollectionsRunWhileThreadsWaitInRecv() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), CriticalGcMain.class, List.of("-Xmx256m"),
                List.of("4", "4", "10"), Duration.ofSeconds(45));
        assertFalse(r.timedOut(), () -> "the child hung: a collection (or a stack walk) waited for a thread blocked in a call: " + r.report());
        assertEquals(0, r.exitCode(), r::report);
        assertTrue(r.output().contains("waiting platform=4 virtual=4"), r::report);
        Matcher gc = Pattern.compile("gcs=(\\d+) maxMillis=(\\d+) totalMillis=(\\d+)").matcher(r.output());
        assertTrue(gc.find(), r::report);
        assertEquals(10, Integer.parseInt(gc.group(1)), r::report);
        long maxMillis = Long.parseLong(gc.group(2));
        assertTrue(maxMillis < 1000, () -> "the longest collection took " + maxMillis + " ms: " + r.report());
        assertTrue(r.output().contains("stillWaiting=8"), () -> "the threads waited through the collections: " + r.report());
        assertTrue(r.output().contains("received=8"), r::report);
        System.out.println("CriticalGcTest: 10 collections with 8 threads waiting in recv, the longest " + maxMillis
                + " ms; child ran " + r.elapsed().toMillis() + " ms");
    }
}
