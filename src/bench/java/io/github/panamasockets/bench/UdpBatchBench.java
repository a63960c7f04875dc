package io.github.panamasockets.bench;

import io.github.panamasockets.MmsgBatch;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Small datagrams in batches: {@value #BATCH} 64-byte datagrams sent with one {@code sendmmsg} and received
 * with one {@code recvmmsg}, against NIO's one-at-a-time loop (NIO has no batched call). The score is datagrams
 * per second, as in {@link UdpBench}.
 */
@Workload(order = 5, title = "UDP, 64-byte datagrams in batches of 32",
        operation = "Send 32 datagrams of 64 bytes to a receiver on 127.0.0.1 with one `sendmmsg`, each message"
                + " carrying its own address and length, then receive all 32 with one `recvmmsg` (blocking), both"
                + " in the benchmark thread; the batch's native memory is allocated once and reused. NIO has no"
                + " batched call: its baseline is the one-at-a-time `send`/`read` loop of the previous workload.")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class UdpBatchBench {
    /** Datagrams per call. */
    public static final int BATCH = 32;

    /** The library's sockets of {@link UdpBench} and two batches: one filled to send, one to receive into. */
    @State(Scope.Thread)
    public static class Batches {
        UdpBench.Library sockets = new UdpBench.Library();
        MmsgBatch out;
        MmsgBatch in;

        /** Opens the sockets and fills the outgoing batch, every message addressed to the receiver. */
        @Setup
        public void open() throws IOException {
            sockets.open();
            out = MmsgBatch.allocate(BATCH, UdpBench.DATAGRAM);
            in = MmsgBatch.allocate(BATCH, UdpBench.DATAGRAM);
            byte[] payload = new byte[UdpBench.DATAGRAM];
            for (int i = 0; i < BATCH; i++) {
                out.put(i, payload, 0, payload.length).address(i, sockets.target);
            }
        }

        /** Closes the sockets. */
        @TearDown
        public void close() throws IOException {
            sockets.close();
        }
    }

    /** @return datagrams received */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Variant("MmsgBatch")
    public int library_batch(Batches s) throws IOException {
        s.sockets.sender.sendmmsg(s.out, BATCH, 0);
        return s.sockets.receiver.recvmmsg(s.in, BATCH, 0);
    }

    /** @return bytes received by the last read */
    @Benchmark
    @Variant("direct ByteBuffer")
    public int nio_direct(UdpBench.Nio s) throws IOException {
        return UdpBench.nioDatagram(s);
    }
}
