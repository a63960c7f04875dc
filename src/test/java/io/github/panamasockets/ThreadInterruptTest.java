package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * {@link Thread#interrupt()} ends a wait as it does for the JDK's channels: a platform or virtual thread waiting
 * in {@code recv}, {@code accept} or {@code connect} (to a listener whose backlog is full) and then interrupted
 * gets {@link ClosedByInterruptException} within a second, the socket is closed, and the thread's interrupt
 * status is still set; so does a thread interrupted before a call that has to wait; in blocking mode and with
 * {@code setTimeout(5 s)}. A call that does not have to wait — data already queued — succeeds on an interrupted
 * thread and leaves the socket open and the status set: the interrupt is only looked at on the waiting path.
 * Fifty rounds of each, with no descriptor left behind.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadInterruptTest {
    private static final int ROUNDS = Boolean.getBoolean("panama.heavy") ? 500 : 50;
    private static final int WARM_UP = 2;
    private static final Duration WAKE_LIMIT = Duration.ofSeconds(1);
    private static final AtomicInteger THREADS = new AtomicInteger();

    enum Call { RECV, ACCEPT, CONNECT }

    enum Kind { PLATFORM, VIRTUAL }

    /** Blocking mode, or a timeout of five seconds: the two ways a call waits for as long as a test needs. */
    enum Mode {
        BLOCKING(null), TIMEOUT_5S(Duration.ofSeconds(5));

        final Duration timeout;

        Mode(Duration timeout) {
            this.timeout = timeout;
        }
    }

    private static PosixSocket listener;
    private static PosixSocket fullListener;
    private static PosixSocket backlogFiller;
    private static SockAddr fullAddress;

    @BeforeAll
    static void listeners() throws IOException {
        listener = AsyncCloseTest.tcpListener(64);
        fullListener = AsyncCloseTest.tcpListener(0);
        fullAddress = fullListener.getsockname();
        backlogFiller = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        backlogFiller.connect(fullAddress); // queued, never accepted: from now on the kernel drops SYNs to it
    }

    @AfterAll
    static void closeListeners() throws IOException {
        backlogFiller.close();
        fullListener.close();
        listener.close();
    }

    static Stream<Arguments> everyWait() {
        List<Arguments> cases = new ArrayList<>();
        for (Call call : Call.values()) {
            for (Kind kind : Kind.values()) {
                for (Mode mode : Mode.values()) {
                    cases.add(Arguments.of(call, kind, mode));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> everyThread() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Mode mode : Mode.values()) {
                cases.add(Arguments.of(kind, mode));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} thread, {2}")
    @MethodSource("everyWait")
    void anInterruptEndsAWait(Call call, Kind kind, Mode mode) throws Exception {
        Map<Integer, String> before = null;
        for (int round = -WARM_UP; round < ROUNDS; round++) {
            if (round == 0) {
                before = OpenFiles.byNumber();
            }
            try (Setup s = new Setup(call, mode)) {
                Outcome o = new Outcome();
                Thread t = start(kind, () -> o.run(call, s.target));
                String where = "round " + round + ", " + call + ", " + kind + " thread, " + mode;
                try {
                    if (!Waiting.awaitWaiting(s.target, 1, t, frameClass(kind, mode), frameMethod(call, kind, mode), 5, TimeUnit.SECONDS)) {
                        fail(where + ": the call never waited: " + Waiting.describe(t) + "\n  " + o);
                    }
                    long start = System.nanoTime();
                    t.interrupt();
                    boolean ended = t.join(WAKE_LIMIT);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(ended, () -> where + ": still waiting " + WAKE_LIMIT.toMillis() + " ms after the interrupt: " + Waiting.describe(t));
                    assertTrue(millis < WAKE_LIMIT.toMillis(), where + ": woke after " + millis + " ms");
                } finally {
                    if (t.isAlive()) {
                        s.close();
                        t.join(Duration.ofSeconds(5));
                    }
                }
                o.assertClosedByInterrupt(where, s.target);
                if (s.peer != null) {
                    s.peer.setTimeout(Duration.ofSeconds(5));
                    assertEquals(0, s.peer.recv(new byte[8], 0), where + ": the peer sees the connection closed");
                }
            }
        }
        OpenFiles.assertNoneLeft(before, call + ", " + kind + " thread, " + mode);
    }

    @ParameterizedTest(name = "{0}, {1} thread, {2}")
    @MethodSource("everyWait")
    void aThreadInterruptedBeforeACallThatMustWaitGetsClosedByInterrupt(Call call, Kind kind, Mode mode) throws Exception {
        Map<Integer, String> before = null;
        for (int round = -WARM_UP; round < ROUNDS; round++) {
            if (round == 0) {
                before = OpenFiles.byNumber();
            }
            try (Setup s = new Setup(call, mode)) {
                Outcome o = new Outcome();
                Thread t = start(kind, () -> {
                    Thread.currentThread().interrupt();
                    o.run(call, s.target);
                });
                String where = "round " + round + ", " + call + ", " + kind + " thread, " + mode;
                try {
                    assertTrue(t.join(WAKE_LIMIT), () -> where + ": the call waited in spite of the interrupt: " + Waiting.describe(t));
                } finally {
                    if (t.isAlive()) {
                        s.close();
                        t.join(Duration.ofSeconds(5));
                    }
                }
                o.assertClosedByInterrupt(where, s.target);
            }
        }
        OpenFiles.assertNoneLeft(before, call + ", " + kind + " thread, " + mode);
    }

    @ParameterizedTest(name = "{0} thread, {1}")
    @MethodSource("everyThread")
    void aCallThatNeedNotWaitSucceedsOnAnInterruptedThread(Kind kind, Mode mode) throws Exception {
        byte[] message = "already here".getBytes(StandardCharsets.US_ASCII);
        Map<Integer, String> before = null;
        for (int round = -WARM_UP; round < ROUNDS; round++) {
            if (round == 0) {
                before = OpenFiles.byNumber();
            }
            try (Setup s = new Setup(Call.RECV, mode)) {
                assertEquals(message.length, s.peer.send(message, 0));
                AtomicReference<Object> got = new AtomicReference<>();
                AtomicBoolean stillInterrupted = new AtomicBoolean();
                Thread t = start(kind, () -> {
                    Thread.currentThread().interrupt();
                    try {
                        byte[] buf = new byte[64];
                        int n = s.target.recv(buf, 0);
                        got.set(Arrays.copyOf(buf, n));
                    } catch (Throwable e) {
                        got.set(e);
                    }
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                });
                String where = "round " + round + ", " + kind + " thread, " + mode;
                assertTrue(t.join(Duration.ofSeconds(5)), where);
                if (!(got.get() instanceof byte[] bytes)) {
                    throw new AssertionError(where + ": the data was there, yet recv gave " + got.get());
                }
                assertArrayEquals(message, bytes, where);
                assertTrue(stillInterrupted.get(), where + ": the interrupt status is left set");
                assertFalse(s.target.isClosed(), where + ": the socket stays open");
                assertEquals(message.length, s.target.send(message, 0), where + ": and usable");
            }
        }
        OpenFiles.assertNoneLeft(before, "recv with data queued, " + kind + " thread, " + mode);
    }

    /** Where the thread is expected to wait: inside the C call, in poll, or in the poller. */
    private static String frameClass(Kind kind, Mode mode) {
        return kind == Kind.VIRTUAL ? Waiting.POLLER : Waiting.LIBC;
    }

    private static String frameMethod(Call call, Kind kind, Mode mode) {
        if (kind == Kind.VIRTUAL) {
            return "park";
        }
        if (mode == Mode.TIMEOUT_5S) {
            return "poll";
        }
        return switch (call) {
            case RECV -> "recv";
            case ACCEPT -> "accept4";
            case CONNECT -> "connect";
        };
    }

    /** The socket a call waits on, in the given mode, and the peer where there is one. */
    private static final class Setup implements AutoCloseable {
        final PosixSocket target;
        PosixSocket peer;
        private final List<PosixSocket> sockets = new ArrayList<>();

        Setup(Call call, Mode mode) throws IOException {
            switch (call) {
                case RECV -> {
                    target = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
                    target.connect(listener.getsockname());
                    peer = keep(listener.accept());
                }
                case ACCEPT -> target = keep(AsyncCloseTest.tcpListener(4));
                default -> target = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
            }
            target.setTimeout(mode.timeout);
        }

        private PosixSocket keep(PosixSocket s) {
            sockets.add(s);
            return s;
        }

        @Override
        public void close() throws IOException {
            for (PosixSocket s : sockets) {
                s.close();
            }
        }
    }

    /** What the call did, seen from the thread that made it. */
    private static final class Outcome {
        volatile Object returned;
        volatile Throwable thrown;
        volatile boolean interruptedAfter;
        volatile boolean done;

        void run(Call call, PosixSocket s) {
            try {
                returned = switch (call) {
                    case RECV -> s.recv(new byte[64], 0);
                    case ACCEPT -> s.accept();
                    case CONNECT -> s.connect(fullAddress);
                };
            } catch (Throwable e) {
                thrown = e;
            }
            interruptedAfter = Thread.currentThread().isInterrupted();
            done = true;
        }

        void assertClosedByInterrupt(String where, PosixSocket target) {
            assertTrue(done, where);
            if (thrown == null || thrown.getClass() != ClosedByInterruptException.class) {
                throw new AssertionError(where + ": expected ClosedByInterruptException, got " + this, thrown);
            }
            assertTrue(interruptedAfter, where + ": the interrupt status is still set");
            assertTrue(target.isClosed(), where + ": the interrupt closed the socket");
            assertEquals(0, target.callsInFlight(), where + ": no call is left in flight");
            assertThrows(SocketClosedException.class, () -> target.getsockname(), where);
        }

        @Override
        public String toString() {
            return "returned " + returned + ", threw " + thrown + ", interrupted after " + interruptedAfter;
        }
    }

    private static Thread start(Kind kind, Runnable body) {
        String name = "in" + THREADS.incrementAndGet();
        return kind == Kind.VIRTUAL ? Thread.ofVirtual().name(name).start(body)
                : Thread.ofPlatform().name(name).daemon().start(body);
    }
}
