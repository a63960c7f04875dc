package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_RCVBUF;
import static io.github.panamasockets.SocketConstants.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A close from another thread wakes every thread waiting in a call on the socket, and the call throws
 * {@link ClosedWhileBlockedException} within one second: {@code accept}, {@code connect} (to a listener whose
 * backlog is full, so that its SYN is dropped and the connect waits), {@code recv}, {@code send} (into a socket
 * whose peer reads nothing, filled first), {@code recvfrom} on UDP, {@code recvmsg} and {@code sendmsg}; on
 * platform and virtual threads; on sockets that are the library's own and on shared ones (made shared with
 * {@code dup}, with {@code fileno} — the copy made with {@code fromfd} — or by being passed with
 * {@code SCM_RIGHTS}), 200 rounds of each (1,000 with {@code -Dpanama.heavy=true}), stopping at the first
 * failure.
 *
 * <p>That the thread waits is known from the socket's own count of calls in flight, the thread's state and the
 * frame it waits in, never from a sleep; and the frame proves the path: a platform thread on the library's own
 * socket waits inside the C call (and is woken by {@code shutdown(2)}), one on a shared socket in {@code poll}
 * beside the socket's wake-up eventfd, a virtual thread in the library's poller. For a shared socket the close
 * must not end the socket for its other holders: afterwards the copy still accepts, still connects (its
 * {@code TCP_INFO} state is still {@code SYN_SENT}), still sends and receives, and its peer gets every byte.
 * No descriptor is left behind. A second test closes at random moments around the start of a call, where a
 * close can come before the call has registered its wait, and requires that the call never sleeps through it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncCloseTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    private static final int ROUNDS = HEAVY ? 1000 : 200;
    private static final int RACE_ROUNDS = HEAVY ? 5000 : 500;
    private static final int WARM_UP = 3;
    private static final Duration WAKE_LIMIT = Duration.ofSeconds(1);
    private static final Duration PROOF_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** The calls that wait, with the name their exception carries and the {@code Libc} wrapper they wait in. */
    enum Call {
        ACCEPT("accept", "accept4"), CONNECT("connect", "connect"), RECV("recv", "recv"), SEND("send", "send"),
        RECVFROM("recvfrom", "recvfrom"), RECVMSG("recvmsg", "recvmsg"), SENDMSG("sendmsg", "sendmsg");

        final String call;
        final String libc;

        Call(String call, String libc) {
            this.call = call;
            this.libc = libc;
        }
    }

    /** Whose descriptor: the library's own, or shared with other holders. */
    enum Sharing { OWNED, SHARED }

    /** Which kind of thread waits. */
    enum Kind { PLATFORM, VIRTUAL }

    private static PosixSocket fullListener;
    private static PosixSocket backlogFiller;
    private static SockAddr fullAddress;

    /**
     * A listener with {@code listen(0)} and one connection nobody accepts: its queue is full, so the kernel
     * drops every further SYN and a connect to it waits (the SYN is retransmitted after one second, three, ...).
     */
    @BeforeAll
    static void fillABacklog() throws IOException {
        fullListener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        fullListener.bind(SockaddrIn.loopback(0));
        fullListener.listen(0);
        fullAddress = fullListener.getsockname();
        backlogFiller = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        backlogFiller.connect(fullAddress);
        try (PosixSocket probe = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            probe.setTimeout(Duration.ofMillis(300));
            assertThrows(PosixTimeoutException.class, () -> probe.connect(fullAddress),
                    "the backlog is full: a connect to it does not complete");
        }
    }

    @AfterAll
    static void closeTheFullListener() throws IOException {
        backlogFiller.close();
        fullListener.close();
    }

    static Stream<Arguments> everyCall() {
        List<Arguments> cases = new ArrayList<>();
        for (Call call : Call.values()) {
            for (Sharing sharing : Sharing.values()) {
                for (Kind kind : Kind.values()) {
                    cases.add(Arguments.of(call, sharing, kind));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on an {1} socket, {2} thread")
    @MethodSource("everyCall")
    void closeWakesTheWaitingCall(Call call, Sharing sharing, Kind kind) throws Exception {
        try (Arena arena = Arena.ofShared(); PosixSocket tcpListener = tcpListener(64)) {
            Map<Integer, String> before = null;
            for (int round = -WARM_UP; round < ROUNDS; round++) {
                if (round == 0) {
                    // The warm-up made what lives as long as the JVM: the poller's epoll descriptors and threads.
                    before = OpenFiles.byNumber();
                }
                try (Round r = new Round(call, sharing, round, tcpListener, arena)) {
                    r.closeWhileWaiting(kind);
                }
            }
            OpenFiles.assertNoneLeft(before, call + " on an " + sharing + " socket, " + kind + " thread");
        }
    }

    /** The sockets of one round: the one the call waits on, its peer and, when shared, a copy. */
    private static final class Round implements AutoCloseable {
        final Call call;
        final Sharing sharing;
        final int round;
        final List<PosixSocket> sockets = new ArrayList<>();
        PosixSocket target;
        PosixSocket peer;
        PosixSocket copy;
        SockAddr address;
        long filled;
        Op op;

        Round(Call call, Sharing sharing, int round, PosixSocket tcpListener, Arena arena) throws IOException {
            this.call = call;
            this.sharing = sharing;
            this.round = round;
            int bufferKind = Math.floorMod(round, 4);
            switch (call) {
                case ACCEPT -> {
                    target = keep(tcpListener(4));
                    address = target.getsockname();
                    op = s -> s.accept();
                }
                case CONNECT -> {
                    // A shared descriptor keeps its flags, and a shared socket's connect follows them: it waits for
                    // readiness (and can be woken) only on a non-blocking descriptor. Blocking mode is set after
                    // sharing, so the descriptor stays non-blocking while the socket is in blocking mode.
                    target = keep(PosixSocket.socket(AF_INET, SOCK_STREAM | (sharing == Sharing.SHARED ? SOCK_NONBLOCK : 0), IPPROTO_TCP));
                    op = s -> s.connect(fullAddress);
                }
                case RECV -> {
                    target = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
                    target.connect(tcpListener.getsockname());
                    peer = keep(tcpListener.accept());
                    op = switch (bufferKind) {
                        case 0 -> s -> s.recv(new byte[64], 0);
                        case 1 -> s -> s.recv(ByteBuffer.allocate(64), 0);
                        case 2 -> s -> s.recv(ByteBuffer.allocateDirect(64), 0);
                        default -> {
                            MemorySegment m = arena.allocate(64);
                            yield s -> s.recv(m, 0);
                        }
                    };
                }
                case SEND, SENDMSG -> {
                    // Unix stream sockets: the sender's buffer empties only as the peer reads, so once a send
                    // without waiting finds it full it stays full. (Over TCP, late ACKs free space now and then,
                    // and a send that got some bytes out returns their count when the close ends it, as C's does.)
                    PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                    target = keep(pair[0]);
                    peer = keep(pair[1]);
                    target.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
                    peer.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096);
                    filled = fill(target);
                    int size = 64 * 1024;
                    if (call == Call.SEND) {
                        op = switch (bufferKind) {
                            case 0 -> s -> s.send(new byte[size], 0);
                            case 1 -> s -> s.send(ByteBuffer.allocate(size), 0);
                            case 2 -> s -> s.send(ByteBuffer.allocateDirect(size), 0);
                            default -> {
                                MemorySegment m = arena.allocate(size);
                                yield s -> s.send(m, 0);
                            }
                        };
                    } else {
                        IoBuffer data = bufferKind % 2 == 0 ? IoBuffer.of(new byte[size]) : IoBuffer.of(arena.allocate(size));
                        op = s -> s.sendmsg(List.of(data), List.of(), 0, null);
                    }
                }
                case RECVFROM -> {
                    target = keep(PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
                    target.bind(SockaddrIn.loopback(0));
                    address = target.getsockname();
                    SockaddrStorage from = SockaddrStorage.allocate();
                    op = bufferKind % 2 == 0 ? s -> s.recvfrom(new byte[64], 0, 64, 0, from)
                            : s -> s.recvfrom(ByteBuffer.allocateDirect(64), 0, from);
                }
                case RECVMSG -> {
                    PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                    target = keep(pair[0]);
                    peer = keep(pair[1]);
                    int control = (int) ControlMessages.spaceForFds(2);
                    op = s -> s.recvmsg(List.of(IoBuffer.of(new byte[16]), IoBuffer.of(ByteBuffer.allocateDirect(16))), control, 0);
                }
            }
            if (sharing == Sharing.SHARED) {
                copy = keep(share(target, round));
                if (call == Call.CONNECT) {
                    target.setTimeout(null);
                }
            }
        }

        private PosixSocket keep(PosixSocket s) {
            sockets.add(s);
            return s;
        }

        /** Starts the call, waits until it waits, closes, and checks what the call and the other holders saw. */
        void closeWhileWaiting(Kind kind) throws Exception {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean returned = new AtomicBoolean();
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = start(kind, () -> {
                try {
                    result.set(op.on(target));
                    returned.set(true);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            String where = "round " + round + ", " + call + " on an " + sharing + " socket, " + kind + " thread";
            try {
                String frameClass = kind == Kind.VIRTUAL ? Waiting.POLLER : Waiting.LIBC;
                // A platform thread in blocking mode waits inside the call itself, shared socket or not (a close
                // signals it); a shared socket's non-blocking descriptor makes connect wait in poll instead, and
                // so does every call where no signal can be sent.
                boolean inPoll = !io.github.panamasockets.internal.WakeSignal.AVAILABLE
                        || (sharing == Sharing.SHARED && call == Call.CONNECT);
                String frameMethod = kind == Kind.VIRTUAL ? "park" : inPoll ? "poll" : call.libc;
                if (!Waiting.awaitWaiting(target, 1, t, frameClass, frameMethod, 5, TimeUnit.SECONDS)) {
                    fail(where + ": the call never waited in " + frameClass + "." + frameMethod + ": " + Waiting.describe(t)
                            + "\n  calls in flight " + target.callsInFlight() + ", returned " + returned.get() + " "
                            + result.get() + ", threw " + thrown.get());
                }
                long start = System.nanoTime();
                target.close();
                boolean ended = t.join(WAKE_LIMIT);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(ended, () -> where + ": still waiting " + WAKE_LIMIT.toMillis() + " ms after close: " + Waiting.describe(t));
                assertFalse(returned.get(), () -> where + ": the call returned " + result.get() + " instead of throwing");
                Throwable e = thrown.get();
                assertNotNull(e, where);
                if (e.getClass() != ClosedWhileBlockedException.class) {
                    throw new AssertionError(where + ": expected ClosedWhileBlockedException, got " + e, e);
                }
                ClosedWhileBlockedException closed = (ClosedWhileBlockedException) e;
                assertEquals(call.call, closed.call(), where);
                assertEquals(Errno.EBADF, closed.errno(), where);
                assertTrue(millis < WAKE_LIMIT.toMillis(), where + ": woke after " + millis + " ms");
                assertTrue(target.isClosed(), where);
                assertEquals(0, target.callsInFlight(), where + ": no call is left in flight");
            } finally {
                // Not isAlive(): join can report the thread terminated a moment before isAlive() turns false.
                if (t.getState() != Thread.State.TERMINATED) {
                    close(); // let a thread that failed to wake go, so the next test starts clean
                    t.join(Duration.ofSeconds(5));
                }
            }
            if (sharing == Sharing.SHARED) {
                proveTheCopyStillWorks(where);
            } else {
                provePeerSawTheEnd(where);
            }
        }

        /** The close of one holder left the socket alone for the others: the copy carries on. */
        private void proveTheCopyStillWorks(String where) throws IOException {
            copy.setTimeout(PROOF_TIMEOUT);
            switch (call) {
                case ACCEPT -> {
                    try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
                        client.connect(address);
                        try (PosixSocket accepted = copy.accept()) {
                            assertNotNull(accepted, where + ": the copy still accepts");
                            accepted.setTimeout(PROOF_TIMEOUT);
                            client.setTimeout(PROOF_TIMEOUT);
                            exchange(accepted, client, where);
                        }
                    }
                }
                case CONNECT -> {
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment info = arena.allocate(256);
                        copy.getsockopt(IPPROTO_TCP, SocketConstants.TCP_INFO, info);
                        assertEquals(SocketConstants.TCP_SYN_SENT, info.get(ValueLayout.JAVA_BYTE, 0),
                                where + ": the copy's connection attempt goes on (tcpi_state SYN_SENT, not CLOSE)");
                    }
                }
                case RECV, RECVMSG -> {
                    peer.setTimeout(PROOF_TIMEOUT);
                    exchange(copy, peer, where);
                }
                case SEND, SENDMSG -> {
                    peer.setTimeout(PROOF_TIMEOUT);
                    assertEquals(filled, drain(peer, filled), where + ": the peer got what was queued before the call");
                    exchange(copy, peer, where); // and nothing of the call that was woken: the next bytes are the copy's
                }
                case RECVFROM -> {
                    try (PosixSocket other = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)) {
                        other.bind(SockaddrIn.loopback(0));
                        other.setTimeout(PROOF_TIMEOUT);
                        assertEquals(PING.length, other.sendto(PING, 0, PING.length, 0, address));
                        SockaddrStorage from = SockaddrStorage.allocate();
                        byte[] got = new byte[16];
                        int n = copy.recvfrom(got, 0, got.length, 0, from);
                        assertArrayEquals(PING, Arrays.copyOf(got, n), where + ": the copy still receives");
                        assertEquals(other.getsockname().toString(), from.decode().toString(), where);
                        assertEquals(PONG.length, copy.sendto(PONG, 0, PONG.length, 0, from.decode()));
                        n = other.recv(got, 0);
                        assertArrayEquals(PONG, Arrays.copyOf(got, n), where + ": and still sends");
                    }
                }
            }
        }

        /** The library's own socket was closed for good: its peer sees the end of the stream, after what was queued. */
        private void provePeerSawTheEnd(String where) throws IOException {
            if (peer == null) {
                return;
            }
            peer.setTimeout(PROOF_TIMEOUT);
            if (filled > 0) {
                assertEquals(filled, drain(peer, filled), where + ": the peer got what was queued before the call");
            }
            assertEquals(0, peer.recv(new byte[64], 0), where + ": then the end of the stream, and nothing of the woken call");
        }

        @Override
        public void close() throws IOException {
            for (PosixSocket s : sockets) {
                s.close();
            }
        }
    }

    /** A call on a socket, as the thread under test makes it. */
    @FunctionalInterface
    private interface Op {
        Object on(PosixSocket s) throws Exception;
    }

    private static Thread start(Kind kind, Runnable body) {
        String name = "ac" + THREADS.incrementAndGet(); // unique, and short enough for the kernel's 15-byte comm
        return kind == Kind.VIRTUAL ? Thread.ofVirtual().name(name).start(body)
                : Thread.ofPlatform().name(name).daemon().start(body);
    }

    /**
     * Another holder of {@code s}: a {@code dup}, a {@code fromfd} of its {@code fileno}, or a descriptor passed
     * over a Unix socket with {@code SCM_RIGHTS} — each makes {@code s} shared.
     */
    static PosixSocket share(PosixSocket s, int round) throws IOException {
        switch (Math.floorMod(round, 3)) {
            case 0:
                return s.dup();
            case 1:
                return PosixSocket.fromfd(s.fileno());
            default:
                PosixSocket[] carrier = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                try {
                    assertEquals(1, carrier[0].sendFds(List.of(IoBuffer.of(new byte[] {1})), List.of(s)));
                    RecvFdsResult got = carrier[1].recvFds(1, 1);
                    assertEquals(1, got.fds().size(), "one descriptor passed");
                    return got.fds().get(0).toSocket();
                } finally {
                    carrier[0].close();
                    carrier[1].close();
                }
        }
    }

    static PosixSocket tcpListener(int backlog) throws IOException {
        PosixSocket l = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        try {
            l.bind(SockaddrIn.loopback(0));
            l.listen(backlog);
            return l;
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** Sends without waiting until the socket's buffer is full, to the byte. @return the bytes queued */
    static long fill(PosixSocket s) throws IOException {
        long queued = 0;
        byte[] chunk = new byte[1024];
        for (int size : new int[] {1024, 1}) {
            int n;
            while ((n = s.send(chunk, 0, size, MSG_DONTWAIT)) != PosixSocket.WOULD_BLOCK) {
                queued += n;
            }
        }
        assertTrue(queued > 0, "something was queued");
        assertEquals(PosixSocket.WOULD_BLOCK, s.send(chunk, 0, 1, MSG_DONTWAIT), "the buffer is full");
        return queued;
    }

    /** Receives exactly {@code count} bytes. @return the count received */
    static long drain(PosixSocket s, long count) throws IOException {
        byte[] buf = new byte[8192];
        long got = 0;
        while (got < count) {
            int n = s.recv(buf, 0, (int) Math.min(buf.length, count - got), 0);
            if (n <= 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    /** {@code a} sends "ping" and {@code b} receives it; {@code b} sends "pong" and {@code a} receives it. */
    static void exchange(PosixSocket a, PosixSocket b, String where) throws IOException {
        assertEquals(PING.length, a.send(PING, 0), where);
        assertArrayEquals(PING, receive(b, PING.length), where + ": ping arrives");
        assertEquals(PONG.length, b.send(PONG, 0), where);
        assertArrayEquals(PONG, receive(a, PONG.length), where + ": pong arrives");
    }

    private static byte[] receive(PosixSocket s, int count) throws IOException {
        byte[] got = new byte[count];
        int off = 0;
        while (off < count) {
            int n = s.recv(got, off, count - off, 0);
            if (n <= 0) {
                fail("the stream ended after " + off + " of " + count + " bytes");
            }
            off += n;
        }
        return got;
    }

    // ---------------------------------------------------------------------------------------------------------
    // A close racing with the start of the call

    static Stream<Arguments> racingCalls() {
        List<Arguments> cases = new ArrayList<>();
        for (Call call : new Call[] {Call.RECV, Call.ACCEPT}) {
            for (Sharing sharing : Sharing.values()) {
                for (Kind kind : Kind.values()) {
                    cases.add(Arguments.of(call, sharing, kind));
                }
            }
        }
        return cases.stream();
    }

    /**
     * The close comes at a random moment within some tens of microseconds of the call's start: before the call,
     * while it registers its wait (before a shared socket's eventfd exists, before a virtual thread is in the
     * poller's list), or while it waits. Whenever it comes, the call ends within a second with
     * {@link SocketClosedException} (closed before it began) or {@link ClosedWhileBlockedException}.
     */
    @ParameterizedTest(name = "{0} on an {1} socket, {2} thread")
    @MethodSource("racingCalls")
    void aCloseRacingWithTheStartOfACallNeverGoesUnnoticed(Call call, Sharing sharing, Kind kind) throws Exception {
        Map<Integer, String> before = null;
        int woken = 0;
        int beforeTheCall = 0;
        for (int round = -WARM_UP; round < RACE_ROUNDS; round++) {
            if (round == 0) {
                before = OpenFiles.byNumber();
                woken = 0;
                beforeTheCall = 0;
            }
            List<PosixSocket> sockets = new ArrayList<>();
            try {
                PosixSocket target;
                Op op;
                if (call == Call.RECV) {
                    PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                    sockets.addAll(List.of(pair));
                    target = pair[0];
                    op = s -> s.recv(new byte[16], 0);
                } else {
                    target = tcpListener(4);
                    sockets.add(target);
                    op = s -> s.accept();
                }
                if (sharing == Sharing.SHARED) {
                    sockets.add(share(target, round));
                }
                AtomicBoolean started = new AtomicBoolean();
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                AtomicReference<Object> returned = new AtomicReference<>();
                Thread t = start(kind, () -> {
                    started.set(true);
                    try {
                        returned.set(op.on(target));
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!started.get() && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                long spinUntil = System.nanoTime() + ThreadLocalRandom.current().nextLong(40_000);
                while (System.nanoTime() - spinUntil < 0) {
                    Thread.onSpinWait();
                }
                target.close();
                String where = "round " + round;
                if (!t.join(WAKE_LIMIT)) {
                    String state = Waiting.describe(t);
                    for (PosixSocket s : sockets) {
                        s.close();
                    }
                    t.join(Duration.ofSeconds(5));
                    fail(where + ": the call slept through a close that came as it started: " + state);
                }
                assertEquals(null, returned.get(), where + ": the call returned");
                Throwable e = thrown.get();
                if (e instanceof ClosedWhileBlockedException) {
                    woken++;
                } else if (e != null && e.getClass() == SocketClosedException.class) {
                    beforeTheCall++;
                } else {
                    throw new AssertionError(where + ": expected a SocketClosedException, got " + e, e);
                }
                assertEquals(0, target.callsInFlight(), where);
            } finally {
                for (PosixSocket s : sockets) {
                    s.close();
                }
            }
        }
        assertTrue(woken > 0, "some closes came while the call was in progress (" + woken + " of " + RACE_ROUNDS
                + ", " + beforeTheCall + " before it began)");
        OpenFiles.assertNoneLeft(before, call + " on an " + sharing + " socket, " + kind + " thread");
    }
}
