package io.github.panamasockets.bench;

import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.TCP_NODELAY;

import io.github.panamasockets.PosixSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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
 * Round-trip latency: one byte to an echo thread of the same implementation and one byte back, with blocking
 * calls, over TCP (with {@code TCP_NODELAY} on both ends) or a Unix stream socket.
 */
@Workload(order = 2, title = "Ping-pong (round trip)",
        operation = "Send 1 byte to an echo thread in the same JVM, which uses the same implementation, and receive"
                + " its 1 byte back; blocking calls, `TCP_NODELAY` on both TCP ends. Library: `send`/`recv` of a"
                + " 1-byte `MemorySegment`; NIO: blocking `SocketChannel.write`/`read` of a 1-byte direct buffer.")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class PingPongBench {

    /** A connected pair of the library's sockets with an echo thread on the accepted end. */
    @State(Scope.Thread)
    public static class Library {
        /** {@code tcp} or {@code unix}. */
        @Param({Loopback.TCP, Loopback.UNIX})
        public String transport;

        PosixSocket client;
        PosixSocket server;
        Arena arena;
        MemorySegment ball;
        Peer echo;

        /** Connects, sets {@code TCP_NODELAY} on TCP, and starts the echo. */
        @Setup
        public void open() throws IOException {
            PosixSocket[] pair = Loopback.libraryPair(transport);
            client = pair[0];
            server = pair[1];
            if (Loopback.TCP.equals(transport)) {
                client.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
                server.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
            }
            arena = Arena.ofShared();
            ball = arena.allocate(1);
            MemorySegment returned = arena.allocate(1);
            PosixSocket end = server;
            echo = new Peer("library echo", () -> {
                while (end.recv(returned, 0) == 1) {
                    end.send(returned, 0);
                }
            });
        }

        /** Closes the benchmark's end, which ends the echo, then the rest. */
        @TearDown
        public void close() throws IOException, InterruptedException {
            client.close();
            echo.join();
            server.close();
            arena.close();
        }
    }

    /** A connected pair of NIO channels with an echo thread on the accepted end. */
    @State(Scope.Thread)
    public static class Nio {
        /** {@code tcp} or {@code unix}. */
        @Param({Loopback.TCP, Loopback.UNIX})
        public String transport;

        SocketChannel client;
        SocketChannel server;
        ByteBuffer ball;
        Peer echo;

        /** Connects, sets {@code TCP_NODELAY} on TCP, and starts the echo. */
        @Setup
        public void open() throws IOException {
            SocketChannel[] pair = Loopback.nioPair(transport);
            client = pair[0];
            server = pair[1];
            if (Loopback.TCP.equals(transport)) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ball = ByteBuffer.allocateDirect(1);
            ByteBuffer returned = ByteBuffer.allocateDirect(1);
            SocketChannel end = server;
            echo = new Peer("nio echo", () -> {
                while (end.read(returned.clear()) == 1) {
                    end.write(returned.flip());
                }
            });
        }

        /** Closes the benchmark's end, which ends the echo, then the rest. */
        @TearDown
        public void close() throws IOException, InterruptedException {
            client.close();
            echo.join();
            server.close();
        }
    }

    /** @return 1, the byte that came back */
    @Benchmark
    @Variant("MemorySegment")
    public int library_segment(Library s) throws IOException {
        s.client.send(s.ball, 0);
        int n = s.client.recv(s.ball, 0);
        if (n != 1) {
            throw new IllegalStateException("the echo answered " + n);
        }
        return n;
    }

    /** @return 1, the byte that came back */
    @Benchmark
    @Variant("direct ByteBuffer")
    public int nio_direct(Nio s) throws IOException {
        s.client.write(s.ball.clear());
        int n = s.client.read(s.ball.clear());
        if (n != 1) {
            throw new IllegalStateException("the echo answered " + n);
        }
        return n;
    }
}
