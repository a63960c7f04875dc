package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.MSG_WAITFORONE;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of wait, ended every way: {wait} × {platform, virtual thread} × {owned, shared before the wait,
 * shared during it} × {blocking, {@code setTimeout}, {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}} × {close from
 * another thread, interrupt}. The waiter must end within a second with {@link ClosedWhileBlockedException} (close)
 * or {@link ClosedByInterruptException} (interrupt), the timeouts — set long — must not be what ends it, and a
 * datagram blocked on a full receiver must not be delivered after {@code close()} returned. The normal run takes
 * a fixed sample of the matrix; {@code -Dpanama.heavy=true} runs all of it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WakeUpMatrixTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    private static final int SAMPLE = 48;
    private static final int TIMEOUT_SAMPLE = 12;
    private static final long TIMEOUT_MS = 400;
    private static final long TIMEOUT_SLACK_MS = 250;
    private static final long WAKE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger NAMES = new AtomicInteger();

    enum Wait {
        ACCEPT, TCP_CONNECT, UNIX_CONNECT, SEND_TCP, SENDMSG_UNIX_STREAM, SENDTO_UNIX_DGRAM, SENDTO_UNIX_DGRAM_CONNECTED,
        RECV_TCP, RECVFROM_UDP, RECVMSG_UNIX, SENDFILE, RECVMMSG,
        SENDMSG_TCP, SEND_UNIX_STREAM, SENDMSG_UNIX_DGRAM
    }

    enum Kind { PLATFORM, VIRTUAL }

    enum Sharing { OWNED, SHARED_BEFORE, SHARED_DURING }

    enum Mode { BLOCKING, TIMEOUT, SO_TIMEO }

    enum Ender { CLOSE, INTERRUPT }

    @TempDir
    static Path dir;

    private static PosixSocket fullTcpListener;
    private static PosixSocket backlogFiller;
    private static SockAddr fullTcpAddress;
    private static Path file;

    /** A TCP listener whose queue is full, so that a connect to it waits (its SYNs are dropped). */
    @BeforeAll
    static void setUp() throws IOException {
        fullTcpListener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        fullTcpListener.bind(SockaddrIn.loopback(0));
        fullTcpListener.listen(0);
        fullTcpAddress = fullTcpListener.getsockname();
        backlogFiller = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        backlogFiller.connect(fullTcpAddress);
        file = dir.resolve("payload");
        Files.write(file, new byte[4 << 20]);
    }

    @AfterAll
    static void tearDown() throws IOException {
        backlogFiller.close();
        fullTcpListener.close();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (Wait w : Wait.values()) {
            for (Kind k : Kind.values()) {
                for (Sharing s : Sharing.values()) {
                    for (Mode m : Mode.values()) {
                        for (Ender e : Ender.values()) {
                            all.add(Arguments.of(w, k, s, m, e));
                        }
                    }
                }
            }
        }
        if (HEAVY) {
            return all.stream();
        }
        // A fixed sample, so that a failure is reproduced by the next run; every wait appears several times.
        java.util.Collections.shuffle(all, new Random(20261204L));
        return all.stream().limit(SAMPLE);
    }

    @ParameterizedTest(name = "{0}, {1} thread, {2}, {3}, {4}")
    @MethodSource("matrix")
    void everyWaitEnds(Wait wait, Kind kind, Sharing sharing, Mode mode, Ender ender) throws Exception {
        String where = wait + ", " + kind + " thread, " + sharing + ", " + mode + ", " + ender + ": ";
        try (Setup setup = new Setup(wait)) {
            PosixSocket s = setup.target;
            if (sharing == Sharing.SHARED_BEFORE) {
                s.fileno();
            }
            switch (mode) {
                case TIMEOUT -> s.setTimeout(LONG_TIMEOUT);
                case SO_TIMEO -> {
                    s.setOption(PosixSocketOptions.SO_RCVTIMEO, LONG_TIMEOUT);
                    s.setOption(PosixSocketOptions.SO_SNDTIMEO, LONG_TIMEOUT);
                }
                default -> { }
            }
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Runnable body = () -> {
                try {
                    setup.op.run(s);
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            };
            Thread t = (kind == Kind.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform().daemon())
                    .name("wake-" + NAMES.incrementAndGet()).start(body);
            assertTrue(awaitAsleep(s, t), where + "the call never waited: " + outcome.getNow(null));
            PosixSocket copy = null;
            if (sharing == Sharing.SHARED_DURING) {
                copy = s.dup();
                setup.closeLater(copy);
                Thread.sleep(20); // the waiter stays where it was: inside the kernel, or parked
                assertTrue(!outcome.isDone(), where + "sharing the socket ended the wait: " + outcome.getNow(null));
            }
            long start = System.nanoTime();
            if (ender == Ender.CLOSE) {
                s.close();
            } else {
                t.interrupt();
            }
            long closedAt = System.nanoTime();
            Throwable e;
            try {
                e = outcome.get(WAKE_LIMIT_NANOS + TimeUnit.SECONDS.toNanos(4), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException hung) {
                s.close();
                fail(where + "the waiter was never woken; it is in " + java.util.Arrays.toString(t.getStackTrace()));
                return;
            }
            long took = System.nanoTime() - start;
            assertTrue(took < WAKE_LIMIT_NANOS, where + "woken after " + took / 1_000_000 + " ms");
            if (ender == Ender.CLOSE) {
                assertInstanceOf(ClosedWhileBlockedException.class, e, where);
            } else {
                assertInstanceOf(ClosedByInterruptException.class, e, where);
                assertTrue(s.isClosed(), "the interrupt closed the socket");
            }
            t.join(TimeUnit.SECONDS.toMillis(5));
            setup.afterClose(closedAt);
            setup.nothingMovedAfterClose(copy);
        }
    }

    static Stream<Arguments> timeouts() {
        List<Arguments> all = new ArrayList<>();
        for (Wait w : Wait.values()) {
            for (Kind k : Kind.values()) {
                for (Sharing s : new Sharing[] {Sharing.OWNED, Sharing.SHARED_BEFORE}) {
                    for (Mode m : new Mode[] {Mode.TIMEOUT, Mode.SO_TIMEO}) {
                        boolean connect = w == Wait.TCP_CONNECT || w == Wait.UNIX_CONNECT;
                        if (connect && s == Sharing.SHARED_BEFORE && m == Mode.TIMEOUT) {
                            continue; // a known limit: a shared blocking descriptor connects inside connect(2)
                        }
                        all.add(Arguments.of(w, k, s, m));
                    }
                }
            }
        }
        if (HEAVY) {
            return all.stream();
        }
        java.util.Collections.shuffle(all, new Random(20261205L));
        return all.stream().limit(TIMEOUT_SAMPLE);
    }

    /**
     * Every kind of wait ends at its timeout, within {@value #TIMEOUT_SLACK_MS} ms after it and not before it:
     * {@code setTimeout} and {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}, on platform and virtual threads, on owned
     * sockets and on sockets shared before the wait ({@code fileno()}), where the wait is for readiness rather
     * than inside the kernel. A datagram whose send timed out on a full receiver is not delivered later.
     */
    @ParameterizedTest(name = "{0}, {1} thread, {2}, {3}")
    @MethodSource("timeouts")
    void everyTimeoutFiresWithinItsBound(Wait wait, Kind kind, Sharing sharing, Mode mode) throws Exception {
        String where = wait + ", " + kind + " thread, " + sharing + ", " + mode + ": ";
        try (Setup setup = new Setup(wait)) {
            PosixSocket s = setup.target;
            if (sharing == Sharing.SHARED_BEFORE) {
                s.fileno();
            }
            Duration bound = Duration.ofMillis(TIMEOUT_MS);
            if (mode == Mode.TIMEOUT) {
                s.setTimeout(bound);
            } else {
                s.setOption(PosixSocketOptions.SO_RCVTIMEO, bound);
                s.setOption(PosixSocketOptions.SO_SNDTIMEO, bound);
            }
            CompletableFuture<Long> took = new CompletableFuture<>();
            Runnable body = () -> {
                long start = System.nanoTime();
                try {
                    setup.op.run(s);
                    took.completeExceptionally(new AssertionError("the call returned instead of timing out"));
                } catch (PosixTimeoutException expected) {
                    took.complete((System.nanoTime() - start) / 1_000_000);
                } catch (Throwable e) {
                    took.completeExceptionally(e);
                }
            };
            (kind == Kind.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform().daemon())
                    .name("timeout-" + NAMES.incrementAndGet()).start(body);
            long ms;
            try {
                ms = took.get(TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException hung) {
                s.close();
                fail(where + "the timeout of " + TIMEOUT_MS + " ms never fired");
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(where + "not a PosixTimeoutException: " + e.getCause(), e.getCause());
            }
            assertTrue(ms >= TIMEOUT_MS - 20 && ms <= TIMEOUT_MS + TIMEOUT_SLACK_MS,
                    where + "timed out after " + ms + " ms for " + TIMEOUT_MS + " ms");
            setup.afterClose(System.nanoTime());
        }
    }

    /**
     * Platform threads asleep in the kernel, virtual threads parked — or held inside a C call on their carrier,
     * as a connect on a shared blocking descriptor is: the call has started its wait.
     */
    private static boolean awaitAsleep(PosixSocket s, Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            if (s.callsInFlight() >= 1 && waiting(t)) {
                Thread.sleep(30); // and is still there: not between two attempts
                if (s.callsInFlight() >= 1 && waiting(t)) {
                    return true;
                }
            }
            Thread.sleep(2);
        }
        return false;
    }

    private static boolean waiting(Thread t) {
        return Waiting.asleep(t) || (t.isVirtual() && t.getState() == Thread.State.RUNNABLE
                && Waiting.hasFrame(t, Waiting.LIBC, "connect"));
    }

    @FunctionalInterface
    interface Op {
        void run(PosixSocket s) throws Exception;
    }

    /** The socket one wait happens on, what the wait is, and what must hold after the close. */
    private static final class Setup implements AutoCloseable {
        final List<AutoCloseable> resources = new ArrayList<>();
        PosixSocket target;
        Op op;
        PosixSocket receiver;
        int queued;
        final Wait wait;
        /** The other end of a stream the wait is on, or null. */
        PosixSocket peer;
        /** Bytes queued on a stream before a send waited behind them. */
        long filled;
        /** Where the listener of an accept listens. */
        SockAddr listening;

        Setup(Wait wait) throws IOException {
            this.wait = wait;
            switch (wait) {
                case ACCEPT -> {
                    target = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
                    target.bind(SockaddrIn.loopback(0));
                    target.listen(4);
                    listening = target.getsockname();
                    op = PosixSocket::accept;
                }
                case TCP_CONNECT -> {
                    target = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
                    op = s -> s.connect(fullTcpAddress);
                }
                case UNIX_CONNECT -> {
                    PosixSocket listener = keep(PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0));
                    SockaddrUn name = SockaddrUn.abstractName("wake-matrix-" + NAMES.incrementAndGet());
                    listener.bind(name);
                    listener.listen(0);
                    fillUnixBacklog(name);
                    target = keep(PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0));
                    op = s -> s.connect(name);
                }
                case SEND_TCP, SENDMSG_TCP, SENDFILE -> {
                    PosixSocket[] pair = tcpPair();
                    target = pair[0];
                    peer = pair[1];
                    filled = fill(target);
                    if (wait == Wait.SEND_TCP) {
                        op = s -> s.send(new byte[1 << 16], 0);
                    } else if (wait == Wait.SENDMSG_TCP) {
                        op = s -> s.sendmsg(List.of(IoBuffer.of(new byte[1 << 16])), List.of(), 0, null);
                    } else {
                        OwnedFd in = OwnedFd.open(file);
                        resources.add(in);
                        op = s -> s.sendfile(in, 0, 4 << 20);
                    }
                }
                case SENDMSG_UNIX_STREAM, SEND_UNIX_STREAM -> {
                    PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                    keep(pair[0]);
                    keep(pair[1]);
                    target = pair[0];
                    peer = pair[1];
                    filled = fill(target);
                    op = wait == Wait.SEND_UNIX_STREAM ? s -> s.send(new byte[1 << 16], 0)
                            : s -> s.sendmsg(List.of(IoBuffer.of(new byte[1 << 16])), List.of(), 0, null);
                }
                case SENDTO_UNIX_DGRAM, SENDTO_UNIX_DGRAM_CONNECTED, SENDMSG_UNIX_DGRAM -> {
                    receiver = keep(PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0));
                    SockaddrUn name = SockaddrUn.abstractName("wake-matrix-" + NAMES.incrementAndGet());
                    receiver.bind(name);
                    target = keep(PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0));
                    byte[] datagram = new byte[64];
                    if (wait == Wait.SENDTO_UNIX_DGRAM_CONNECTED) {
                        target.connect(name);
                        while (target.send(datagram, MSG_DONTWAIT) != PosixSocket.WOULD_BLOCK) {
                            queued++;
                        }
                        op = s -> s.send(datagram, 0);
                    } else {
                        while (target.sendto(datagram, 0, datagram.length, MSG_DONTWAIT, name) != PosixSocket.WOULD_BLOCK) {
                            queued++;
                        }
                        op = wait == Wait.SENDMSG_UNIX_DGRAM
                                ? s -> s.sendmsg(List.of(IoBuffer.of(datagram)), List.of(), 0, name)
                                : s -> s.sendto(datagram, 0, datagram.length, 0, name);
                    }
                }
                case RECV_TCP -> {
                    PosixSocket[] pair = tcpPair();
                    target = pair[0];
                    peer = pair[1];
                    op = s -> s.recv(new byte[64], 0);
                }
                case RECVFROM_UDP, RECVMMSG -> {
                    target = keep(PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
                    target.bind(SockaddrIn.loopback(0));
                    if (wait == Wait.RECVFROM_UDP) {
                        op = s -> s.recvfrom(new byte[64], 0, 64, 0, null);
                    } else {
                        MmsgBatch batch = MmsgBatch.allocate(4, 64);
                        op = s -> s.recvmmsg(batch, MSG_WAITFORONE);
                    }
                }
                case RECVMSG_UNIX -> {
                    PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                    keep(pair[0]);
                    keep(pair[1]);
                    target = pair[0];
                    peer = pair[1];
                    op = s -> s.recvmsg(List.of(IoBuffer.of(new byte[64])), 0, 0);
                }
                default -> throw new AssertionError(wait);
            }
        }

        /** After close returned: a datagram that waited on a full receiver was not delivered. */
        void afterClose(long closedAt) throws IOException {
            if (receiver != null) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                int drained = 0;
                byte[] b = new byte[64];
                while (receiver.recv(b, MSG_DONTWAIT) != PosixSocket.WOULD_BLOCK) {
                    drained++;
                }
                assertEquals(queued, drained, "datagrams delivered: the one blocked at close() must not arrive");
            }
        }

        /**
         * After close returned: nothing the waiter was sending reached the peer (it got exactly the bytes queued
         * before the wait), and, when a copy of the socket made during the wait is still open, what arrives
         * afterwards is the copy's: the woken waiter took nothing.
         */
        void nothingMovedAfterClose(PosixSocket copy) throws Exception {
            if (filled > 0) {
                assertEquals(filled, drain(peer), "bytes the peer received: those queued before the wait, and"
                        + " nothing of the send that close() ended");
            }
            if (copy == null) {
                portIsFree();
                return;
            }
            copy.setTimeout(Duration.ofSeconds(2));
            byte[] message = "after close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            switch (wait) {
                case RECV_TCP, RECVMSG_UNIX -> {
                    assertEquals(message.length, peer.send(message, 0));
                    byte[] got = new byte[64];
                    assertEquals(message.length, copy.recv(got, 0), "the copy receives what came after close()");
                    assertEquals(new String(message, java.nio.charset.StandardCharsets.US_ASCII),
                            new String(got, 0, message.length, java.nio.charset.StandardCharsets.US_ASCII));
                }
                case RECVFROM_UDP, RECVMMSG -> {
                    try (PosixSocket sender = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)) {
                        sender.sendto(message, 0, message.length, 0, copy.getsockname());
                    }
                    byte[] got = new byte[64];
                    assertEquals(message.length, copy.recv(got, 0), "the copy receives the datagram sent after close()");
                }
                case ACCEPT -> {
                    PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                    client.connect(copy.getsockname());
                    try (PosixSocket accepted = copy.accept()) {
                        assertTrue(accepted != null, "the copy accepts the connection made after close()");
                        client.close(); // first, so that the TIME_WAIT is the client's, not on the listener's port
                        assertEquals(0, accepted.recv(new byte[1], 0), "the client's end of stream");
                    } finally {
                        client.close();
                    }
                    copy.close();
                    portIsFree();
                }
                default -> { }
            }
        }

        /** Once every holder of a listener closed it, its port is free: the woken accept does not keep it bound. */
        private void portIsFree() throws IOException {
            if (listening == null) {
                return;
            }
            try (PosixSocket again = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
                // SO_REUSEADDR for the TIME_WAIT of a connection accepted on the port; Linux still refuses the
                // bind (EADDRINUSE) while a listening socket holds the port.
                again.setsockopt(SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1);
                try {
                    again.bind(listening);
                } catch (PosixBindException inUse) {
                    Process ss = new ProcessBuilder("ss", "-tanpe").redirectErrorStream(true).start();
                    String port = ":" + ((SockaddrIn) listening).port();
                    String held = new String(ss.getInputStream().readAllBytes()).lines()
                            .filter(l -> l.contains(port)).collect(java.util.stream.Collectors.joining("\n"));
                    throw new AssertionError("the port is still held after every holder closed it:\n" + held, inUse);
                }
                again.listen(1);
            }
        }

        /** Reads a stream until end of stream or until nothing has come for 300 ms. @return the bytes read */
        private static long drain(PosixSocket from) throws Exception {
            byte[] b = new byte[65_536];
            long total = 0;
            long quietSince = System.nanoTime();
            for (;;) {
                int n = from.recv(b, MSG_DONTWAIT);
                if (n == 0) {
                    return total;
                }
                if (n > 0) {
                    total += n;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(300)) {
                    return total;
                } else {
                    Thread.sleep(5);
                }
            }
        }

        private PosixSocket[] tcpPair() throws IOException {
            PosixSocket listener = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            PosixSocket a = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
            a.connect(listener.getsockname());
            PosixSocket b = keep(listener.accept());
            b.setsockopt(SOL_SOCKET, SocketConstants.SO_RCVBUF, 4096); // a window that stays small and closes
            return new PosixSocket[] {a, b};
        }

        /**
         * Fills the send path until not a byte fits, also after what was in flight has reached the peer.
         * @return the bytes queued
         */
        private static long fill(PosixSocket s) throws IOException {
            s.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
            byte[] chunk = new byte[4096];
            long total = 0;
            for (int round = 0; round < 200; round++) {
                long sent = 0;
                for (int i = 0; i < 100_000; i++) {
                    int n = s.send(chunk, 0, sent > 0 && i > 64 ? 1 : chunk.length, MSG_DONTWAIT);
                    if (n == PosixSocket.WOULD_BLOCK) {
                        break;
                    }
                    sent += n;
                }
                total += sent;
                if (sent == 0 && round > 0) {
                    return total; // nothing moved since the last round: the peer's window is closed too
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return total;
        }

        private void fillUnixBacklog(SockaddrUn name) throws IOException {
            for (int i = 0; i < 16; i++) {
                PosixSocket c = keep(PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0));
                c.setBlocking(false);
                try {
                    c.connect(name);
                } catch (IOException full) {
                    if (full instanceof PosixError p && p.errno() == Errno.EAGAIN) {
                        return;
                    }
                    throw full;
                }
            }
            throw new AssertionError("the backlog never filled");
        }

        private PosixSocket keep(PosixSocket s) {
            resources.add(s);
            return s;
        }

        void closeLater(AutoCloseable c) {
            resources.add(c);
        }

        @Override
        public void close() throws Exception {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }
}
