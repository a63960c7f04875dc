package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOMAXCONN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One JVM serves ten thousand concurrent TCP echo connections with the library on virtual threads — an accept
 * loop on one virtual thread, one virtual thread per connection making blocking {@code recv} and {@code send}
 * calls — while a second JVM, started by the test, drives the clients with the JDK's own socket channels
 * ({@link EchoClientsMain}). Each client checks every byte of two echoed messages of random size up to 4 KiB,
 * and sends its second only once every client has had its first echo, so all ten thousand connections are open
 * at once: the server counts them. (Sixteen thousand with {@code -Dpanama.heavy=true}.) The two ends live in two
 * processes because each end needs a descriptor per connection and a process may have 20,000 here.
 *
 * <p>This JVM is the server: the library runs where its state can be inspected. Afterwards every connection
 * was accepted and served, the byte counts of both sides agree, no handler failed, closing the listener wakes
 * the accept loop, and no descriptor is left open.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TenThousandConnectionsTest {
    private static final int CLIENTS = Boolean.getBoolean("panama.heavy") ? 16_000 : 10_000;
    /** Descriptors this JVM needs beside the connections: its jars, the listener, the poller, other tests' leftovers. */
    private static final int HEADROOM = 1_000;

    @Test
    void tenThousandConcurrentEchoConnectionsServedOnVirtualThreads() throws Exception {
        ensureDescriptorLimit(CLIENTS + HEADROOM);
        Map<Integer, String> before = OpenFiles.byNumber();
        long start = System.nanoTime();
        ChildJvm.Result clients;
        EchoServer server = new EchoServer();
        try {
            clients = ChildJvm.run(List.of(), EchoClientsMain.class, List.of(),
                    List.of(Integer.toString(server.port), Integer.toString(CLIENTS), Long.toString(System.nanoTime()), "256"),
                    Duration.ofSeconds(240));
            assertFalse(clients.timedOut(), clients::report);
            assertEquals(0, clients.exitCode(), clients::report);
            assertTrue(server.awaitAllServed(CLIENTS, Duration.ofSeconds(30)), () -> "the server finished " + server.served
                    + " of " + CLIENTS + " connections: " + clients.report());
        } finally {
            server.close();
        }
        Matcher m = Pattern.compile("clients=(\\d+) connected=(\\d+) finished=(\\d+) failed=(\\d+) bytes=(\\d+) retries=(\\d+) millis=(\\d+)")
                .matcher(clients.output());
        assertTrue(m.find(), clients::report);
        assertEquals(CLIENTS, Integer.parseInt(m.group(3)), clients::report);
        assertTrue(server.errors.isEmpty(), () -> "server errors: " + server.errors.stream().limit(10).toList());
        assertEquals(CLIENTS, server.accepted.get(), "every connection was accepted");
        assertEquals(CLIENTS, server.served.get(), "and served to its end");
        assertEquals(CLIENTS, server.maxOpen.get(), "all of them were open at once");
        assertEquals(Long.parseLong(m.group(5)), server.bytes.get(), "the server echoed exactly what the clients sent and checked");
        assertTrue(server.acceptLoopEnd.get() instanceof ClosedWhileBlockedException,
                () -> "closing the listener woke the accept loop: " + server.acceptLoopEnd.get());
        OpenFiles.assertNoneLeft(before, "after the echo server");
        System.out.println("TenThousandConnectionsTest: " + CLIENTS + " concurrent connections, " + m.group(5)
                + " bytes echoed, " + m.group(6) + " connect retries; clients ran " + m.group(7) + " ms, whole test "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    /** The library's echo server: one virtual thread accepting, one virtual thread per connection. */
    private static final class EchoServer implements AutoCloseable {
        final PosixSocket listener;
        final int port;
        final Thread acceptLoop;
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final AtomicInteger served = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicReference<Throwable> acceptLoopEnd = new AtomicReference<>();

        EchoServer() throws IOException {
            listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(SOMAXCONN); // the kernel caps it at net.core.somaxconn
            port = ((SockaddrIn) listener.getsockname()).port();
            acceptLoop = Thread.ofVirtual().name("echo-accept").start(this::acceptLoop);
        }

        private void acceptLoop() {
            try {
                for (;;) {
                    PosixSocket connection = listener.accept();
                    accepted.incrementAndGet();
                    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Thread.ofVirtual().start(() -> serve(connection));
                }
            } catch (Throwable e) {
                acceptLoopEnd.set(e);
            }
        }

        private void serve(PosixSocket connection) {
            try (connection) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = connection.recv(buf, 0)) > 0) {
                    int sent = connection.send(buf, 0, n, 0); // blocking mode sends it all
                    if (sent != n) {
                        throw new IOException("send sent " + sent + " of " + n + " bytes");
                    }
                    bytes.addAndGet(n);
                }
            } catch (Throwable e) {
                errors.add(e.toString());
            } finally {
                open.decrementAndGet();
                served.incrementAndGet();
            }
        }

        boolean awaitAllServed(int count, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (served.get() < count && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            return served.get() >= count;
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptLoop.join(Duration.ofSeconds(1));
        }
    }

    /**
     * Makes sure this process may open {@code needed} descriptors: the soft limit is raised to it with
     * {@code prlimit} when the hard limit allows and the soft one does not (the JVM usually raises it to the
     * hard limit at startup already). The child JVM inherits the limits and raises its own soft limit likewise.
     */
    private static void ensureDescriptorLimit(int needed) throws IOException, InterruptedException {
        long[] limits = openFileLimits();
        assumeTrue(limits[1] >= needed, "the hard limit on open files is " + limits[1] + ", this test needs " + needed);
        if (limits[0] < needed) {
            Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                    "--nofile=" + needed + ":" + limits[1]).inheritIO().start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "prlimit finished");
            limits = openFileLimits();
        }
        assertTrue(limits[0] >= needed, "the soft limit on open files is " + limits[0] + ", this test needs " + needed);
    }

    /** @return the soft and hard limits on open files, from {@code /proc/self/limits} ({@code unlimited} as Long.MAX_VALUE) */
    private static long[] openFileLimits() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return new long[] {parseLimit(f[0]), parseLimit(f[1])};
            }
        }
        throw new IOException("no open-files line in /proc/self/limits");
    }

    private static long parseLimit(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
    }
}
