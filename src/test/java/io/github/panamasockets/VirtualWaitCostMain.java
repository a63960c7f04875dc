package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The JVM in which {@link VirtualThreadTest} measures what a wait on a virtual thread costs in heap memory: two
 * virtual threads play ping-pong with one byte over loopback TCP, so that every {@code recv} finds nothing and
 * parks its thread in the poller until the other side's byte arrives. The same exchange is then measured with
 * the JDK's {@code SocketChannel} on virtual threads (its own poller), in the same JVM. It prints
 * {@code library=<bytes> nio=<bytes>}: the fewest bytes the whole JVM allocated per round trip over any window
 * of 2,000 round trips, after a warm-up. Unparking a virtual thread allocates in the JDK itself (its scheduler's
 * task adapter), for either implementation; a wait of the library's own allocates nothing, so it is to cost no
 * more than NIO's.
 *
 * <p>Run with {@code -Xlog:exceptions=info}: the test also reads that every exception thrown in the library's
 * code, caught or not, is logged, and there must be none.
 */
public final class VirtualWaitCostMain {
    private static final int WARM_UP = 20_000;
    private static final int WINDOW = 2_000;
    private static final int WINDOWS = 10;

    private VirtualWaitCostMain() {}

    /** An exchange of one byte each way, seen from the side that starts it. */
    private interface RoundTrip {
        void run() throws Exception;
    }

    /**
     * @param args none
     * @throws Throwable on any failure
     */
    public static void main(String[] args) throws Throwable {
        // com.sun.management.ThreadMXBean, reached reflectively: this module does not read java.management.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method total = Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes");
        long library = library(threads, total);
        long nio = nio(threads, total);
        System.out.println("library=" + library + " nio=" + nio);
    }

    private static long library(Object threads, Method total) throws Throwable {
        return withLibraryEcho((client, server, ping) -> measure(threads, total, () -> {
            if (client.send(ping, 0) != 1 || client.recv(ping, 0) != 1) {
                throw new AssertionError("a byte went astray");
            }
        }));
    }

    /** What runs against a loopback TCP client whose accepted end echoes every byte (see {@link #withLibraryEcho}). */
    interface EchoedClient<T> {
        T run(PosixSocket client, PosixSocket server, MemorySegment ping) throws Throwable;
    }

    /**
     * Connects a client over loopback TCP, starts a virtual thread on the accepted end that sends back every byte
     * it receives, runs {@code body} on the client's side with a 1-byte {@code ping}, then ends the echo.
     */
    static <T> T withLibraryEcho(EchoedClient<T> body) throws Throwable {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            client.connect(listener.getsockname());
            try (PosixSocket server = listener.accept()) {
                MemorySegment ping = Arena.global().allocate(1);
                MemorySegment pong = Arena.global().allocate(1);
                Thread echo = Thread.ofVirtual().start(() -> {
                    try {
                        while (server.recv(pong, 0) == 1) {
                            server.send(pong, 0);
                        }
                    } catch (Exception e) {
                        // the client's side closed its end: a zero-length read above, or an error here
                    }
                });
                T result = body.run(client, server, ping);
                client.shutdown(SocketConstants.SHUT_WR);
                echo.join();
                return result;
            }
        }
    }

    private static long nio(Object threads, Method total) throws Throwable {
        try (ServerSocketChannel listener = ServerSocketChannel.open();
             SocketChannel client = SocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            client.connect(listener.getLocalAddress());
            try (SocketChannel server = listener.accept()) {
                ByteBuffer ping = ByteBuffer.allocateDirect(1);
                ByteBuffer pong = ByteBuffer.allocateDirect(1);
                Thread echo = Thread.ofVirtual().start(() -> {
                    try {
                        while (server.read(pong.clear()) == 1) {
                            server.write(pong.flip());
                        }
                    } catch (Exception e) {
                        // the measuring side closed its end
                    }
                });
                long least = measure(threads, total, () -> {
                    if (client.write(ping.clear()) != 1 || client.read(ping.clear()) != 1) {
                        throw new AssertionError("a byte went astray");
                    }
                });
                client.shutdownOutput();
                echo.join();
                return least;
            }
        }
    }

    /** Runs the round trips on a virtual thread; the fewest bytes per round trip over any window. */
    private static long measure(Object threads, Method total, RoundTrip roundTrip) throws Throwable {
        long[] least = {Long.MAX_VALUE};
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < WARM_UP; i++) {
                    roundTrip.run();
                }
                for (int w = 0; w < WINDOWS; w++) {
                    long before = (long) total.invoke(threads);
                    for (int i = 0; i < WINDOW; i++) {
                        roundTrip.run();
                    }
                    least[0] = Math.min(least[0], ((long) total.invoke(threads) - before) / WINDOW);
                }
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return least[0];
    }
}
