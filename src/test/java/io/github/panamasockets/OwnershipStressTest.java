package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every descriptor number has at most one owner, whatever threads do to the objects that own numbers at the same
 * time, and no byte written through one object reaches another object's file.
 *
 * <p>A second owner shows itself when it closes the number, or its cleaner does: the number then disappears
 * from under the first owner, or — since the kernel gives the lowest free number to the next file — it now
 * names another file, which the first owner's writes would reach. So the checks watch files, not objects:
 * <ul>
 *   <li>every object the test holds open still refers, by its number, to the file it was made for
 *       ({@code /proc/self/fd}), and no two of them, nor any descriptor the test holds itself, share a number;</li>
 *   <li>after every close a <em>sentinel</em> is opened — a socket pair made with raw calls, which takes the
 *       lowest free numbers, usually the one just released — and it must stay open under its numbers and
 *       receive nothing;</li>
 *   <li>every datagram written through an object arrives at that object's own peer, and every one a send
 *       reported arrives there;</li>
 *   <li>writes through objects closed, detached or taken over throw {@link SocketClosedException};</li>
 *   <li>at the end, with everything closed, no descriptor is left open (a detach that left its wake-up eventfd
 *       behind shows here).</li>
 * </ul>
 *
 * <p>{@link #toSocketRacingCloseOrAnotherToSocketLeavesExactlyOneOwner} is the plainest race: two threads, started
 * together, call {@code toSocket} and {@code close} — or {@code toSocket} twice — on one {@link OwnedFd}, a
 * thousand times (twenty thousand with {@code -Dpanama.heavy=true}); a socket opened after each round takes the
 * number just released, and must still have it after a garbage collection.
 * {@link #randomizedOwnershipMovesKeepOneOwnerPerNumber} draws moves at random: {@code socketpair},
 * {@code close}, {@code dup}, {@code fileno}, {@code detach}, {@code fromfd}, {@link OwnedFd#adopt},
 * {@link OwnedFd#toSocket}, a takeover ({@code OwnedFd.adopt(s.detach()).toSocket()}), {@code sendFds} and
 * {@code recvFds}, a {@code sendFds} that holds its descriptors while it waits on a full channel, adoption as
 * {@link PosixSocket#listenFds()} does it, timed receives (which give a shared socket its wake-up eventfd and
 * register it with the poller), and writes. Four workers, two platform and two virtual threads, work in rounds on
 * a few objects chosen for the round, so that they often act on the same object at once; the checks run between
 * rounds, and the garbage collector runs about every quarter of a second so that the cleaner of any second owner
 * would act.
 *
 * <p>The moves each worker draws follow from a seed, printed only when the test fails; how the threads
 * interleave does not, so a seed replays the same moves but not always the same race. Replay with
 * {@code -Dpanama.ownership.seed=<seed>}. The run lasts about three seconds, two minutes with
 * {@code -Dpanama.heavy=true}. The test prints nothing when it passes.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OwnershipStressTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    private static final Duration RUN = HEAVY ? Duration.ofMinutes(2) : Duration.ofSeconds(3);
    private static final int RACE_ROUNDS = HEAVY ? 20_000 : 1_000;
    private static final int WORKERS = 4;
    private static final int MOVES_PER_ROUND = 3;
    private static final long PID = ProcessHandle.current().pid();

    // ---------------------------------------------------------------------------------------------------------
    // The plainest race

    @Test
    void toSocketRacingCloseOrAnotherToSocketLeavesExactlyOneOwner() throws Exception {
        Map<Integer, String> before = OpenFiles.byNumber();
        AtomicReference<OwnedFd> current = new AtomicReference<>();
        AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(2);
        CyclicBarrier start = new CyclicBarrier(3);
        CyclicBarrier end = new CyclicBarrier(3);
        int[] mode = new int[1];
        List<Thread> racers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int me = r;
            racers.add(Thread.ofPlatform().daemon().name("racer-" + r).start(() -> {
                try {
                    for (;;) {
                        start.await();
                        OwnedFd f = current.get();
                        if (f == null) {
                            return;
                        }
                        Object outcome;
                        try {
                            if (me == 1 && mode[0] == 0) {
                                f.close();
                                outcome = "closed";
                            } else {
                                outcome = f.toSocket();
                            }
                        } catch (SocketClosedException | IllegalStateException refused) {
                            outcome = refused;
                        }
                        outcomes.set(me, outcome);
                        end.await();
                    }
                } catch (Exception e) {
                    outcomes.set(me, e);
                }
            }));
        }
        List<PosixSocket> unrelated = new ArrayList<>();
        List<String> unrelatedTargets = new ArrayList<>();
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                mode[0] = round % 2; // 0: toSocket against close, 1: toSocket against toSocket
                PosixSocket made = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
                current.set(OwnedFd.adopt(made.detach()));
                start.await(10, TimeUnit.SECONDS);
                end.await(10, TimeUnit.SECONDS);
                int sockets = 0;
                for (int r = 0; r < 2; r++) {
                    Object outcome = outcomes.get(r);
                    if (outcome instanceof PosixSocket s) {
                        sockets++;
                        try {
                            s.close();
                        } catch (IOException e) {
                            fail("round " + round + ": the socket toSocket returned cannot close its number (" + e
                                    + "): another owner closed it");
                        }
                    } else if (!(outcome instanceof String || outcome instanceof SocketClosedException
                            || (outcome instanceof IllegalStateException e && e.getMessage().contains("in progress")))) {
                        fail("round " + round + ": " + outcome);
                    }
                }
                if (mode[0] == 1) {
                    assertEquals(1, sockets, "round " + round + ": one of two racing toSocket calls takes the descriptor");
                } else {
                    assertTrue(sockets <= 1, "round " + round);
                }
                // Opened right after: it gets the number just released, which a second owner would close later.
                PosixSocket u = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
                unrelated.add(u);
                unrelatedTargets.add(OpenFiles.targetOrNull(u.handle().number()));
                if (unrelated.size() == 200 || round == RACE_ROUNDS - 1) {
                    System.gc();
                    Thread.sleep(20); // the cleaner of any second owner closes its number now
                    for (int i = 0; i < unrelated.size(); i++) {
                        int n = unrelated.get(i).handle().number();
                        assertEquals(unrelatedTargets.get(i), OpenFiles.targetOrNull(n),
                                "round " + round + ": descriptor " + n + " of an unrelated socket was closed by another owner");
                    }
                    for (PosixSocket s : unrelated) {
                        s.close();
                    }
                    unrelated.clear();
                    unrelatedTargets.clear();
                }
            }
        } finally {
            for (Thread t : racers) {
                t.interrupt(); // ends its wait at the barrier
                t.join(10_000);
            }
            for (PosixSocket s : unrelated) {
                try {
                    s.close();
                } catch (IOException alreadyFailed) {
                    // only after a failure: a second owner closed the number
                }
            }
        }
        OpenFiles.assertNoneLeft(before, "after " + RACE_ROUNDS + " races");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Random moves

    @Test
    void randomizedOwnershipMovesKeepOneOwnerPerNumber() throws Exception {
        String property = System.getProperty("panama.ownership.seed");
        long seed = property != null ? Long.parseLong(property) : new Random().nextLong();
        World world = new World(seed);
        try {
            world.warmUp();
            Map<Integer, String> before = OpenFiles.byNumber();
            world.run();
            world.closeAll();
            world.failOnViolations();
            OpenFiles.assertNoneLeft(before, "everything closed");
        } catch (AssertionError | Exception e) {
            throw new AssertionError("seed " + seed + " (replay with -Dpanama.ownership.seed=" + seed + "): "
                    + e.getMessage(), e);
        } finally {
            world.closeAll();
        }
    }

    /** A connection: the end that objects move around and write through is the subject; this is its other end. */
    private static final class Conn {
        final int id;
        final PosixSocket peer;
        final AtomicInteger sent = new AtomicInteger();
        int received;

        Conn(int id, PosixSocket peer) {
            this.id = id;
            this.peer = peer;
        }
    }

    /** An object the test holds, the file its number must name while it is open, and how it came about. */
    private record Held(DescriptorOwner owner, String target, Conn conn, String how) {
        int number() {
            return handleNumber(owner);
        }

        @Override
        public String toString() {
            return how + " " + owner + " of conn " + conn.id;
        }
    }

    /** A descriptor number the test owns itself: what {@code detach} gave back. */
    private record Raw(int fd, String target, Conn conn) {}

    /** Opened after a close, with raw calls: nothing may ever close it or write into it but the test. */
    private record Sentinel(int fd0, int fd1, String target0, String target1) {}

    private enum Move {
        OPEN, WRITE, CLOSE, DUP, FILENO, DETACH, FROMFD, ADOPT, TO_SOCKET, TAKEOVER, SEND_FDS, HOLD_FDS, LISTEN,
        TIMED_RECV, CLOSE_RAW
    }

    private static final Move[] WEIGHTED = weighted(Map.ofEntries(
            Map.entry(Move.OPEN, 6), Map.entry(Move.WRITE, 14), Map.entry(Move.CLOSE, 10), Map.entry(Move.DUP, 7),
            Map.entry(Move.FILENO, 3), Map.entry(Move.DETACH, 8), Map.entry(Move.FROMFD, 4), Map.entry(Move.ADOPT, 6),
            Map.entry(Move.TO_SOCKET, 14), Map.entry(Move.TAKEOVER, 4), Map.entry(Move.SEND_FDS, 8),
            Map.entry(Move.HOLD_FDS, 4), Map.entry(Move.LISTEN, 3), Map.entry(Move.TIMED_RECV, 4),
            Map.entry(Move.CLOSE_RAW, 3)));

    private static Move[] weighted(Map<Move, Integer> weights) {
        List<Move> all = new ArrayList<>();
        for (Move m : Move.values()) {
            for (int i = 0; i < weights.get(m); i++) {
                all.add(m);
            }
        }
        return all.toArray(Move[]::new);
    }

    private static final class World {
        final long seed;
        final Object lock = new Object();
        final List<Held> held = new ArrayList<>();
        final List<Raw> raws = new ArrayList<>();
        final List<Held> stale = new ArrayList<>();
        final List<Sentinel> sentinels = new ArrayList<>();
        final List<Conn> conns = new ArrayList<>();
        final List<PosixSocket[]> channels = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final AtomicInteger nextConn = new AtomicInteger();
        volatile List<Held> hot = List.of();
        volatile boolean done;
        int rounds;
        boolean closed;

        World(long seed) {
            this.seed = seed;
        }

        void violation(String what) {
            synchronized (lock) {
                if (violations.size() < 20 && !violations.contains(what)) {
                    violations.add(what);
                }
            }
        }

        void failOnViolations() {
            synchronized (lock) {
                if (!violations.isEmpty()) {
                    fail(violations.size() + " violation(s) in " + rounds + " rounds:\n  " + String.join("\n  ", violations));
                }
            }
        }

        /** A few moves on one thread first: the first calls load classes and make the per-thread state. */
        void warmUp() throws Exception {
            Random rnd = new Random(seed);
            PosixSocket[] channel = channel();
            for (int i = 0; i < 60; i++) {
                move(rnd, Move.values()[i % Move.values().length], channel, "warm-up");
            }
            check(true);
            failOnViolations();
        }

        void run() throws Exception {
            CyclicBarrier start = new CyclicBarrier(WORKERS + 1);
            CyclicBarrier end = new CyclicBarrier(WORKERS + 1);
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random rnd = new Random(seed * 31 + w + 1);
                PosixSocket[] channel = channel();
                String name = "worker-" + w;
                Runnable body = () -> {
                    try {
                        for (;;) {
                            start.await();
                            if (done) {
                                return;
                            }
                            for (int i = 0; i < MOVES_PER_ROUND; i++) {
                                move(rnd, WEIGHTED[rnd.nextInt(WEIGHTED.length)], channel, name);
                            }
                            end.await();
                        }
                    } catch (Exception e) {
                        if (!done) {
                            violation(name + " stopped: " + e);
                            start.reset(); // so that nobody waits for this worker any longer
                            end.reset();
                        }
                    }
                };
                workers.add(w % 2 == 0 ? Thread.ofPlatform().daemon().name(name).start(body)
                        : Thread.ofVirtual().name(name).start(body));
            }
            long deadline = System.nanoTime() + RUN.toNanos();
            long lastCollection = System.nanoTime();
            try {
                while (System.nanoTime() - deadline < 0) {
                    chooseHot();
                    start.await(60, TimeUnit.SECONDS);
                    end.await(60, TimeUnit.SECONDS);
                    rounds++;
                    // Every quarter of a second: the cleaner of a second owner acts only once its object is collected.
                    boolean collect = System.nanoTime() - lastCollection > 250_000_000;
                    if (collect) {
                        lastCollection = System.nanoTime();
                    }
                    check(collect);
                    synchronized (lock) {
                        if (!violations.isEmpty()) {
                            break;
                        }
                    }
                }
            } finally {
                done = true;
                try {
                    start.await(60, TimeUnit.SECONDS); // the workers see `done` and return
                } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
                    for (Thread t : workers) {
                        t.interrupt();
                    }
                }
                for (Thread t : workers) {
                    t.join(60_000);
                }
            }
            System.gc();
            Thread.sleep(100); // the last chance for the cleaner of a second owner to act
            check(true);
        }

        PosixSocket[] channel() throws IOException {
            PosixSocket[] channel = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
            channel[1].setBlocking(false);
            synchronized (lock) {
                channels.add(channel);
            }
            return channel;
        }

        /** A few open objects for this round, OwnedFds first: most moves of the round act on them. */
        void chooseHot() {
            Random rnd = new Random(seed ^ rounds);
            List<Held> open = new ArrayList<>();
            synchronized (lock) {
                for (Held h : held) {
                    if (!h.owner.isClosed()) {
                        open.add(h);
                    }
                }
            }
            List<Held> chosen = new ArrayList<>();
            for (int i = 0; i < 3 && !open.isEmpty(); i++) {
                Held h = open.remove(rnd.nextInt(open.size()));
                if (!(h.owner instanceof OwnedFd) && rnd.nextBoolean()) {
                    for (Held o : open) {
                        if (o.owner instanceof OwnedFd) {
                            open.remove(o);
                            open.add(h);
                            h = o;
                            break;
                        }
                    }
                }
                chosen.add(h);
            }
            hot = List.copyOf(chosen);
        }

        Held pick(Random rnd, Class<?> kind) {
            List<Held> hotNow = hot;
            for (int attempt = 0; attempt < 6; attempt++) {
                Held h;
                if (!hotNow.isEmpty() && rnd.nextInt(5) != 0) {
                    h = hotNow.get(rnd.nextInt(hotNow.size()));
                } else {
                    synchronized (lock) {
                        if (held.isEmpty()) {
                            return null;
                        }
                        h = held.get(rnd.nextInt(held.size()));
                    }
                }
                if (kind == null || kind.isInstance(h.owner)) {
                    return h;
                }
            }
            return null;
        }

        Raw takeRaw(Random rnd) {
            synchronized (lock) {
                return raws.isEmpty() ? null : raws.remove(rnd.nextInt(raws.size()));
            }
        }

        void giveRaw(Raw r) {
            synchronized (lock) {
                raws.add(r);
            }
        }

        /** Registers a new owner, after checking that its number names the file it was made for. */
        void add(DescriptorOwner owner, String target, Conn conn, String how, String by) throws IOException {
            int n = handleNumber(owner);
            String now = OpenFiles.targetOrNull(n);
            if (!target.equals(now)) {
                violation(by + ": " + how + " made " + owner + " whose number names " + now + ", not " + target);
            }
            synchronized (lock) {
                held.add(new Held(owner, target, conn, how));
            }
        }

        void sentinel() throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment sv = arena.allocate(ValueLayout.JAVA_INT, 2);
                Libc.socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv);
                int fd0 = sv.getAtIndex(ValueLayout.JAVA_INT, 0);
                int fd1 = sv.getAtIndex(ValueLayout.JAVA_INT, 1);
                Sentinel s = new Sentinel(fd0, fd1, OpenFiles.targetOrNull(fd0), OpenFiles.targetOrNull(fd1));
                synchronized (lock) {
                    sentinels.add(s);
                }
            }
        }

        void move(Random rnd, Move move, PosixSocket[] channel, String by) {
            Held h = null;
            try {
                switch (move) {
                    case OPEN -> {
                        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
                        pair[1].setBlocking(false);
                        Conn c = new Conn(nextConn.incrementAndGet(), pair[1]);
                        synchronized (lock) {
                            conns.add(c);
                        }
                        add(pair[0], OpenFiles.targetOrNull(pair[0].handle().number()), c, "socketpair", by);
                    }
                    case WRITE -> {
                        h = pick(rnd, PosixSocket.class);
                        if (h != null && ((PosixSocket) h.owner).send(tag(h.conn.id), MSG_DONTWAIT) == 4) {
                            h.conn.sent.incrementAndGet();
                        }
                    }
                    case CLOSE -> {
                        h = pick(rnd, null);
                        if (h != null) {
                            ((AutoCloseable) h.owner).close();
                            sentinel();
                        }
                    }
                    case DUP -> {
                        h = pick(rnd, null);
                        if (h != null) {
                            DescriptorOwner copy = switch (h.owner) {
                                case PosixSocket s -> s.dup();
                                case OwnedFd f -> f.dup();
                            };
                            add(copy, h.target, h.conn, "dup", by);
                        }
                    }
                    case FILENO -> {
                        h = pick(rnd, PosixSocket.class);
                        if (h != null) {
                            ((PosixSocket) h.owner).fileno();
                        }
                    }
                    case DETACH -> {
                        h = pick(rnd, null);
                        if (h != null) {
                            int fd = switch (h.owner) {
                                case PosixSocket s -> s.detach();
                                case OwnedFd f -> f.detach();
                            };
                            String now = OpenFiles.targetOrNull(fd);
                            if (!h.target.equals(now)) {
                                violation(by + ": detach of " + h + " gave " + fd + ", which names " + now);
                            }
                            giveRaw(new Raw(fd, h.target, h.conn));
                        }
                    }
                    case FROMFD -> {
                        Raw r = takeRaw(rnd);
                        if (r != null) {
                            try {
                                add(PosixSocket.fromfd(r.fd), r.target, r.conn, "fromfd", by);
                            } finally {
                                giveRaw(r);
                            }
                        }
                    }
                    case ADOPT -> {
                        Raw r = takeRaw(rnd);
                        if (r != null) {
                            add(OwnedFd.adopt(r.fd), r.target, r.conn, "adopt", by);
                        }
                    }
                    case TO_SOCKET -> {
                        h = pick(rnd, OwnedFd.class);
                        if (h != null) {
                            add(((OwnedFd) h.owner).toSocket(), h.target, h.conn, "toSocket", by);
                        }
                    }
                    case TAKEOVER -> {
                        h = pick(rnd, PosixSocket.class);
                        if (h != null) {
                            PosixSocket s = OwnedFd.adopt(((PosixSocket) h.owner).detach()).toSocket();
                            add(s, h.target, h.conn, "takeover", by);
                        }
                    }
                    case SEND_FDS -> {
                        h = pick(rnd, null);
                        Held second = rnd.nextBoolean() ? pick(rnd, null) : null;
                        if (h != null) {
                            List<Held> passed = second == null ? List.of(h) : List.of(h, second);
                            channel[0].sendFds(List.of(IoBuffer.of(tag(-1))),
                                    passed.stream().map(Held::owner).toList());
                            RecvFdsResult r = channel[1].recvFds(4, 4);
                            if (r == null || r.fds().size() != passed.size()) {
                                violation(by + ": passed " + passed + ", received " + r);
                            } else {
                                for (int i = 0; i < passed.size(); i++) {
                                    Held p = passed.get(i);
                                    add(r.fds().get(i), p.target, p.conn, "received", by);
                                }
                            }
                        }
                    }
                    case HOLD_FDS -> {
                        h = pick(rnd, null);
                        if (h != null) {
                            holdWhilePassing(rnd, h, channel, by);
                        }
                    }
                    case LISTEN -> {
                        Raw r = takeRaw(rnd);
                        if (r != null) {
                            SocketActivation activation = new SocketActivation(
                                    Map.of("LISTEN_PID", Long.toString(PID), "LISTEN_FDS", "1")::get, PID, r.fd);
                            List<PosixSocket> taken = activation.take();
                            if (taken.size() != 1) {
                                violation(by + ": listenFds-like adoption of " + r.fd + " gave " + taken);
                            }
                            for (PosixSocket s : taken) {
                                add(s, r.target, r.conn, "listenFds", by);
                            }
                            List<PosixSocket> again = activation.take();
                            if (!again.isEmpty()) {
                                violation(by + ": a second listenFds-like adoption of " + r.fd + " gave " + again);
                                for (PosixSocket s : again) {
                                    add(s, r.target, r.conn, "listenFds again", by); // so its close is checked too
                                }
                            }
                        }
                    }
                    case TIMED_RECV -> {
                        h = pick(rnd, PosixSocket.class);
                        if (h != null) {
                            PosixSocket s = (PosixSocket) h.owner;
                            s.setTimeout(Duration.ofMillis(1));
                            int n = s.recv(new byte[8], 0);
                            violation(by + ": " + h + " received " + n + " bytes, though its peer never sends");
                        }
                    }
                    case CLOSE_RAW -> {
                        Raw r = takeRaw(rnd);
                        if (r != null) {
                            Libc.close(r.fd);
                            sentinel();
                        }
                    }
                }
            } catch (SocketClosedException | PosixTimeoutException expected) {
                // closed or detached by another thread (or earlier); a timed wait that ended
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains("in progress")) {
                    violation(by + ": " + move + " on " + h + ": " + e);
                }
                // else: detach or toSocket refused while another thread's call holds the descriptor
            } catch (Exception | Error e) {
                violation(by + ": " + move + " on " + h + ": " + e);
            }
        }

        /**
         * Fills the channel, then passes {@code h} with a short timeout: the send holds {@code h}'s descriptor
         * while it waits, which is when other threads' detach, toSocket and close meet it in use.
         */
        void holdWhilePassing(Random rnd, Held h, PosixSocket[] channel, String by) throws IOException {
            while (channel[0].send(tag(-2), MSG_DONTWAIT) != PosixSocket.WOULD_BLOCK) {
                // filling
            }
            channel[0].setTimeout(Duration.ofMillis(1 + rnd.nextInt(3)));
            try {
                channel[0].sendFds(List.of(IoBuffer.of(tag(-1))), List.of(h.owner));
            } catch (SocketClosedException | PosixTimeoutException expected) {
                // the channel stayed full for the whole timeout, or h was closed
            } finally {
                channel[0].setTimeout(null);
                for (RecvFdsResult r; (r = channel[1].recvFds(4, 4)) != null; ) {
                    for (OwnedFd f : r.fds()) { // only if the send found room after all
                        add(f, h.target, h.conn, "received after a wait", by);
                    }
                }
            }
        }

        /**
         * Between rounds, with every worker waiting: the ownership of every number, the sentinels, the peers'
         * datagrams and the closed objects; then retires what is no longer needed.
         */
        void check(boolean collect) throws Exception {
            if (collect) {
                System.gc();
            }
            synchronized (lock) {
                Map<Integer, String> owners = new HashMap<>();
                for (Held h : held) {
                    if (!h.owner.isClosed()) {
                        own(owners, h.number(), h.toString(), h.target);
                    }
                }
                for (Raw r : raws) {
                    own(owners, r.fd, "raw " + r.fd + " of conn " + r.conn.id, r.target);
                }
                for (Sentinel s : sentinels) {
                    own(owners, s.fd0, "sentinel", s.target0);
                    own(owners, s.fd1, "sentinel", s.target1);
                    for (int fd : new int[] {s.fd0, s.fd1}) {
                        try {
                            long n = Posix.recv(fd, SCRATCH.get(), 8, MSG_DONTWAIT);
                            violation("sentinel " + fd + " (opened after a close) received " + n + " bytes");
                        } catch (PosixTimeoutException empty) {
                            // nothing arrived: as it must be
                        } catch (IOException e) {
                            violation("sentinel " + fd + ": " + e); // EBADF: closed by someone else
                        }
                    }
                }
                for (Conn c : conns) {
                    own(owners, c.peer.handle().number(), "peer of conn " + c.id, null);
                    drain(c);
                }
                for (PosixSocket[] ch : channels) {
                    own(owners, ch[0].handle().number(), "channel", null);
                    own(owners, ch[1].handle().number(), "channel", null);
                }
                for (Held s : stale) {
                    try {
                        switch (s.owner) {
                            case PosixSocket p -> p.send(tag(s.conn.id), MSG_DONTWAIT);
                            case OwnedFd f -> f.dup().close();
                        }
                        violation("a write through " + s + ", closed before, did not fail");
                    } catch (SocketClosedException expected) {
                        // closed objects never touch a number again
                    }
                }
                retire();
            }
        }

        private void own(Map<Integer, String> owners, int fd, String owner, String target) throws IOException {
            String other = owners.putIfAbsent(fd, owner);
            if (other != null) {
                violation("descriptor " + fd + " has two owners: " + other + " and " + owner);
            }
            if (target != null) {
                String now = OpenFiles.targetOrNull(fd);
                if (!target.equals(now)) {
                    violation("descriptor " + fd + " of " + owner + " names " + now + ", not " + target
                            + ": another owner closed it");
                }
            }
        }

        private void drain(Conn c) throws IOException {
            byte[] buf = new byte[16];
            for (int n; (n = c.peer.recv(buf, MSG_DONTWAIT)) != PosixSocket.WOULD_BLOCK; ) {
                int id = n == 4 ? ByteBuffer.wrap(buf, 0, 4).getInt() : -n;
                if (id != c.id) {
                    violation("conn " + c.id + " received a datagram of conn " + id);
                }
                c.received++;
            }
            if (c.received != c.sent.get()) {
                violation("conn " + c.id + ": " + c.sent.get() + " datagrams sent, " + c.received + " arrived");
            }
        }

        /** Keeps the world small: closed objects become stale, old sentinels and unused connections go. */
        private void retire() throws IOException {
            for (var it = held.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.owner.isClosed()) {
                    it.remove();
                    stale.add(h);
                }
            }
            while (stale.size() > 64) {
                stale.remove(0);
            }
            Random rnd = new Random(seed + rounds);
            while (held.size() > 40) {
                Held h = held.remove(rnd.nextInt(held.size()));
                try {
                    ((AutoCloseable) h.owner).close();
                } catch (Exception e) {
                    violation("closing " + h + ": " + e);
                }
                stale.add(h);
                sentinel();
            }
            while (raws.size() > 12) {
                Libc.close(raws.remove(rnd.nextInt(raws.size())).fd);
                sentinel();
            }
            while (sentinels.size() > 48) {
                Sentinel s = sentinels.remove(0);
                Libc.close(s.fd0);
                Libc.close(s.fd1);
            }
            for (var it = conns.iterator(); it.hasNext(); ) {
                Conn c = it.next();
                boolean used = held.stream().anyMatch(h -> h.conn == c) || raws.stream().anyMatch(r -> r.conn == c);
                if (!used) {
                    it.remove();
                    c.peer.close();
                }
            }
        }

        /** Closes everything the test holds, once; a close that fails (its number taken from it) is a violation. */
        void closeAll() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                List<AutoCloseable> all = new ArrayList<>();
                for (Held h : held) {
                    all.add((AutoCloseable) h.owner);
                }
                for (Raw r : raws) {
                    all.add(() -> Libc.close(r.fd));
                }
                for (Sentinel s : sentinels) {
                    all.add(() -> Libc.close(s.fd0));
                    all.add(() -> Libc.close(s.fd1));
                }
                for (Conn c : conns) {
                    all.add(c.peer);
                }
                for (PosixSocket[] ch : channels) {
                    all.addAll(List.of(ch));
                }
                for (AutoCloseable c : all) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        violation("closing at the end: " + e);
                    }
                }
                held.clear();
                stale.clear();
                raws.clear();
                sentinels.clear();
                conns.clear();
                channels.clear();
            }
        }
    }

    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(8));

    private static byte[] tag(int id) {
        return ByteBuffer.allocate(4).putInt(id).array();
    }

    private static int handleNumber(DescriptorOwner owner) {
        return switch (owner) {
            case PosixSocket s -> s.handle().number();
            case OwnedFd f -> f.handle().number();
        };
    }
}
