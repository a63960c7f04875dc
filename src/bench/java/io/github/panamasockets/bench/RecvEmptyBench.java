package io.github.panamasockets.bench;

import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;

import io.github.panamasockets.PosixSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one call: a receive on a connected TCP socket with nothing to read, which the kernel answers at once
 * with EAGAIN. The library's {@code recv(..., MSG_DONTWAIT)} returns {@link PosixSocket#WOULD_BLOCK}; NIO's
 * non-blocking {@link SocketChannel#read(ByteBuffer)} returns 0. What is measured is the way into the kernel and
 * back and the handling of errno, with no data copied.
 */
@Workload(order = 1, title = "Receive on an empty socket (cost of one call)",
        operation = "One receive on a connected TCP socket with nothing queued. Library: `recv(buf, MSG_DONTWAIT)`"
                + " returning `WOULD_BLOCK` (C's -1 with `EAGAIN`, no exception); NIO: `SocketChannel.read` on a"
                + " non-blocking channel returning 0. One system call and its errno, nothing copied; 1 KiB of room.")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class RecvEmptyBench {
    static final int ROOM = 1024;

    /** A connected TCP pair of the library's sockets; the benchmark receives on the connecting end. */
    @State(Scope.Thread)
    public static class Library {
        PosixSocket client;
        PosixSocket server;
        Arena arena;
        byte[] array;
        ByteBuffer direct;
        MemorySegment segment;

        /** Connects, and checks that a receive does come back empty. */
        @Setup
        public void open() throws IOException {
            PosixSocket[] pair = Loopback.libraryPair(Loopback.TCP);
            client = pair[0];
            server = pair[1];
            arena = Arena.ofConfined();
            array = new byte[ROOM];
            direct = ByteBuffer.allocateDirect(ROOM);
            segment = arena.allocate(ROOM);
            if (client.recv(segment, MSG_DONTWAIT) != PosixSocket.WOULD_BLOCK) {
                throw new IllegalStateException("recv on an empty socket did not return WOULD_BLOCK");
            }
        }

        /** Closes both ends and frees the memory. */
        @TearDown
        public void close() throws IOException {
            client.close();
            server.close();
            arena.close();
        }
    }

    /** A connected TCP pair of NIO channels; the benchmark reads on the connecting end, non-blocking. */
    @State(Scope.Thread)
    public static class Nio {
        SocketChannel client;
        SocketChannel server;
        ByteBuffer heap;
        ByteBuffer direct;

        /** Connects, makes the reading end non-blocking, and checks that a read does come back empty. */
        @Setup
        public void open() throws IOException {
            SocketChannel[] pair = Loopback.nioPair(Loopback.TCP);
            client = pair[0];
            server = pair[1];
            client.configureBlocking(false);
            heap = ByteBuffer.allocate(ROOM);
            direct = ByteBuffer.allocateDirect(ROOM);
            if (client.read(direct) != 0) {
                throw new IllegalStateException("read on an empty non-blocking channel did not return 0");
            }
        }

        /** Closes both ends. */
        @TearDown
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    /** @return {@link PosixSocket#WOULD_BLOCK} */
    @Benchmark
    @Variant("byte[]")
    public int library_heap(Library s) throws IOException {
        return s.client.recv(s.array, MSG_DONTWAIT);
    }

    /** @return {@link PosixSocket#WOULD_BLOCK} */
    @Benchmark
    @Variant("direct ByteBuffer")
    public int library_direct(Library s) throws IOException {
        s.direct.clear();
        return s.client.recv(s.direct, MSG_DONTWAIT);
    }

    /** @return {@link PosixSocket#WOULD_BLOCK} */
    @Benchmark
    @Variant("MemorySegment")
    public int library_segment(Library s) throws IOException {
        return s.client.recv(s.segment, MSG_DONTWAIT);
    }

    /** @return 0 */
    @Benchmark
    @Variant("heap ByteBuffer")
    public int nio_heap(Nio s) throws IOException {
        s.heap.clear();
        return s.client.read(s.heap);
    }

    /** @return 0 */
    @Benchmark
    @Variant("direct ByteBuffer")
    public int nio_direct(Nio s) throws IOException {
        s.direct.clear();
        return s.client.read(s.direct);
    }
}
