package io.github.panamasockets.bench;

import io.github.panamasockets.PosixSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of a stream: 64 KiB writes, each completed, to a socket whose other end a thread of the same
 * implementation drains into native memory. The writer's buffer kind varies; the drain is the same for every
 * variant of an implementation, so a difference between variants is the writer's.
 */
@Workload(order = 3, title = "Bulk transfer, 64 KiB writes", bytesPerOperation = BulkBench.CHUNK,
        operation = "Write 64 KiB, all of it (calls repeated until every byte is taken; blocking), to a connected"
                + " socket whose other end a thread of the same implementation drains into 64 KiB of native memory"
                + " (library: `recv` into a `MemorySegment`; NIO: `read` into a direct buffer). The writer's memory"
                + " is the variant: `MemorySegment` or `byte[]` (library), direct or heap `ByteBuffer` (NIO).")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class BulkBench {
    static final int CHUNK = 64 * 1024;

    /** A connected pair of the library's sockets; a thread drains the accepted end. */
    @State(Scope.Thread)
    public static class Library {
        /** {@code tcp} or {@code unix}. */
        @Param({Loopback.TCP, Loopback.UNIX})
        public String transport;

        PosixSocket client;
        PosixSocket server;
        Arena arena;
        MemorySegment segment;
        byte[] array;
        Peer drain;

        /** Connects, fills the data, and starts the drain. */
        @Setup
        public void open() throws IOException {
            PosixSocket[] pair = Loopback.libraryPair(transport);
            client = pair[0];
            server = pair[1];
            arena = Arena.ofShared();
            segment = arena.allocate(CHUNK);
            array = new byte[CHUNK];
            Arrays.fill(array, (byte) 'x');
            segment.fill((byte) 'x');
            MemorySegment sink = arena.allocate(CHUNK);
            PosixSocket end = server;
            drain = new Peer("library drain", () -> {
                while (end.recv(sink, 0) > 0) {
                    // discard
                }
            });
        }

        /** Closes the writing end, which ends the drain, then the rest. */
        @TearDown
        public void close() throws IOException, InterruptedException {
            client.close();
            drain.join();
            server.close();
            arena.close();
        }
    }

    /** A connected pair of blocking NIO channels; a thread drains the accepted end. */
    @State(Scope.Thread)
    public static class Nio {
        /** {@code tcp} or {@code unix}. */
        @Param({Loopback.TCP, Loopback.UNIX})
        public String transport;

        SocketChannel client;
        SocketChannel server;
        ByteBuffer direct;
        ByteBuffer heap;
        Peer drain;

        /** Connects, fills the data, and starts the drain. */
        @Setup
        public void open() throws IOException {
            SocketChannel[] pair = Loopback.nioPair(transport);
            client = pair[0];
            server = pair[1];
            direct = ByteBuffer.allocateDirect(CHUNK);
            heap = ByteBuffer.allocate(CHUNK);
            while (direct.hasRemaining()) {
                direct.put((byte) 'x');
            }
            Arrays.fill(heap.array(), (byte) 'x');
            ByteBuffer sink = ByteBuffer.allocateDirect(CHUNK);
            SocketChannel end = server;
            drain = new Peer("nio drain", () -> {
                while (end.read(sink.clear()) > 0) {
                    // discard
                }
            });
        }

        /** Closes the writing end, which ends the drain, then the rest. */
        @TearDown
        public void close() throws IOException, InterruptedException {
            client.close();
            drain.join();
            server.close();
        }
    }

    /** @return bytes written: {@link #CHUNK} */
    @Benchmark
    @Variant("MemorySegment")
    public long library_segment(Library s) throws IOException {
        long sent = s.client.send(s.segment, 0);
        while (sent < CHUNK) { // a blocking send takes it all unless a signal cuts it short
            sent += s.client.send(s.segment.asSlice(sent), 0);
        }
        return sent;
    }

    /** @return bytes written: {@link #CHUNK} */
    @Benchmark
    @Variant("byte[]")
    public int library_heap(Library s) throws IOException {
        int sent = 0;
        while (sent < CHUNK) {
            sent += s.client.send(s.array, sent, CHUNK - sent, 0);
        }
        return sent;
    }

    /** @return bytes written: {@link #CHUNK} */
    @Benchmark
    @Variant("direct ByteBuffer")
    public int nio_direct(Nio s) throws IOException {
        ByteBuffer b = s.direct.clear();
        while (b.hasRemaining()) {
            s.client.write(b);
        }
        return CHUNK;
    }

    /** @return bytes written: {@link #CHUNK} */
    @Benchmark
    @Variant("heap ByteBuffer")
    public int nio_heap(Nio s) throws IOException {
        ByteBuffer b = s.heap.clear();
        while (b.hasRemaining()) {
            s.client.write(b);
        }
        return CHUNK;
    }
}
