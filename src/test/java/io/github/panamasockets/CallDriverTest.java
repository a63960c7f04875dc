package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.POLLIN;
import static io.github.panamasockets.SocketConstants.POLLNVAL;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_RCVBUFFORCE;
import static io.github.panamasockets.SocketConstants.SO_SNDBUFFORCE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the call driver guarantees beyond waking: timeouts on every path, waits that nothing announces (a Unix
 * connect to a full backlog), state kept across a wait (sendfile's offset), records never cut, and
 * {@code POLLNVAL} for a closed socket in a {@link PollSet}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallDriverTest {
    private static final long BOUND_MS = 700;
    private static final long SLACK_MS = 250;

    @TempDir
    Path dir;

    /**
     * A timeout fires within its bound on every path: platform and virtual threads, sockets owned and shared
     * (after {@code fileno()}), set with {@code setTimeout} or with {@code SO_RCVTIMEO}.
     */
    @ParameterizedTest(name = "{0} thread, shared {1}, {2}")
    @CsvSource({
        "PLATFORM, false, SET_TIMEOUT", "PLATFORM, false, SO_RCVTIMEO", "PLATFORM, true, SET_TIMEOUT", "PLATFORM, true, SO_RCVTIMEO",
        "VIRTUAL, false, SET_TIMEOUT", "VIRTUAL, false, SO_RCVTIMEO", "VIRTUAL, true, SET_TIMEOUT", "VIRTUAL, true, SO_RCVTIMEO"})
    void recvTimesOutWithinItsBound(String kind, boolean shared, String how) throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            s.connect(SockaddrIn.loopback(peer.getLocalPort()));
            try (Socket silent = peer.accept()) {
                if (shared) {
                    s.fileno();
                }
                if (how.equals("SET_TIMEOUT")) {
                    s.setTimeout(Duration.ofMillis(BOUND_MS));
                } else {
                    s.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofMillis(BOUND_MS));
                }
                long took = timeOf(kind, () -> s.recv(new byte[16], 0));
                assertTrue(took >= BOUND_MS - 20 && took <= BOUND_MS + SLACK_MS, "timed out after " + took + " ms");
            }
        }
    }

    /** {@code SO_SNDTIMEO} bounds a send that waits for room, on a virtual thread as on a platform thread. */
    @ParameterizedTest
    @ValueSource(strings = {"PLATFORM", "VIRTUAL"})
    void sendTimesOutWithSoSndtimeo(String kind) throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            byte[] chunk = new byte[4096];
            while (a.send(chunk, MSG_DONTWAIT) != PosixSocket.WOULD_BLOCK) {
                // fill
            }
            a.setOption(PosixSocketOptions.SO_SNDTIMEO, Duration.ofMillis(BOUND_MS));
            long took = timeOf(kind, () -> a.send(chunk, 0));
            assertTrue(took >= BOUND_MS - 20 && took <= BOUND_MS + SLACK_MS, "timed out after " + took + " ms");
        }
    }

    /** Runs {@code call} on a thread of {@code kind}, expects a timeout, and returns how long it took in ms. */
    private static long timeOf(String kind, ThrowingCall call) throws Exception {
        CompletableFuture<Long> took = new CompletableFuture<>();
        Runnable body = () -> {
            long start = System.nanoTime();
            try {
                call.run();
                took.completeExceptionally(new AssertionError("returned instead of timing out"));
            } catch (PosixTimeoutException expected) {
                took.complete((System.nanoTime() - start) / 1_000_000);
            } catch (Throwable e) {
                took.completeExceptionally(e);
            }
        };
        (kind.equals("VIRTUAL") ? Thread.ofVirtual() : Thread.ofPlatform()).start(body);
        return took.get(10, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    /**
     * A connect to a Unix listener whose backlog is full waits for room, as C's blocking connect does — on a
     * virtual thread in blocking mode, and with a timeout — and completes once the listener accepts.
     */
    @ParameterizedTest
    @CsvSource({"VIRTUAL, false", "PLATFORM, true", "VIRTUAL, true"})
    void unixConnectToAFullBacklogWaitsForRoom(String kind, boolean timeout) throws Exception {
        SockaddrUn name = SockaddrUn.abstractName("driver-backlog-" + System.nanoTime());
        try (PosixSocket listener = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            listener.bind(name);
            listener.listen(0);
            java.util.List<PosixSocket> fillers = new java.util.ArrayList<>();
            try {
                for (;;) {
                    PosixSocket c = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
                    fillers.add(c);
                    c.setBlocking(false);
                    try {
                        c.connect(name);
                    } catch (IOException full) {
                        assertEquals(Errno.EAGAIN, ((PosixError) full).errno());
                        break;
                    }
                }
                try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
                    if (timeout) {
                        s.setTimeout(Duration.ofSeconds(20));
                    }
                    CompletableFuture<Object> outcome = new CompletableFuture<>();
                    Runnable body = () -> {
                        try {
                            outcome.complete(s.connect(name));
                        } catch (Throwable e) {
                            outcome.complete(e);
                        }
                    };
                    (kind.equals("VIRTUAL") ? Thread.ofVirtual() : Thread.ofPlatform()).start(body);
                    Thread.sleep(300);
                    assertFalse(outcome.isDone(), "the connect did not wait for room: " + outcome.getNow(null));
                    for (int i = 0; i < fillers.size(); i++) {
                        PosixSocket accepted = listener.accept();
                        if (accepted != null) {
                            accepted.close();
                        }
                        if (outcome.isDone()) {
                            break;
                        }
                        Thread.sleep(20);
                    }
                    assertEquals(Boolean.TRUE, outcome.get(5, TimeUnit.SECONDS), "connected once there was room");
                }
            } finally {
                for (PosixSocket c : fillers) {
                    c.close();
                }
            }
        }
    }

    /**
     * {@code sendfile} on a virtual thread that must wait for room sends the whole file: its offset lives in a
     * slot of its own, which the poller's wait does not overwrite.
     */
    @Test
    void sendfileOnAVirtualThreadSendsTheWholeFile() throws Exception {
        byte[] content = new byte[4 << 20];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("file");
        Files.write(file, content);
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             OwnedFd in = OwnedFd.open(file)) {
            s.connect(SockaddrIn.loopback(server.getLocalPort()));
            try (Socket peer = server.accept()) {
                CompletableFuture<Long> sent = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        long total = 0;
                        while (total < content.length) {
                            long n = s.sendfile(in, total, content.length - total);
                            if (n <= 0) {
                                break;
                            }
                            total += n;
                        }
                        sent.complete(total);
                    } catch (Throwable e) {
                        sent.completeExceptionally(e);
                    }
                });
                InputStream from = peer.getInputStream();
                Thread.sleep(200); // let the send buffer fill, so that the sender waits
                byte[] got = from.readNBytes(content.length);
                assertEquals(content.length, sent.get(10, TimeUnit.SECONDS));
                assertArrayEquals(content, got);
            }
        }
    }

    /**
     * A record on a SOCK_SEQPACKET socket is sent and received whole from heap memory, also when the call had
     * to wait (through the blocking path) and when it is larger than the bounce buffer.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 65_536, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 19, 2 << 20, 4 << 20})
    void recordsAreNeverCut(int size) throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_SEQPACKET, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            a.setsockopt(SOL_SOCKET, SO_SNDBUFFORCE, 16 << 20);
            b.setsockopt(SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20);
            byte[] record = new byte[size];
            new Random(size).nextBytes(record);
            // Receive first, on a thread that has to wait; then send from the heap.
            byte[] into = new byte[(4 << 20) + 16];
            CompletableFuture<Integer> received = new CompletableFuture<>();
            Thread receiver = Thread.ofPlatform().start(() -> {
                try {
                    received.complete(b.recv(into, 0));
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                }
            });
            Thread.sleep(50);
            assertEquals(size, a.send(record, 0));
            assertEquals(size, received.get(10, TimeUnit.SECONDS));
            assertArrayEquals(record, java.util.Arrays.copyOf(into, size));
            receiver.join();
            // A heap ByteBuffer, received without waiting.
            assertEquals(size, a.send(ByteBuffer.wrap(record), 0));
            ByteBuffer buffer = ByteBuffer.allocate(size + 1);
            assertEquals(size, b.recv(buffer, 0));
            assertArrayEquals(record, java.util.Arrays.copyOf(buffer.array(), size));
        }
    }

    /**
     * A blocking gathering write on a stream sends everything, as C's does, on a virtual thread too (whose
     * non-blocking tries send part when the buffer is full): the bytes arrive whole and in the list's order.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PLATFORM", "VIRTUAL"})
    void aBlockingWritevSendsEverything(String kind) throws Exception {
        byte[] first = new byte[700_000];
        byte[] second = new byte[500_000];
        new Random(11).nextBytes(first);
        new Random(12).nextBytes(second);
        ByteBuffer direct = ByteBuffer.allocateDirect(second.length).put(second).flip();
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            CompletableFuture<Long> sent = new CompletableFuture<>();
            Runnable body = () -> {
                try {
                    sent.complete(a.writev(IoBuffer.of(first), IoBuffer.of(direct)));
                } catch (Throwable e) {
                    sent.completeExceptionally(e);
                }
            };
            (kind.equals("VIRTUAL") ? Thread.ofVirtual() : Thread.ofPlatform()).start(body);
            byte[] got = new byte[first.length + second.length];
            int at = 0;
            while (at < got.length) {
                Thread.sleep(1); // a slow reader, so that the writer has to wait
                int n = b.recv(got, at, Math.min(32_768, got.length - at), 0);
                assertTrue(n > 0, "end of stream after " + at);
                at += n;
            }
            assertEquals(got.length, sent.get(10, TimeUnit.SECONDS));
            assertArrayEquals(first, java.util.Arrays.copyOf(got, first.length));
            assertArrayEquals(second, java.util.Arrays.copyOfRange(got, first.length, got.length));
        }
    }

    /** A closed socket in a poll set reports {@code POLLNVAL} at once, whatever the timeout, as C's poll does. */
    @ParameterizedTest
    @ValueSource(ints = {3000, -1})
    void pollSetReportsAClosedSocketAtOnce(int timeoutMillis) throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        PosixSocket[] other = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket open = other[0]; PosixSocket openPeer = other[1]; PosixSocket closedPeer = pair[1]) {
            PollSet set = new PollSet();
            set.add(pair[0], POLLIN);
            set.add(open, POLLIN); // nothing to read: only the closed socket may be reported
            pair[0].close();
            long start = System.nanoTime();
            CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return set.poll(timeoutMillis);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(1, ready.get(2, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "poll waited");
            assertEquals(POLLNVAL, set.revents(0));
        }
    }

    /**
     * A call that fails with an unchecked exception inside the bracket (the linker refusing memory of a closed
     * arena, or of another thread's confined arena, while the descriptor is held) leaves no call counted in
     * flight: the socket is used again, and {@code close()} releases its number at once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"setsockopt closed", "setsockopt confined", "send closed", "recv closed",
        "send confined", "sendto closed address"})
    void anUncheckedFailureInsideACallLeavesNothingInFlight(String how) throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket peer = pair[1]) {
            PosixSocket s = pair[0];
            java.lang.foreign.Arena closed = java.lang.foreign.Arena.ofShared();
            java.lang.foreign.MemorySegment dead = closed.allocate(64);
            closed.close();
            CompletableFuture<java.lang.foreign.MemorySegment> other = new CompletableFuture<>();
            Thread owner = Thread.ofPlatform().start(() -> other.complete(java.lang.foreign.Arena.ofConfined().allocate(64)));
            owner.join();
            java.lang.foreign.MemorySegment foreign = other.get();
            Class<? extends RuntimeException> expected = how.endsWith("confined") ? WrongThreadException.class
                    : IllegalStateException.class;
            assertThrows(expected, () -> {
                switch (how) {
                    case "setsockopt closed" -> s.setsockopt(SOL_SOCKET, SocketConstants.SO_RCVBUF, dead);
                    case "setsockopt confined" -> s.setsockopt(SOL_SOCKET, SocketConstants.SO_RCVBUF, foreign);
                    case "send closed" -> s.send(dead, 0);
                    case "recv closed" -> s.recv(dead, 0);
                    case "send confined" -> s.send(foreign, 0);
                    case "sendto closed address" -> {
                        java.lang.foreign.Arena gone = java.lang.foreign.Arena.ofShared();
                        SockaddrStorage address = SockaddrStorage.allocate(gone);
                        gone.close();
                        s.sendto(new byte[1], 0, 1, 0, address);
                    }
                    default -> throw new AssertionError(how);
                }
            }, how);
            assertEquals(0, s.callsInFlight(), how + ": the failed call is still counted in flight");
            assertEquals(1, s.send(new byte[1], 0), how + ": the socket works after the failure");
            int fd = s.fileno();
            Path link = Path.of("/proc/self/fd/" + fd);
            String before = Files.readSymbolicLink(link).toString();
            long start = System.nanoTime();
            s.close();
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), how + ": close waited for a call");
            assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && Files.readSymbolicLink(link).toString().equals(before), how + ": close() left the socket open");
        }
    }

    /**
     * {@code createConnection}'s timeout stays on the socket, as in Python, yet a shorter {@code SO_RCVTIMEO} set
     * later still ends a wait at its own bound; {@code setTimeout(null)} removes the timeout.
     */
    @Test
    void createConnectionLeavesItsTimeoutSet() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             PosixSocket s = PosixSocket.createConnection("127.0.0.1", peer.getLocalPort(), Duration.ofSeconds(2))) {
            assertEquals(Duration.ofSeconds(2), s.getTimeout());
            try (Socket silent = peer.accept()) {
                s.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofMillis(BOUND_MS));
                for (String kind : new String[] {"PLATFORM", "VIRTUAL"}) {
                    long took = timeOf(kind, () -> s.recv(new byte[8], 0));
                    assertTrue(took >= BOUND_MS - 20 && took <= BOUND_MS + SLACK_MS,
                            kind + ": SO_RCVTIMEO under a 2 s timeout ended the wait after " + took + " ms");
                }
                s.setTimeout(null);
                s.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofMillis(BOUND_MS));
                assertThrows(PosixTimeoutException.class, () -> s.recv(new byte[8], 0));
            }
        }
    }
}
