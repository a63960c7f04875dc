package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.MSG_WAITFORONE;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;

import java.lang.reflect.Method;

/**
 * The JVM in which {@link BatchDatagramTest} measures what a reused {@link MmsgBatch} allocates per
 * {@code sendmmsg}/{@code recvmmsg} pair, printing {@code least=<bytes>}: the fewest bytes any window of 5,000
 * pairs allocated on this thread, after a warm-up.
 *
 * <p>It runs alone because the JDK allocates on every errno-capturing downcall unless the compiler removes it:
 * {@code SharedUtils.checkCaptureSegment} slices the capture segment, and the slice is scalar-replaced only
 * while {@code MemorySegment}'s type profile is clean. In a JVM that has also used heap or mapped segments (the
 * whole test suite) the slice may stay: up to 40 bytes per call, whatever the library does.
 */
public final class BatchAllocationMain {
    private BatchAllocationMain() {}

    /**
     * @param args none
     * @throws Throwable on any failure
     */
    public static void main(String[] args) throws Throwable {
        // com.sun.management.ThreadMXBean, reached reflectively: this module does not read java.management.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        try (PosixSocket a = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
             PosixSocket b = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)) {
            b.bind(SockaddrIn.loopback(0));
            a.connect(b.getsockname());
            MmsgBatch out = MmsgBatch.allocate(8, 64);
            MmsgBatch in = MmsgBatch.allocate(8, 64);
            for (int i = 0; i < 8; i++) {
                out.length(i, 64);
            }
            for (int i = 0; i < 30_000; i++) { // warm-up, so that the measured calls run compiled
                exchange(a, b, out, in);
            }
            // The compiler may still recompile: look for a quiet window. A path that allocates by design
            // allocates in every window (one 16-byte object per call is 160 KB per window).
            long least = Long.MAX_VALUE;
            for (int window = 0; window < 20 && least >= 1_024; window++) {
                long before = (long) allocated.invoke(threads);
                for (int i = 0; i < 5_000; i++) {
                    exchange(a, b, out, in);
                }
                least = Math.min(least, (long) allocated.invoke(threads) - before);
            }
            System.out.println("least=" + least);
        }
    }

    private static void exchange(PosixSocket a, PosixSocket b, MmsgBatch out, MmsgBatch in) throws Exception {
        if (a.sendmmsg(out, 8, 0) != 8 || b.recvmmsg(in, MSG_WAITFORONE) != 8 || in.length(7) != 64) {
            throw new AssertionError("a batch went astray");
        }
    }
}
