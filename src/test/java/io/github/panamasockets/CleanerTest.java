package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.child.DropSocketMain;
import io.github.panamasockets.internal.FdHandle;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaner never closes a socket under a call in progress. A socket whose only reference is the thread
 * blocked in its {@code recv} stays reachable (every native path ends with {@code reachabilityFence(this)}), so
 * repeated garbage collections during the wait neither collect it nor close its descriptor, and the data sent
 * afterwards arrives. Once the call has returned, nothing holds the socket any more, and the cleaner closes it
 * — which also proves that the test itself kept no reference.
 *
 * <p>A missing fence shows only where the JIT has compiled the method and dropped {@code this} early (an
 * interpreted frame keeps it anyway), so the receive path is warmed up first. That a socket dropped without
 * {@code close} is closed by the cleaner at all is {@link DescriptorLeakTest}'s
 * {@code aSocketDroppedWithoutCloseIsClosedByTheCleaner}; here, that the cleaner reports such a leak on the
 * library's {@code System.Logger} at DEBUG level.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CleanerTest {
    private static final byte[] PAYLOAD = "arrives after twenty collections".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPlatformThreadBlockedInTheKernelKeepsItsSocket() throws Exception {
        blockedRecvKeepsItsSocket(Thread.ofPlatform().name("blocked-recv").factory());
    }

    @Test
    void aVirtualThreadParkedInThePollerKeepsItsSocket() throws Exception {
        blockedRecvKeepsItsSocket(Thread.ofVirtual().name("blocked-recv").factory());
    }

    private static void blockedRecvKeepsItsSocket(ThreadFactory threads) throws Exception {
        warmUpTheReceivePath();
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket peer = pair[1]) {
            FdHandle handle = pair[0].handle(); // holds no reference to its socket
            WeakReference<PosixSocket> weak = new WeakReference<>(pair[0]);
            SynchronousQueue<PosixSocket> handoff = new SynchronousQueue<>();
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            threads.newThread(() -> {
                try {
                    received.complete(receiveOnce(handoff));
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                }
            }).start();
            handoff.put(pair[0]);
            pair[0] = null; // from here the receiving thread holds the only reference

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handle.inFlight() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(1, handle.inFlight(), "the receiving thread is in recv");
            for (int i = 0; i < 20; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNotNull(weak.get(), "a socket in a call is not collected");
            assertFalse(handle.isClosed(), "nor closed by the cleaner");
            assertFalse(received.isDone(), "recv is still waiting");

            assertEquals(PAYLOAD.length, peer.send(PAYLOAD, 0));
            assertArrayEquals(PAYLOAD, received.get(10, TimeUnit.SECONDS), "the waiting recv got the data, no EBADF");

            // Nothing holds the socket now: the cleaner closes it.
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((weak.get() != null || !handle.isClosed()) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(weak.get(), "the socket was referenced by the receiving thread alone");
            assertTrue(handle.isClosed(), "and the cleaner closed it once the call was over");
        }
    }

    @Test
    void theCleanerReportsADroppedSocketAtDebugLevel(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("logging.properties"), String.join("\n",
                "handlers=java.util.logging.ConsoleHandler",
                "java.util.logging.ConsoleHandler.level=FINE",
                "io.github.panamasockets.level=FINE", ""));
        List<String> command = ChildJvm.ClassPathMains.here().command(List.of(), List.of("-Djava.util.logging.config.file=" + config),
                DropSocketMain.class);
        ChildJvm.Result result = ChildJvm.run(command, Duration.ofSeconds(30));
        assertEquals(0, result.exitCode(), result.output());
        Matcher dropped = Pattern.compile("DROPPED (\\d+)").matcher(result.output());
        assertTrue(dropped.find(), result.output());
        assertTrue(result.output().contains("GONE"), result.output());
        assertTrue(result.output().contains("descriptor " + dropped.group(1) + " closed by the cleaner"),
                () -> "no report of the leak in:\n" + result.output());
    }

    /** The whole life of the socket on this thread: taken from the queue, one recv, never used again. */
    private static byte[] receiveOnce(SynchronousQueue<PosixSocket> handoff) throws Exception {
        byte[] buf = new byte[64];
        int n = handoff.take().recv(buf, 0);
        return Arrays.copyOf(buf, n);
    }

    /** Enough receives, waiting and not, for the JIT to compile the receive path. */
    private static void warmUpTheReceivePath() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            byte[] buf = new byte[8];
            for (int i = 0; i < 20_000; i++) {
                a.recv(buf, MSG_DONTWAIT);
            }
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 3_000; i++) {
                        b.recv(buf.clone(), 0);
                        b.send(new byte[1], 0);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < 3_000; i++) {
                a.send(new byte[1], 0);
                a.recv(buf, 0);
            }
            echo.get(30, TimeUnit.SECONDS);
        }
    }
}
