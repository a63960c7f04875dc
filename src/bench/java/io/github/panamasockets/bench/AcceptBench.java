package io.github.panamasockets.bench;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_LINGER;

import io.github.panamasockets.Errno;
import io.github.panamasockets.PosixError;
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
import java.nio.ByteBuffer;
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
 * Accept rate: the benchmark thread accepts connections that a client thread of the same implementation makes
 * one after another, and resets each. The client connects, then waits for the reset before it connects again,
 * so the listener's queue is usually empty when the benchmark calls {@code accept}: the accept waits for the
 * next connection, which is what this measures, with the wake-up that ends the wait.
 */
@Workload(order = 6, title = "Accept rate",
        operation = "`accept` on a TCP listener on 127.0.0.1 while a client thread of the same implementation"
                + " connects, waits until its connection is reset and connects again; the accepted socket gets"
                + " `SO_LINGER` {on, 0 s} and is closed, which resets it (no TIME_WAIT). The accept usually finds the"
                + " queue empty and waits for the next connection.")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class AcceptBench {

    /** A listener of the library and its client. */
    @State(Scope.Thread)
    public static class Library {
        PosixSocket listener;
        Arena arena;
        MemorySegment lingerZero;
        volatile boolean stopping;
        Peer client;

        /** Binds to a port the kernel picks, listens, and starts the client. */
        @Setup
        public void open() throws IOException {
            listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(128);
            SockAddr address = listener.getsockname();
            arena = Arena.ofShared();
            lingerZero = arena.allocate(8, 4); // struct linger { int l_onoff; int l_linger; }
            lingerZero.set(ValueLayout.JAVA_INT, 0, 1);
            lingerZero.set(ValueLayout.JAVA_INT, 4, 0);
            MemorySegment one = arena.allocate(1);
            client = new Peer("library client", () -> {
                while (!stopping) {
                    try (PosixSocket c = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
                        c.connect(address);
                        c.recv(one, 0); // ends with the reset (ECONNRESET) or, rarely, end of stream
                    } catch (IOException e) {
                        if (stopping) {
                            return; // the listener is closed: refused or reset
                        }
                        if (!(e instanceof PosixError p && p.errno() == Errno.ECONNRESET)) {
                            throw e;
                        }
                    }
                }
            });
        }

        /** Stops the client by closing the listener, then frees the memory. */
        @TearDown
        public void close() throws IOException, InterruptedException {
            stopping = true;
            listener.close();
            client.join();
            arena.close();
        }
    }

    /** A blocking NIO listener and its client. */
    @State(Scope.Thread)
    public static class Nio {
        ServerSocketChannel listener;
        volatile boolean stopping;
        Peer client;

        /** Binds to a port the kernel picks, listens, and starts the client. */
        @Setup
        public void open() throws IOException {
            listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
            listener.bind(new InetSocketAddress(Loopback.ipv4Loopback(), 0), 128);
            SocketAddress address = listener.getLocalAddress();
            ByteBuffer one = ByteBuffer.allocateDirect(1);
            client = new Peer("nio client", () -> {
                while (!stopping) {
                    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.INET)) {
                        c.connect(address);
                        c.read(one.clear()); // ends with the reset ("Connection reset") or end of stream
                    } catch (IOException e) {
                        if (stopping) {
                            return;
                        }
                        if (!String.valueOf(e.getMessage()).contains("reset")) {
                            throw e;
                        }
                    }
                }
            });
        }

        /** Stops the client by closing the listener. */
        @TearDown
        public void close() throws IOException, InterruptedException {
            stopping = true;
            listener.close();
            client.join();
        }
    }

    /** @return whether the accepted socket was open, so the work is used */
    @Benchmark
    @Variant("PosixSocket")
    public boolean library_accept(Library s) throws IOException {
        try (PosixSocket accepted = s.listener.accept()) {
            accepted.setsockopt(SOL_SOCKET, SO_LINGER, s.lingerZero);
            return !accepted.isClosed();
        }
    }

    /** @return whether the accepted channel was open, so the work is used */
    @Benchmark
    @Variant("ServerSocketChannel")
    public boolean nio_accept(Nio s) throws IOException {
        try (SocketChannel accepted = s.listener.accept()) {
            accepted.setOption(StandardSocketOptions.SO_LINGER, 0);
            return accepted.isOpen();
        }
    }
}
