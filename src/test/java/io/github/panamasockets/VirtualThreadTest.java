package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocking calls on virtual threads park instead of pinning their carrier. In a JVM of its own whose scheduler
 * has exactly one carrier thread, a hundred virtual threads wait in {@code recv} on a hundred socket pairs, and
 * still another virtual thread runs and sends to each of them, and each receives its message — impossible if
 * any of them held the carrier inside {@code recv(2)}. In this JVM: many virtual threads waiting on one socket
 * at once are all served, with no datagram lost and none of them stranded (they share one registration in the
 * poller, which they arm, join and leave concurrently); and a non-blocking {@code accept} on a shared listener
 * sees a pending connection on a virtual thread as it does on a platform thread.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualThreadTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");

    @Test
    void aHundredVirtualThreadsWaitingInRecvLeaveTheirOnlyCarrierFree() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), VirtualThreadParkingMain.class,
                List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"),
                List.of("100"), Duration.ofSeconds(90));
        assertFalse(r.timedOut(), r::report);
        assertEquals(0, r.exitCode(), r::report);
        assertTrue(r.output().contains("parallelism=1 maxPoolSize=1"), r::report);
        assertTrue(r.output().contains("waiting=100"), r::report);
        assertTrue(r.output().contains("received=100"), r::report);
        assertTrue(r.output().contains("carriers=1 "), () -> "every virtual thread ran on the one carrier: " + r.report());
    }

    /**
     * Rounds of a fresh socket pair and a crowd of virtual threads set loose on it at once, so that they register
     * with the poller together (the first registration of a descriptor races with the others), then a stream of
     * datagrams that wakes them again and again as they come and go, then one stop datagram for each.
     */
    @Test
    void manyVirtualThreadsWaitingOnOneSocketAreAllServed() throws Exception {
        int receivers = 16;
        int datagrams = 2_000;
        int rounds = HEAVY ? 2000 : 200;
        Map<Integer, String> before = null;
        for (int round = -1; round < rounds; round++) {
            if (round == 0) {
                before = OpenFiles.byNumber();
            }
            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
            try (PosixSocket rx = pair[0]; PosixSocket tx = pair[1]) {
                AtomicInteger data = new AtomicInteger();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < receivers; i++) {
                    threads.add(Thread.ofVirtual().name("rx-" + i).start(() -> {
                        byte[] buf = new byte[8];
                        try {
                            go.await();
                            for (;;) {
                                int n = rx.recv(buf, 0);
                                if (n != 1) {
                                    throw new AssertionError("a datagram of one byte, not " + n);
                                }
                                if (buf[0] == 'S') {
                                    return;
                                }
                                data.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                go.countDown();
                // A Unix datagram sender waits while the receiver's queue is full, so nothing is dropped.
                for (int i = 0; i < datagrams; i++) {
                    tx.send(new byte[] {'d'}, 0);
                }
                for (int i = 0; i < receivers; i++) {
                    tx.send(new byte[] {'S'}, 0);
                }
                int stranded = 0;
                for (Thread t : threads) {
                    if (!t.join(Duration.ofSeconds(10))) {
                        stranded++;
                    }
                }
                String where = "round " + round;
                if (failure.get() != null) {
                    throw new AssertionError(where + ": a receiver failed", failure.get());
                }
                assertEquals(0, stranded, where + ": receivers still waiting after the stop datagrams were sent");
                assertEquals(datagrams, data.get(), where + ": every datagram was received once");
                assertEquals(0, rx.callsInFlight(), where);
            }
        }
        OpenFiles.assertNoneLeft(before, "many virtual threads on one socket");
    }

    /** Calls a virtual thread waits in, on the library's own or a shared socket. */
    enum Waits { CONNECT_OWNED, CONNECT_SHARED, ACCEPT_OWNED, ACCEPT_SHARED, RECV_SHARED, SEND_OWNED }

    /**
     * A parked thread may be unparked for no reason, and then the poller's wake-up is only a hint: a virtual
     * thread unparked while it waits goes back to waiting in the poller — a connect still in progress is not
     * reported as made, an accept on a shared (blocking) descriptor does not go on into {@code accept4(2)} with
     * nothing pending, where it would hold its carrier — and a close still ends the wait.
     */
    @ParameterizedTest
    @EnumSource(Waits.class)
    void aVirtualThreadUnparkedForNoReasonGoesBackToWaiting(Waits waits) throws Exception {
        int rounds = HEAVY ? 200 : 20;
        try (PosixSocket full = AsyncCloseTest.tcpListener(0);
             PosixSocket filler = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            filler.connect(full.getsockname()); // the backlog is full: further connects to it wait
            for (int round = 0; round < rounds; round++) {
                List<PosixSocket> sockets = new ArrayList<>();
                try {
                    PosixSocket target;
                    Op op;
                    switch (waits) {
                        case CONNECT_OWNED, CONNECT_SHARED -> {
                            boolean shared = waits == Waits.CONNECT_SHARED;
                            target = PosixSocket.socket(AF_INET, SOCK_STREAM | (shared ? SOCK_NONBLOCK : 0), IPPROTO_TCP);
                            sockets.add(target);
                            if (shared) {
                                sockets.add(AsyncCloseTest.share(target, round));
                                target.setTimeout(null);
                            }
                            SockAddr address = full.getsockname();
                            op = s -> s.connect(address);
                        }
                        case ACCEPT_OWNED, ACCEPT_SHARED -> {
                            target = AsyncCloseTest.tcpListener(4);
                            sockets.add(target);
                            if (waits == Waits.ACCEPT_SHARED) {
                                sockets.add(AsyncCloseTest.share(target, round));
                            }
                            op = s -> s.accept();
                        }
                        case RECV_SHARED -> {
                            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                            sockets.addAll(List.of(pair));
                            target = pair[0];
                            sockets.add(AsyncCloseTest.share(target, round));
                            op = s -> s.recv(new byte[16], 0);
                        }
                        default -> {
                            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                            sockets.addAll(List.of(pair));
                            target = pair[0];
                            target.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
                            AsyncCloseTest.fill(target);
                            op = s -> s.send(new byte[4096], 0);
                        }
                    }
                    AtomicReference<Object> outcome = new AtomicReference<>();
                    Thread t = Thread.ofVirtual().name("spurious-" + round).start(() -> {
                        try {
                            outcome.set(op.on(target));
                        } catch (Throwable e) {
                            outcome.set(e);
                        }
                    });
                    String where = waits + ", round " + round;
                    assertTrue(Waiting.awaitWaiting(target, 1, t, Waiting.POLLER, "park", 5, TimeUnit.SECONDS),
                            () -> where + ": never waited: " + Waiting.describe(t) + ", " + outcome.get());
                    for (int i = 0; i < 3; i++) {
                        LockSupport.unpark(t);
                        Thread.sleep(5); // time for the unparked thread to run and look
                        assertTrue(Waiting.awaitWaiting(target, 1, t, Waiting.POLLER, "park", 5, TimeUnit.SECONDS),
                                () -> where + ": after an unpark for no reason the call did not go back to waiting: "
                                        + Waiting.describe(t) + ", outcome " + outcome.get());
                    }
                    target.close();
                    assertTrue(t.join(Duration.ofSeconds(1)), () -> where + ": the close did not end the wait");
                    assertInstanceOf(ClosedWhileBlockedException.class, outcome.get(), where);
                } finally {
                    for (PosixSocket s : sockets) {
                        s.close();
                    }
                }
            }
        }
    }

    /** A call on a socket. */
    @FunctionalInterface
    private interface Op {
        Object on(PosixSocket s) throws Exception;
    }

    @Test
    void nonBlockingAcceptOnASharedListenerSeesAPendingConnectionOnAVirtualThread() throws Exception {
        for (boolean virtual : new boolean[] {true, false}) {
            try (PosixSocket listener = AsyncCloseTest.tcpListener(4);
                 PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
                listener.fileno(); // shared: its descriptor stays blocking, and non-blocking mode looks before accepting
                listener.setBlocking(false);
                AtomicReference<Object> first = new AtomicReference<>();
                AtomicReference<Object> second = new AtomicReference<>();
                Runnable acceptTwice = () -> {
                    try {
                        first.set(String.valueOf(listener.accept()));  // nothing pending yet
                        client.connect(listener.getsockname());
                        PosixSocket accepted = null;
                        for (int i = 0; i < 1000 && accepted == null; i++) { // the connection is queued at once on loopback
                            accepted = listener.accept();
                        }
                        second.set(accepted);
                    } catch (Throwable e) {
                        second.set(e);
                    }
                };
                Thread t = virtual ? Thread.ofVirtual().start(acceptTwice) : Thread.ofPlatform().start(acceptTwice);
                assertTrue(t.join(Duration.ofSeconds(10)));
                String kind = virtual ? "virtual" : "platform";
                assertEquals("null", first.get(), kind + ": nothing pending, accept returns null at once");
                assertNotNull(second.get(), kind + ": the pending connection is accepted");
                if (!(second.get() instanceof PosixSocket accepted)) {
                    throw new AssertionError(kind + ": accept threw", (Throwable) second.get());
                }
                try (accepted) {
                    assertEquals(client.getsockname().toString(), accepted.getpeername().toString(), kind);
                }
                assertNull(listener.accept(), kind + ": and nothing more is pending");
            }
        }
    }

    /**
     * The poller finds a descriptor's waiters by its number. Once a socket that virtual threads waited on is
     * closed, its number goes to the next socket; that socket's waits must be woken by its own readiness, and the
     * old socket's registration must neither linger nor take the new one's place when it is dropped.
     */
    @Test
    void aNumberReusedAfterAWaitIsWokenForItsNewSocket() throws Exception {
        for (int round = 0; round < 20; round++) {
            PosixSocket[] old = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
            int number = old[0].handle().number();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    old[0].setTimeout(Duration.ofMillis(2));
                    old[0].recv(new byte[1], 0);
                } catch (PosixTimeoutException expected) {
                    // registered with the poller, and left
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(waiter.join(Duration.ofSeconds(5)));
            old[0].close();
            old[1].close();
            PosixSocket[] fresh = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
            try (PosixSocket a = fresh[0]; PosixSocket b = fresh[1]) {
                PosixSocket reader = a.handle().number() == number ? a : b;
                PosixSocket writer = reader == a ? b : a;
                assertEquals(number, reader.handle().number(), "the kernel gives the lowest free number");
                AtomicReference<Object> got = new AtomicReference<>();
                Thread r = Thread.ofVirtual().start(() -> {
                    try {
                        byte[] one = new byte[1];
                        got.set(reader.recv(one, 0) == 1 ? one[0] : "end of stream");
                    } catch (Throwable e) {
                        got.set(e);
                    }
                });
                assertTrue(Waiting.awaitWaiting(reader, 1, r, Waiting.POLLER, "park", 5, TimeUnit.SECONDS),
                        () -> "never waited: " + Waiting.describe(r));
                writer.send(new byte[] {42}, 0);
                assertTrue(r.join(Duration.ofSeconds(5)), "the new socket's reader was not woken by its data");
                assertEquals((byte) 42, got.get());
            }
        }
    }

    /** More threads than fit in the first chunk of waiter slots accept on one listener; each gets a connection. */
    @Test
    void tenVirtualThreadsAcceptingOnOneListenerAreAllServed() throws Exception {
        int n = 10;
        try (PosixSocket listener = Loopback.tcpListener()) {
            List<Thread> acceptors = new ArrayList<>();
            AtomicInteger accepted = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < n; i++) {
                acceptors.add(Thread.ofVirtual().start(() -> {
                    try (PosixSocket s = listener.accept()) {
                        accepted.incrementAndGet();
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (listener.callsInFlight() < n && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(n, listener.callsInFlight(), "every acceptor waits");
            List<java.net.Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    clients.add(new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), Loopback.local(listener).getPort()));
                }
                for (Thread t : acceptors) {
                    assertTrue(t.join(Duration.ofSeconds(5)), "an acceptor was stranded");
                }
            } finally {
                for (java.net.Socket c : clients) {
                    c.close();
                }
            }
            assertNull(failure.get());
            assertEquals(n, accepted.get());
        }
    }

    /**
     * Waits and closes racing, round after round: virtual threads start waiting on a fresh pair (the first wait
     * in each direction adds the registration, the later ones re-arm it) while another thread closes it at a
     * moment that varies, so that arming meets the close's removal of the registration in every order. Every
     * wait must end soon after the close, with the close's exception or a timeout, and the numbers, reused
     * from round to round, must serve the next round's waits.
     */
    @Test
    void waitsRacingACloseAllEndRoundAfterRound() throws Exception {
        int rounds = HEAVY ? 2000 : 300;
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < rounds; round++) {
            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
            List<Thread> waiters = new ArrayList<>();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            for (int i = 0; i < 4; i++) {
                boolean timed = i % 2 == 1;
                waiters.add(Thread.ofVirtual().start(() -> {
                    try {
                        if (timed) {
                            pair[0].setTimeout(Duration.ofMillis(1 + random.nextInt(3)));
                        }
                        pair[0].recv(new byte[1], 0);
                        unexpected.set(new AssertionError("a recv returned although nothing was sent"));
                    } catch (SocketClosedException | PosixTimeoutException expected) {
                        // ended by the close, or by its own deadline
                    } catch (Throwable e) {
                        unexpected.set(e);
                    }
                }));
            }
            int pause = random.nextInt(200);
            long until = System.nanoTime() + pause * 1_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            pair[0].close();
            pair[1].close();
            for (Thread t : waiters) {
                assertTrue(t.join(Duration.ofSeconds(5)), "round " + round + ": a wait outlived the close");
            }
            int r = round;
            assertNull(unexpected.get(), () -> "round " + r + ": " + unexpected.get());
        }
    }

    /**
     * A wait on a virtual thread throws nothing and allocates nothing of the library's own: in a JVM of its own
     * ({@link VirtualWaitCostMain}), ping-pong between two virtual threads, where every receive parks in the
     * poller, allocates per round trip no more than the same exchange over the JDK's {@code SocketChannel} does
     * (whose only allocation is the JDK's own, unparking a virtual thread), and the JVM's exception log names no
     * method of the library. A per-wait allocation (a set or a map entry per wait, as the poller once made)
     * would show as about a hundred bytes more per round trip; an exception thrown and caught in the normal
     * course of a wait would show in the log. Up to three JVMs, since the JDK's downcall adapter may allocate
     * in an occasional compilation whatever the caller does (see {@link BatchAllocationMain}).
     */
    @Test
    void aWaitOnAVirtualThreadThrowsNothingAndAllocatesNoMoreThanNios(@TempDir Path dir) throws Exception {
        StringBuilder reports = new StringBuilder();
        for (int jvm = 0; jvm < 3; jvm++) {
            Path log = dir.resolve("exceptions-" + jvm + ".log");
            List<String> command = ChildJvm.patchedIntoModule(VirtualWaitCostMain.class, "--add-modules", "jdk.management",
                    "-Xlog:exceptions=info:file=" + log);
            try (ChildJvm child = ChildJvm.start(command, dir, "wait-cost-" + jvm)) {
                child.awaitSuccess();
                // "thrown in <interpreter|compiled> method <... in 'io/github/panamasockets/...'>": a throw that
                // passed through the library's code (the log's other lines about the library are the JIT's
                // linkage attempts, not throws).
                List<String> throwsInLibrary = Files.readAllLines(log).stream()
                        .filter(l -> l.contains("thrown in") && l.contains("'io/github/panamasockets/")).toList();
                assertTrue(throwsInLibrary.isEmpty(), () -> throwsInLibrary.size() + " exceptions thrown in the library's "
                        + "code, the first: " + throwsInLibrary.getFirst().strip() + child.report());
                String line = child.output().lines().filter(l -> l.startsWith("library=")).findFirst().orElseThrow(
                        () -> new AssertionError("no measurement" + child.report()));
                String[] parts = line.split("[= ]");
                long library = Long.parseLong(parts[1]);
                long nio = Long.parseLong(parts[3]);
                if (library <= nio) {
                    return;
                }
                reports.append("\nJVM ").append(jvm).append(": ").append(line).append(child.report());
            }
        }
        fail("a round trip of waits on virtual threads allocated more than NIO's in each of three JVMs:" + reports);
    }

    /**
     * A virtual thread that waits again on a descriptor whose poller registration is still enabled makes no
     * system call to do so: in a JVM of its own ({@link VirtualWaitSyscallsMain}) with every C call traced, two
     * virtual threads play ping-pong, and the trace shows far fewer {@code epoll_ctl} calls on the two sockets
     * than receives that found nothing and waited. A registration re-armed by every wait (as one-shot
     * registrations are, and as the JDK's are) shows at least one per such receive. Some remain: the first wait
     * of each socket, and a reply that arrives before its receiver is back (tracing slows every call), whose
     * registration the poller disables and the next wait enables again.
     */
    @Test
    void aWaitOnAVirtualThreadWhoseRegistrationIsEnabledMakesNoEpollCtl() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), VirtualWaitSyscallsMain.class, List.of("-Dpanama.trace=true"),
                List.of("400"), Duration.ofSeconds(90));
        assertFalse(r.timedOut(), r::report);
        assertEquals(0, r.exitCode(), r::report);
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("fds=(\\d+),(\\d+) rounds=").matcher(r.output());
        assertTrue(done.find(), r::report);
        List<String> sockets = List.of(done.group(1), done.group(2));
        int waits = countOnSockets(r.output(), "recv\\((\\d+), .* = -1 EAGAIN", sockets);
        int calls = countOnSockets(r.output(), "epoll_ctl\\(\\d+, EPOLL_CTL_[A-Z]+, (\\d+),", sockets);
        assertTrue(waits > 100, () -> "too few receives waited (" + waits + ") to tell: " + r.report());
        assertTrue(calls > 0, () -> "the trace shows no registration at all: " + r.report());
        assertTrue(calls * 4 < waits * 3, () -> calls + " epoll_ctl calls on the two sockets for " + waits + " waits");
    }

    /** How many lines of {@code output} match {@code regex}, whose group 1 is one of the descriptors. */
    private static int countOnSockets(String output, String regex, List<String> fds) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(output);
        int n = 0;
        while (m.find()) {
            if (fds.contains(m.group(1))) {
                n++;
            }
        }
        return n;
    }

    /**
     * A poller registration stays enabled from wait to wait, and one that reports readiness while nobody waits is
     * disabled by the poller and enabled again by the next wait. Bytes sent one at a time at random moments to a
     * reader that pauses at random between its receives — so that they arrive while it waits, while it works, and
     * as it is about to wait — all arrive, and no receive is left waiting for an event that was handed out before
     * it looked (the mark it takes before each try) or to nobody (the disabling).
     */
    @Test
    void readinessThatComesWhileNobodyWaitsIsNeverLost() throws Exception {
        int bytes = HEAVY ? 20_000 : 2_000;
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket writer = pair[0]; PosixSocket reader = pair[1]) {
            AtomicInteger received = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread readerThread = Thread.ofVirtual().name("reader").start(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(7);
                byte[] into = new byte[1];
                try {
                    while (received.get() < bytes) {
                        if (reader.recv(into, 0) != 1) {
                            throw new AssertionError("end of stream after " + received.get() + " bytes");
                        }
                        received.incrementAndGet();
                        pause(random);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            Thread writerThread = Thread.ofVirtual().name("writer").start(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(11);
                byte[] one = {1};
                try {
                    for (int i = 0; i < bytes; i++) {
                        writer.send(one, 0);
                        pause(random);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            writerThread.join(TimeUnit.SECONDS.toMillis(60));
            boolean done = readerThread.join(Duration.ofSeconds(30));
            assertNull(failure.get(), () -> "failed: " + failure.get());
            assertTrue(done, () -> "the reader still waits after " + received.get() + " of " + bytes
                    + " bytes: a readiness event was lost; " + Waiting.describe(readerThread));
            assertEquals(bytes, received.get());
        }
    }

    /**
     * "Writable" is not always "a send can go": an unconnected Unix datagram socket reports it whatever its
     * receiver holds, and nothing reports room on the sender's own socket when the receiver drains. A virtual
     * thread sending to a receiver whose queue is full of another socket's datagrams still goes on once the
     * receiver drains: its wake-ups find the receiver full, and the driver, counting them empty, waits by the
     * clock ({@code SocketCalls}) instead of for an event that may never come.
     */
    @Test
    void aDatagramSenderWaitingOnAReceiverFullOfOthersGoesOnOnceItDrains() throws Exception {
        SockaddrUn name = SockaddrUn.abstractName("vt-full-receiver-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try (PosixSocket receiver = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
             PosixSocket filler = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
             PosixSocket sender = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0)) {
            receiver.bind(name);
            byte[] datagram = new byte[64];
            int queued = 0;
            while (filler.sendto(datagram, 0, datagram.length, SocketConstants.MSG_DONTWAIT, name) != PosixSocket.WOULD_BLOCK) {
                queued++;
            }
            byte[] mine = {42};
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread t = Thread.ofVirtual().name("sender").start(() -> {
                try {
                    outcome.set(sender.sendto(mine, 0, 1, 0, name));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            assertTrue(Waiting.awaitWaiting(sender, 1, t, Waiting.POLLER, "park", 5, TimeUnit.SECONDS),
                    () -> "the send never waited: " + outcome.get());
            Thread.sleep(100); // several wake-ups of the sender, each finding the receiver still full
            byte[] into = new byte[64];
            for (int i = 0; i < queued; i++) {
                assertEquals(64, receiver.recv(into, 0));
            }
            assertTrue(t.join(Duration.ofSeconds(10)), () -> "the sender still waits after the receiver drained: "
                    + Waiting.describe(t));
            assertEquals(1, outcome.get(), () -> "the send: " + outcome.get());
            assertEquals(1, receiver.recv(into, 0));
            assertEquals(42, into[0]);
        }
    }

    /** Nothing, a yield, a short sleep or a spin: each puts a thread somewhere else when the other side acts. */
    private static void pause(java.util.SplittableRandom random) throws InterruptedException {
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> Thread.yield();
            case 2 -> Thread.sleep(0, random.nextInt(200_000));
            default -> {
                long until = System.nanoTime() + random.nextInt(100_000);
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
