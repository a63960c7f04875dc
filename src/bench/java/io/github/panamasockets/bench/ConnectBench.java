package io.github.panamasockets.bench;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_LINGER;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockAddr;
import io.github.panamasockets.SockaddrIn;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
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
 * Connection setup and teardown over TCP on 127.0.0.1, all in the benchmark thread: a new socket connects to a
 * listening one (the kernel completes the handshake on loopback without the listener's help), the listener
 * accepts, and both are closed. The client ends with {@code SO_LINGER} {on, 0 s}, a reset, so that no
 * connection is left in TIME_WAIT: a few hundred thousand of them would use up the ephemeral ports of the
 * machine, for this benchmark and for anything else running on it.
 */
@Workload(order = 5, title = "Connection setup and teardown",
        operation = "Open a TCP socket, `connect` it to a listener on 127.0.0.1, `accept` there, set `SO_LINGER`"
                + " {on, 0 s} on the client and close both (accepted end first). The linger setting ends each"
                + " connection with a reset, so none is left in TIME_WAIT to use up the ephemeral ports.")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class ConnectBench {

    /** A listening socket of the library on 127.0.0.1 and a {@code struct linger} of {on, 0}. */
    @State(Scope.Thread)
    public static class Library {
        PosixSocket listener;
        SockAddr address;
        Arena arena;
        MemorySegment lingerZero;

        /** Binds to a port the kernel picks and listens. */
        @Setup
        public void open() throws IOException {
            listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(128);
            address = listener.getsockname();
            arena = Arena.ofConfined();
            lingerZero = arena.allocate(8, 4); // struct linger { int l_onoff; int l_linger; }
            lingerZero.set(ValueLayout.JAVA_INT, 0, 1);
            lingerZero.set(ValueLayout.JAVA_INT, 4, 0);
        }

        /** Closes the listener and frees the memory. */
        @TearDown
        public void close() throws IOException {
            listener.close();
            arena.close();
        }
    }

    /** A listening NIO channel on 127.0.0.1, {@code AF_INET}, blocking. */
    @State(Scope.Thread)
    public static class Nio {
        ServerSocketChannel listener;
        SocketAddress address;

        /** Binds to a port the kernel picks and listens. */
        @Setup
        public void open() throws IOException {
            listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
            listener.bind(new InetSocketAddress(Loopback.ipv4Loopback(), 0), 128);
            address = listener.getLocalAddress();
        }

        /** Closes the listener. */
        @TearDown
        public void close() throws IOException {
            listener.close();
        }
    }

    /** @return whether the accepted socket was open, so the work is used */
    @Benchmark
    @Variant("PosixSocket")
    public boolean library_connect(Library s) throws IOException {
        try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            client.connect(s.address);
            try (PosixSocket accepted = s.listener.accept()) {
                client.setsockopt(SOL_SOCKET, SO_LINGER, s.lingerZero);
                return !accepted.isClosed();
            }
        }
    }

    /** @return whether the accepted channel was open, so the work is used */
    @Benchmark
    @Variant("SocketChannel")
    public boolean nio_connect(Nio s) throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
            client.connect(s.address);
            try (SocketChannel accepted = s.listener.accept()) {
                client.setOption(StandardSocketOptions.SO_LINGER, 0);
                return accepted.isOpen();
            }
        }
    }
}
