package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.EPOLLIN;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.POLLIN;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.panamasockets.internal.FaultInjection;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal that interrupts a call (EINTR) is retried by the call's wrapper, invisibly to the caller: for every
 * retried call — {@code send}, {@code recv}, {@code sendto}, {@code recvfrom}, {@code read}, {@code write},
 * {@code poll}, {@code epoll_wait}, {@code sendmsg}, {@code recvmsg}, {@code sendfile} — three EINTRs are
 * injected through {@link FaultInjection} (a JVM thread blocked in a downcall cannot reliably be sent a signal
 * from Java), and the test checks that the call then ran for real and returned the right result, and that the
 * wrapper made exactly four calls: three interrupted, one real.
 *
 * <p>{@code read} and {@code write} are issued as such only on the blocking path (the first, non-blocking attempt
 * is a {@code recv}/{@code send} with {@code MSG_DONTWAIT}), so there an injected {@code EAGAIN} on the first
 * attempt sends the call down that path; likewise for the {@code poll} of a call with a timeout.
 *
 * <p>{@code accept4} is in {@link ErrnoMappingTest} ({@code acceptInterruptedBySignalsIsRetriedAndReturnsTheConnection}),
 * with the two calls that must not be retried: {@code connect} (it waits for the connection instead) and
 * {@code close} (Linux has released the descriptor already).
 */
// Faults are per thread: the default thread mode keeps each test, and its @AfterEach, on one thread.
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EintrRetryTest {
    private static final byte[] DATA = "delivered after three signals".getBytes(StandardCharsets.US_ASCII);

    @AfterEach
    void clearFaults() {
        FaultInjection.clear();
    }

    private interface Scenario {
        Object run() throws IOException;
    }

    /** Injects three EINTRs into {@code call}, runs the scenario, and checks four calls were made, all faults used. */
    private static Object interruptedThrice(String call, Scenario scenario) throws IOException {
        FaultInjection.enable();
        long before = FaultInjection.calls(call);
        FaultInjection.inject(call, -1, Errno.EINTR, 3);
        Object result = scenario.run();
        assertEquals(0, FaultInjection.pending(call), call + ": every EINTR was consumed");
        assertEquals(4, FaultInjection.calls(call) - before, call + ": three interrupted calls and the real one");
        return result;
    }

    private static PosixSocket[] streamPair() throws IOException {
        return PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
    }

    private static byte[] received(PosixSocket s) throws IOException {
        byte[] buf = new byte[256];
        int n = s.recv(buf, SocketConstants.MSG_DONTWAIT);
        return Arrays.copyOf(buf, Math.max(n, 0));
    }

    @Test
    void send() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]) {
            assertEquals(DATA.length, interruptedThrice("send", () -> a.send(DATA, 0)));
            assertArrayEquals(DATA, received(b));
        }
    }

    @Test
    void recv() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]) {
            b.send(DATA, 0);
            byte[] buf = new byte[256];
            int n = (int) interruptedThrice("recv", () -> a.recv(buf, 0));
            assertArrayEquals(DATA, Arrays.copyOf(buf, n));
        }
    }

    @Test
    void sendtoAndRecvfrom() throws IOException {
        try (PosixSocket sender = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
             PosixSocket receiver = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)) {
            receiver.bind(SockaddrIn.loopback(0));
            sender.bind(SockaddrIn.loopback(0));
            SockAddr to = receiver.getsockname();
            assertEquals(DATA.length, interruptedThrice("sendto", () -> sender.sendto(DATA, 0, DATA.length, 0, to)));
            byte[] buf = new byte[256];
            SockaddrStorage from = SockaddrStorage.allocate();
            int n = (int) interruptedThrice("recvfrom", () -> receiver.recvfrom(buf, 0, buf.length, 0, from));
            assertArrayEquals(DATA, Arrays.copyOf(buf, n));
            assertEquals(sender.getsockname(), from.decode());
        }
    }

    @Test
    void readOnTheBlockingPath() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]; Arena arena = Arena.ofConfined()) {
            b.send(DATA, 0);
            MemorySegment buf = arena.allocate(256);
            FaultInjection.inject("recv", -1, Errno.EAGAIN, 1); // the non-blocking first try "finds nothing"
            int n = (int) interruptedThrice("read", () -> a.read(buf));
            assertArrayEquals(DATA, buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void writeOnTheBlockingPath() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]; Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, DATA);
            FaultInjection.inject("send", -1, Errno.EAGAIN, 1); // the non-blocking first try "finds no room"
            assertEquals(DATA.length, interruptedThrice("write", () -> a.write(data)));
            assertArrayEquals(DATA, received(b));
        }
    }

    @Test
    void pollOfACallWithATimeout() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]) {
            a.setTimeout(Duration.ofSeconds(5));
            b.send(DATA, 0);
            // A wait's poll is not retried on EINTR: it returns to the call driver, which looks at the socket (a
            // close signals its waiters) and tries the call again. Each EAGAIN sends the call back to poll.
            FaultInjection.enable();
            FaultInjection.inject("recv", -1, Errno.EAGAIN, 3);
            FaultInjection.inject("poll", -1, Errno.EINTR, 3);
            byte[] buf = new byte[256];
            int n = a.recv(buf, 0);
            assertArrayEquals(DATA, Arrays.copyOf(buf, n));
            assertEquals(0, FaultInjection.pending("poll"), "every EINTR reached a poll");
            assertEquals(0, FaultInjection.pending("recv"), "and every EAGAIN a recv");
        }
    }

    @Test
    void pollOfAPollSet() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]) {
            b.send(DATA, 0);
            PollSet set = new PollSet();
            set.add(a, POLLIN);
            assertEquals(1, interruptedThrice("poll", () -> set.poll(5_000)));
            assertEquals(POLLIN, set.revents(a) & POLLIN);
        }
    }

    @Test
    void epollWait() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]; Epoll epoll = Epoll.create()) {
            epoll.add(a, EPOLLIN, 42);
            b.send(DATA, 0);
            Epoll.EpollEvents events = new Epoll.EpollEvents(4);
            assertEquals(1, interruptedThrice("epoll_wait", () -> epoll.epoll_wait(events, 5_000)));
            assertEquals(42, events.data(0));
        }
    }

    @Test
    void sendmsgAndRecvmsg() throws IOException {
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]) {
            assertEquals(DATA.length, interruptedThrice("sendmsg",
                    () -> a.sendmsg(List.of(IoBuffer.of(DATA)), List.of(), 0, null)));
            byte[] buf = new byte[256];
            MsgResult r = (MsgResult) interruptedThrice("recvmsg", () -> b.recvmsg(List.of(IoBuffer.of(buf)), 0, 0));
            assertArrayEquals(DATA, Arrays.copyOf(buf, r.bytes()));
        }
    }

    @Test
    void sendfile(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("data"), DATA);
        PosixSocket[] p = streamPair();
        try (PosixSocket a = p[0]; PosixSocket b = p[1]; OwnedFd in = OwnedFd.open(file)) {
            assertEquals((long) DATA.length, interruptedThrice("sendfile", () -> a.sendfile(in, 0, DATA.length)));
            assertArrayEquals(DATA, received(b));
        }
    }
}
