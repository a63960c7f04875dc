package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.FIONREAD;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_PRIORITY;
import static io.github.panamasockets.SocketConstants.SO_RCVBUF;
import static io.github.panamasockets.SocketConstants.SO_SNDBUF;
import static io.github.panamasockets.SocketConstants.SO_TYPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The caller's memory that a call reaches only through pointers inside a {@code msghdr}, {@code iovec} or
 * {@code mmsghdr} stays alive while the kernel may touch it. Every such call — {@code sendmsg}, {@code recvmsg},
 * {@code writev}, {@code readv}, {@link PosixSocketChannel}'s gathering write and scattering read,
 * {@code sendFds}, {@code sendmmsg}, {@code recvmmsg} — with memory of a confined, shared, automatic or global
 * arena, a heap array or a direct buffer, released before the call, while the call waits (another thread closes
 * the arena), or after it, on platform and virtual threads. The calls that take the memory as a direct argument
 * ({@code send}, {@code recv}, {@code write}, {@code read}, the channel's single-buffer write and read,
 * {@code sendto} and {@code recvfrom} with the address in the caller's memory too, or with only the address
 * there) are held to the same rules, so that a wait between two attempts (a virtual thread parked in the poller)
 * or a copy through a bounce buffer cannot let the kernel reach memory the caller released. The calls that take
 * caller memory and never wait (raw {@code getsockopt}/{@code setsockopt}, {@code Posix.ioctl}) are released
 * before or after the call only.
 *
 * <p>What must hold in each case: the JVM keeps running; the kernel neither writes received bytes into memory
 * that is no longer the caller's nor sends bytes from it; a released arena gives {@link IllegalStateException}
 * as for a direct argument. While a platform thread waits inside the C call itself, closing the arena fails with
 * {@code IllegalStateException}, as it does for a segment passed as a direct argument. Where the call waits
 * outside the C call (a virtual thread parked in the poller), the close may succeed, and the call then throws
 * {@code IllegalStateException} before the kernel is given the memory. When a close succeeds, the test at once
 * allocates canaries of the same size, which are likely to take the freed memory's place: a kernel write into
 * them, or their bytes reaching the peer, fails the test instead of corrupting the JVM's native heap.
 *
 * <p>The normal run takes every case in which another thread closes a shared arena during the call and a
 * sample of the others; {@code -Dpanama.heavy=true} runs them all.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MessageLifetimeTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    /**
     * Small enough for glibc's per-thread cache (up to 1,032 bytes): a chunk the closing thread frees is the next
     * one the same thread allocates at that size, so the canaries take the freed buffer's place.
     */
    private static final int SIZE = 1000;
    private static final int CANARIES = 32;
    /** More arenas than one call holds. */
    private static final int ARENAS = 12;
    private static final byte CANARY = Canary.GUARD;
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** The calls that give the kernel caller memory through pointers inside a structure. */
    enum Call {
        SENDMSG(true), RECVMSG(false), WRITEV(true), READV(false), CHANNEL_WRITE(true), CHANNEL_READ(false),
        SEND_FDS(true), SENDMMSG(true), RECVMMSG(false),
        // The calls that take the memory as a direct argument of the C call, for which the linker holds it.
        SEND(true), RECV(false), WRITE(true), READ(false), CHANNEL_WRITE_ONE(true), CHANNEL_READ_ONE(false),
        // A datagram's address in the caller's memory too: the destination of sendto, the sender's of recvfrom;
        // in the _ADDRESS variants only the address is (the data is a heap array).
        SENDTO(true), RECVFROM(false), SENDTO_ADDRESS(true), RECVFROM_ADDRESS(false);

        final boolean sends;

        Call(boolean sends) {
            this.sends = sends;
        }

        boolean batch() {
            return this == SENDMMSG || this == RECVMMSG;
        }

        /** Over a Unix datagram socket pair: the batches, and the calls that name an address. */
        boolean datagrams() {
            return batch() || namesAnAddress();
        }

        boolean namesAnAddress() {
            return this == SENDTO || this == RECVFROM || addressOnly();
        }

        /** Only the address is the caller's memory of the case's kind. */
        boolean addressOnly() {
            return this == SENDTO_ADDRESS || this == RECVFROM_ADDRESS;
        }

        /** The {@code Libc} wrapper in which a platform thread waits inside the C call. */
        String libc() {
            return switch (this) {
                case SENDMMSG -> "sendmmsg";
                case RECVMMSG -> "recvmmsg";
                case SEND, CHANNEL_WRITE_ONE -> "send";
                case RECV, CHANNEL_READ_ONE -> "recv";
                case WRITE -> "write";
                case READ -> "read";
                case SENDTO, SENDTO_ADDRESS -> "sendto";
                case RECVFROM, RECVFROM_ADDRESS -> "recvfrom";
                default -> sends ? "sendmsg" : "recvmsg";
            };
        }
    }

    /** Where the caller's memory comes from. */
    enum Memory {
        CONFINED, SHARED, AUTO, GLOBAL, HEAP, DIRECT;

        boolean closeable() {
            return this == CONFINED || this == SHARED;
        }
    }

    /** When the memory is released: its arena closed, or (for memory the GC manages) references dropped and a GC run. */
    enum When { BEFORE, DURING, AFTER }

    /** Which kind of thread makes the call. */
    enum Kind { PLATFORM, VIRTUAL }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        Random sample = new Random(20261125);
        for (Call call : Call.values()) {
            for (Memory memory : Memory.values()) {
                if ((call.batch() || call.addressOnly()) && (memory == Memory.HEAP || memory == Memory.DIRECT)) {
                    continue; // a batch's memory is always an arena's, and so is an address
                }
                for (When when : When.values()) {
                    for (Kind kind : Kind.values()) {
                        boolean essential = memory == Memory.SHARED && when == When.DURING;
                        if (HEAVY || essential || sample.nextInt(4) == 0) {
                            all.add(Arguments.of(call, memory, when, kind));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} memory released {2} the call, {3} thread")
    @MethodSource("cases")
    void callerMemoryStaysTheCallersForTheWholeCall(Call call, Memory memory, When when, Kind kind) throws Exception {
        String where = call + ", " + memory + " memory released " + when + " the call, " + kind + " thread";
        try (Setup s = new Setup(call)) {
            AtomicReference<Caller> caller = new AtomicReference<>();
            AtomicReference<Object> result = new AtomicReference<>();
            AtomicReference<byte[]> received = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = start(kind, () -> {
                try {
                    Caller c = new Caller(memory, call, s);
                    caller.set(c);
                    if (when == When.BEFORE) {
                        c.release();
                    }
                    try {
                        result.set(c.call(call, s));
                        if (!call.sends) {
                            received.set(c.received()); // read while the memory is certainly the caller's
                        }
                    } finally {
                        if (when == When.AFTER) {
                            c.release();
                        }
                        c.closeIfConfined();
                    }
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            List<MemorySegment> canaries = new ArrayList<>();
            boolean closedDuring = false;
            try {
                if (when == When.DURING) {
                    String waitedIn = awaitInCall(s.target, t, call, where);
                    Caller c = caller.get();
                    Throwable closeFailure = null;
                    try {
                        c.releaseFromAnotherThread();
                        closedDuring = memory.closeable();
                    } catch (IllegalStateException | WrongThreadException e) {
                        closeFailure = e;
                    }
                    if (closedDuring) {
                        // At once, on the thread that freed the memory: glibc hands it out again first.
                        for (int i = 0; i < CANARIES; i++) {
                            canaries.add(Arena.global().allocate(SIZE).fill(CANARY));
                        }
                    }
                    Throwable refused = closeFailure;
                    if (memory == Memory.SHARED && waitedIn.equals("C call")) {
                        assertTrue(refused instanceof IllegalStateException, () -> where
                                + ": closing the arena while the kernel may use its memory must fail as for a direct"
                                + " argument (IllegalStateException); it " + (refused == null ? "succeeded" : "threw " + refused));
                    }
                    if (memory == Memory.CONFINED) {
                        assertTrue(refused instanceof WrongThreadException, () -> where
                                + ": only the owner closes a confined arena; another thread got " + refused);
                    }
                }
                s.unblock(call);
                assertTrue(t.join(LIMIT), () -> where + ": the call did not end: " + Waiting.describe(t));
            } finally {
                if (t.isAlive()) {
                    s.close();
                    t.join(LIMIT);
                }
            }
            Throwable e = thrown.get();
            boolean released = memory.closeable() && (when == When.BEFORE || closedDuring);
            if (e != null && !(e instanceof IllegalStateException && released)) {
                throw new AssertionError(where + ": unexpected " + e, e);
            }
            if (when == When.BEFORE && memory.closeable()) {
                assertTrue(e instanceof IllegalStateException, () -> where + ": memory of a closed arena must be refused, not " + result.get());
            }
            assertCanariesIntact(canaries, where);
            if (e == null) {
                s.checkDelivered(call, result.get(), received.get(), where);
            } else {
                s.checkNothingMoved(call, where);
            }
            caller.get().closeIfShared();
        }
    }

    static Stream<Arguments> manyArenas() {
        List<Arguments> all = new ArrayList<>();
        for (Call call : new Call[] {Call.WRITEV, Call.READV}) {
            for (int closed : new int[] {0, ARENAS - 1}) {
                for (Kind kind : Kind.values()) {
                    all.add(Arguments.of(call, closed, kind));
                }
            }
        }
        return all.stream();
    }

    /**
     * One call with buffers of more arenas than a call can hold ({@value #ARENAS}, a call holds eight): the buffers
     * of the arenas past the eighth go through a copy in library memory. Closing one of the first arenas during the
     * call fails as for a direct argument; closing one of the copied ones succeeds, and then the kernel only ever
     * touches the library's copy: a send sends the bytes the buffers held when the call began, a receive throws
     * {@code IllegalStateException} when it would copy into the closed arena's buffer. Either way nothing is
     * written into the memory the close freed.
     */
    @ParameterizedTest(name = "{0}, arena {1} of " + ARENAS + " closed during the call, {2} thread")
    @MethodSource("manyArenas")
    void moreArenasThanACallHoldsAreCopied(Call call, int closed, Kind kind) throws Exception {
        String where = call + " with " + ARENAS + " arenas, arena " + closed + " closed during the call, " + kind + " thread";
        byte[] all = new byte[SIZE * ARENAS];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (0x20 + (i * 7) % 90);
        }
        Arena[] arenas = new Arena[ARENAS];
        IoBuffer[] buffers = new IoBuffer[ARENAS];
        for (int i = 0; i < ARENAS; i++) {
            arenas[i] = Arena.ofShared();
            MemorySegment m = arenas[i].allocate(SIZE);
            if (call.sends) {
                MemorySegment.copy(all, i * SIZE, m, ValueLayout.JAVA_BYTE, 0, SIZE);
            }
            buffers[i] = IoBuffer.of(m);
        }
        try (Setup s = new Setup(call)) {
            AtomicReference<Object> result = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = start(kind, () -> {
                try {
                    result.set(call.sends ? s.target.writev(buffers) : s.target.readv(buffers));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            List<MemorySegment> canaries = new ArrayList<>();
            boolean closedDuring = false;
            byte[] sent = new byte[all.length];
            int sentCount = 0;
            try {
                String waitedIn = awaitInCall(s.target, t, call, where);
                try {
                    arenas[closed].close();
                    closedDuring = true;
                    for (int i = 0; i < CANARIES; i++) {
                        canaries.add(Arena.global().allocate(SIZE).fill(CANARY));
                    }
                } catch (IllegalStateException held) {
                    // the arena's scope is held by the call
                }
                if (closed == 0 && waitedIn.equals("C call")) {
                    assertTrue(!closedDuring, where + ": an arena the call holds cannot close while the kernel may use it");
                }
                if (call.sends) {
                    // More than the socket's buffer holds: the peer reads while the call sends.
                    s.unblock(call);
                    int at = 0;
                    while (at < sent.length) {
                        boolean writing = t.isAlive();
                        int n = s.peer.recv(sent, at, sent.length - at, MSG_DONTWAIT);
                        if (n > 0) {
                            at += n;
                        } else if (!writing) {
                            break; // the call had ended before this read found nothing: no more will come
                        } else {
                            LockSupport.parkNanos(1_000_000);
                        }
                    }
                    sentCount = at;
                } else {
                    assertEquals(all.length, s.peer.send(all, 0));
                }
                assertTrue(t.join(LIMIT), () -> where + ": the call did not end: " + Waiting.describe(t));
            } finally {
                if (t.isAlive()) {
                    s.close();
                    t.join(LIMIT);
                }
                for (Arena a : arenas) {
                    if (a.scope().isAlive()) {
                        a.close();
                    }
                }
            }
            assertCanariesIntact(canaries, where);
            Throwable e = thrown.get();
            if (e != null && !(e instanceof IllegalStateException && closedDuring)) {
                throw new AssertionError(where + ": unexpected " + e, e);
            }
            if (call.sends && e == null) {
                // A stream write may end after part of the data (a virtual thread's non-blocking attempts do).
                long n = ((Number) result.get()).longValue();
                assertEquals(n, sentCount, where + ": the peer got the count the call returned");
                assertArrayEquals(Arrays.copyOf(all, sentCount), Arrays.copyOf(sent, sentCount),
                        where + ": the peer got the bytes the buffers held when the call began");
            } else if (call.sends) {
                assertEquals(0, sentCount, where + ": nothing of a refused call was sent");
            } else if (e == null) {
                assertEquals((long) all.length, ((Number) result.get()).longValue(), where);
            }
        }
    }

    /** The calls that give the kernel the caller's memory as a direct argument and never wait. */
    enum Raw { GETSOCKOPT, SETSOCKOPT, IOCTL }

    static Stream<Arguments> callsThatDoNotWait() {
        List<Arguments> all = new ArrayList<>();
        for (Raw call : Raw.values()) {
            for (Memory memory : Memory.values()) {
                for (When when : new When[] {When.BEFORE, When.AFTER}) { // nothing to release during: no wait
                    for (Kind kind : Kind.values()) {
                        all.add(Arguments.of(call, memory, when, kind));
                    }
                }
            }
        }
        return all.stream();
    }

    /**
     * Raw {@code getsockopt} and {@code setsockopt} with a segment, and {@code Posix.ioctl(FIONREAD)} into one: an
     * arena closed before the call is refused with {@link IllegalStateException} and the kernel neither reads
     * nor writes the memory (the option keeps its value, canaries allocated in the freed memory's place stay
     * intact); heap memory is refused with {@link IllegalArgumentException}, as documented; with live memory the
     * kernel writes its four bytes and not one more, and releasing the memory afterwards changes nothing.
     * ({@code Epoll}'s event buffer is not in this matrix: {@code EpollEvents} allocates it itself, so it is
     * never the caller's memory.)
     */
    @ParameterizedTest(name = "{0}, {1} memory released {2} the call, {3} thread")
    @MethodSource("callsThatDoNotWait")
    void callerMemoryOfACallThatDoesNotWait(Raw call, Memory memory, When when, Kind kind) throws Exception {
        String where = call + ", " + memory + " memory released " + when + " the call, " + kind + " thread";
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket target = pair[0]; PosixSocket peer = pair[1]) {
            byte[] queued = {1, 2, 3, 4, 5, 6, 7};
            assertEquals(queued.length, peer.send(queued, 0));
            AtomicReference<Object> result = new AtomicReference<>();
            AtomicReference<byte[]> after = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            List<MemorySegment> canaries = new ArrayList<>();
            Thread t = start(kind, () -> {
                Arena arena = switch (memory) {
                    case CONFINED -> Arena.ofConfined();
                    case SHARED -> Arena.ofShared();
                    case AUTO -> Arena.ofAuto();
                    case GLOBAL -> Arena.global();
                    case HEAP, DIRECT -> null;
                };
                MemorySegment m = switch (memory) {
                    case HEAP -> MemorySegment.ofArray(new byte[SIZE]);
                    case DIRECT -> MemorySegment.ofBuffer(ByteBuffer.allocateDirect(SIZE));
                    default -> arena.allocate(SIZE);
                };
                m.copyFrom(MemorySegment.ofArray(payload()));
                m.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 5); // the value setsockopt gives
                try {
                    if (when == When.BEFORE && memory.closeable()) {
                        arena.close();
                        for (int i = 0; i < CANARIES; i++) {
                            canaries.add(Arena.global().allocate(SIZE).fill(CANARY));
                        }
                    }
                    result.set(switch (call) {
                        case GETSOCKOPT -> target.getsockopt(SOL_SOCKET, SO_TYPE, m);
                        case SETSOCKOPT -> {
                            target.setsockopt(SOL_SOCKET, SO_PRIORITY, m.asSlice(0, Integer.BYTES));
                            yield 0;
                        }
                        case IOCTL -> Posix.ioctl(target.fileno(), FIONREAD, m);
                    });
                    after.set(m.toArray(ValueLayout.JAVA_BYTE)); // while the memory is certainly the caller's
                    if (when == When.AFTER && memory.closeable()) {
                        arena.close();
                    }
                } catch (Throwable e) {
                    thrown.set(e);
                } finally {
                    if (arena != null && memory.closeable() && arena.scope().isAlive()) {
                        arena.close();
                    }
                }
                if (!memory.closeable()) {
                    System.gc(); // what the GC manages is released after the call
                }
            });
            assertTrue(t.join(LIMIT), () -> where + ": the call did not end: " + Waiting.describe(t));
            assertCanariesIntact(canaries, where);
            Throwable e = thrown.get();
            if (when == When.BEFORE && memory.closeable()) {
                assertTrue(e instanceof IllegalStateException, () -> where + ": memory of a closed arena must be refused, not " + (e == null ? result.get() : e));
            } else if (memory == Memory.HEAP) {
                assertTrue(e instanceof IllegalArgumentException, () -> where + ": heap memory must be refused (native only), not " + (e == null ? result.get() : e));
            } else if (e != null) {
                throw new AssertionError(where + ": unexpected " + e, e);
            }
            int priority = target.getsockopt(SOL_SOCKET, SO_PRIORITY);
            byte[] received = new byte[queued.length + 1];
            assertEquals(queued.length, target.recv(received, MSG_DONTWAIT), where + ": the queued bytes are all still there");
            if (e != null) {
                assertEquals(0, priority, where + ": a refused setsockopt changed nothing");
                return;
            }
            byte[] expected = payload();
            ByteBuffer.wrap(expected).order(java.nio.ByteOrder.nativeOrder()).putInt(0, switch (call) {
                case GETSOCKOPT -> SOCK_STREAM;
                case SETSOCKOPT -> 5;
                case IOCTL -> queued.length;
            });
            assertArrayEquals(expected, after.get(), where + ": the kernel wrote its int, and nothing past it");
            assertEquals(call == Raw.SETSOCKOPT ? 5 : 0, priority, where + ": SO_PRIORITY");
            assertEquals(call == Raw.GETSOCKOPT ? Integer.BYTES : 0, ((Number) result.get()).intValue(), where + ": the result");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The caller's side: its memory, made on the thread that calls (a confined arena belongs to it). */
    private static final class Caller {
        final Memory memory;
        Arena arena;
        MemorySegment segment;   // arena memory, or null
        byte[] array;            // heap memory
        ByteBuffer buffer;       // direct memory
        MmsgBatch batch;
        /** {@code sendto}'s destination: in the arena of the data, or an automatic one for heap and direct data. */
        SockaddrUn to;
        /** Where {@code recvfrom} writes the sender's address: likewise. */
        SockaddrStorage from;

        Caller(Memory memory, Call call, Setup s) {
            this.memory = memory;
            arena = switch (memory) {
                case CONFINED -> Arena.ofConfined();
                case SHARED -> Arena.ofShared();
                case AUTO -> Arena.ofAuto();
                case GLOBAL -> Arena.global();
                case HEAP, DIRECT -> null;
            };
            if (call.batch()) {
                batch = MmsgBatch.allocate(arena, 2, SIZE);
                if (call.sends) {
                    batch.buffer(0).asSlice(0, SIZE).copyFrom(MemorySegment.ofArray(payload()));
                    batch.length(0, SIZE);
                }
                return;
            }
            if (call.namesAnAddress()) {
                // A block of SIZE, so that the canaries take its place when its arena is closed.
                SegmentAllocator addresses = SegmentAllocator.slicingAllocator((arena != null ? arena : Arena.ofAuto()).allocate(SIZE));
                if (call.sends) {
                    to = SockaddrUn.allocate(addresses);
                    MemorySegment.copy(s.peerName.segment(), 0, to.segment(), 0, s.peerName.length());
                    to.length(s.peerName.length());
                } else {
                    from = SockaddrStorage.allocate(addresses);
                }
            }
            byte[] content = call.sends ? payload() : new byte[SIZE];
            switch (call.addressOnly() ? Memory.HEAP : memory) {
                case HEAP -> array = content;
                case DIRECT -> buffer = ByteBuffer.allocateDirect(SIZE).put(content).flip();
                default -> {
                    segment = arena.allocate(SIZE);
                    segment.copyFrom(MemorySegment.ofArray(content));
                }
            }
        }

        IoBuffer io() {
            return array != null ? IoBuffer.of(array) : buffer != null ? IoBuffer.of(buffer) : IoBuffer.of(segment);
        }

        ByteBuffer byteBuffer() {
            return array != null ? ByteBuffer.wrap(array) : buffer != null ? buffer : segment.asByteBuffer();
        }

        Object call(Call call, Setup s) throws IOException {
            PosixSocket target = s.target;
            return switch (call) {
                case SENDMSG -> target.sendmsg(List.of(io()), List.of(), 0, null);
                case RECVMSG -> target.recvmsg(List.of(io()), 0, 0).bytes();
                case WRITEV -> target.writev(io());
                case READV -> target.readv(io());
                case CHANNEL_WRITE -> target.channel().write(new ByteBuffer[] {byteBuffer()});
                case CHANNEL_READ -> target.channel().read(new ByteBuffer[] {byteBuffer()});
                case SEND_FDS -> target.sendFds(List.of(io()), List.of(s.passed));
                case SENDMMSG -> target.sendmmsg(batch, 1, 0);
                case RECVMMSG -> target.recvmmsg(batch, 1, 0);
                case SEND -> array != null ? target.send(array, 0) : buffer != null ? target.send(buffer, 0) : target.send(segment, 0);
                case RECV -> array != null ? target.recv(array, 0) : buffer != null ? target.recv(buffer, 0) : target.recv(segment, 0);
                case WRITE -> array != null ? target.write(array, 0, SIZE) : buffer != null ? target.write(buffer) : target.write(segment);
                case READ -> array != null ? target.read(array, 0, SIZE) : buffer != null ? target.read(buffer) : target.read(segment);
                case CHANNEL_WRITE_ONE -> target.channel().write(byteBuffer());
                case CHANNEL_READ_ONE -> target.channel().read(byteBuffer());
                case SENDTO, SENDTO_ADDRESS -> array != null ? target.sendto(array, 0, SIZE, 0, to)
                        : buffer != null ? target.sendto(buffer, 0, to) : target.sendto(segment, 0, to);
                case RECVFROM, RECVFROM_ADDRESS -> {
                    int n = array != null ? target.recvfrom(array, 0, SIZE, 0, from)
                            : buffer != null ? target.recvfrom(buffer, 0, from) : target.recvfrom(segment, 0, from);
                    // Read while the memory is certainly the caller's: the kernel wrote the peer's name into it.
                    assertEquals(s.peerName, from.decode(), "recvfrom: the sender's address in the caller's memory");
                    yield n;
                }
            };
        }

        /** Closes the arena, or drops what the GC manages and collects, on the calling thread. */
        void release() {
            if (memory.closeable()) {
                arena.close();
            } else {
                System.gc();
            }
        }

        /** The same from another thread, while the call waits. */
        void releaseFromAnotherThread() {
            release();
        }

        void closeIfConfined() {
            if (memory == Memory.CONFINED && arena.scope().isAlive()) {
                arena.close();
            }
        }

        void closeIfShared() {
            if (memory == Memory.SHARED && arena.scope().isAlive()) {
                arena.close();
            }
        }

        /** @return the bytes now in the caller's receiving memory */
        byte[] received() {
            if (batch != null) {
                return batch.toArray(0);
            }
            if (array != null) {
                return array;
            }
            if (buffer != null) {
                byte[] b = new byte[SIZE];
                buffer.duplicate().clear().get(b);
                return b;
            }
            return segment.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The sockets of one case: the one called, its peer, and what makes the call wait. */
    private static final class Setup implements AutoCloseable {
        final PosixSocket target;
        final PosixSocket peer;
        final PosixSocket passed;
        final PosixSocket passedPeer;
        /** The peer's own name (an abstract one), for the calls that name an address. */
        final SockaddrUn peerName;
        /** Bytes (stream) or datagrams queued before the call to make a send wait. */
        final long filled;

        Setup(Call call) throws IOException {
            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, call.datagrams() ? SOCK_DGRAM : SOCK_STREAM, 0);
            target = pair[0];
            peer = pair[1];
            if (call.namesAnAddress()) {
                peerName = SockaddrUn.abstractName("ml-" + ProcessHandle.current().pid() + "-" + THREADS.incrementAndGet());
                peer.bind(peerName);
            } else {
                peerName = null;
            }
            // No timeout on the socket called: in blocking mode a platform thread waits inside the C call itself,
            // where only the linker can keep memory alive. A call that never ends is ended by closing the socket.
            peer.setTimeout(LIMIT);
            PosixSocket[] toPass = call == Call.SEND_FDS ? PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0) : null;
            passed = toPass == null ? null : toPass[0];
            passedPeer = toPass == null ? null : toPass[1];
            if (call.sends) {
                target.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
                peer.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096);
                filled = fill(target, call.datagrams());
            } else {
                filled = 0;
            }
        }

        /** Lets the call go on: the peer sends what a receive waits for, or reads what a send waits behind. */
        void unblock(Call call) throws IOException {
            if (!call.sends) {
                assertEquals(SIZE, peer.send(payload(), 0));
                return;
            }
            byte[] sink = new byte[SIZE];
            if (call.datagrams()) {
                for (long i = 0; i < filled; i++) {
                    assertEquals(1, peer.recv(sink, 0), "a filler datagram");
                }
            } else {
                for (long left = filled; left > 0; ) {
                    left -= peer.recv(sink, 0, (int) Math.min(left, sink.length), 0);
                }
            }
        }

        /** The call completed: the peer got exactly the caller's bytes, or the caller's memory holds exactly the peer's. */
        void checkDelivered(Call call, Object result, byte[] received, String where) throws IOException {
            long n = ((Number) result).longValue();
            assertEquals(call.batch() ? 1 : SIZE, n, where + ": the count");
            if (call.sends) {
                byte[] got = new byte[SIZE];
                int at = 0;
                while (at < SIZE) {
                    int k = peer.recv(got, at, SIZE - at, 0);
                    assertTrue(k > 0, where);
                    at += k;
                }
                assertArrayEquals(payload(), got, where + ": the peer got the caller's bytes, and only them");
            } else {
                assertArrayEquals(payload(), received, where + ": the caller's memory holds what the peer sent");
            }
        }

        /** The call was refused: nothing of the caller's went out, and what the peer sent is still there, whole. */
        void checkNothingMoved(Call call, String where) throws IOException {
            byte[] got = new byte[SIZE + 1];
            if (call.sends) {
                assertEquals(PosixSocket.WOULD_BLOCK, peer.recv(got, MSG_DONTWAIT), where + ": nothing of a refused send arrives");
            } else {
                assertEquals(SIZE, target.recv(got, MSG_DONTWAIT), where + ": a refused receive took nothing");
                assertArrayEquals(payload(), Arrays.copyOf(got, SIZE), where);
            }
        }

        @Override
        public void close() throws IOException {
            target.close();
            peer.close();
            if (passed != null) {
                passed.close();
                passedPeer.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The bytes sent in every case: never {@link #CANARY}, so that a canary's byte in their place shows. */
    static byte[] payload() {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            b[i] = (byte) (0x20 + i % 90);
        }
        return b;
    }

    /** Queues data without waiting until the socket takes no more. @return bytes (stream) or datagrams queued */
    static long fill(PosixSocket s, boolean datagrams) throws IOException {
        long queued = 0;
        byte[] chunk = new byte[1024];
        int[] sizes = datagrams ? new int[] {1} : new int[] {1024, 1};
        for (int size : sizes) {
            int n;
            while ((n = s.send(chunk, 0, size, MSG_DONTWAIT)) != PosixSocket.WOULD_BLOCK) {
                queued += datagrams ? 1 : n;
            }
        }
        assertTrue(queued > 0, "something was queued");
        return queued;
    }

    /**
     * Waits until {@code t} waits in its call: a call in flight on the socket, the thread asleep, and one of its
     * frames in the library's waiting code. @return {@code "C call"} when a platform thread waits inside the C
     * call's own downcall, {@code "elsewhere"} when it waits for readiness (poll, the poller)
     */
    static String awaitInCall(PosixSocket socket, Thread t, Call call, String where) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int seen = 0;
        while (System.nanoTime() - deadline < 0) {
            boolean waiting = socket.callsInFlight() >= 1 && Waiting.asleep(t)
                    && (Waiting.hasFrame(t, Waiting.LIBC, null) || Waiting.hasFrame(t, Waiting.POLLER, null));
            seen = waiting ? seen + 1 : 0;
            if (seen == 3) { // three looks in a row, so that a thread passing through is not taken for waiting
                return !t.isVirtual() && Waiting.hasFrame(t, Waiting.LIBC, call.libc()) ? "C call" : "elsewhere";
            }
            if (!t.isAlive()) {
                fail(where + ": the call ended before it waited");
            }
            LockSupport.parkNanos(1_000_000);
        }
        fail(where + ": the call never waited: " + Waiting.describe(t));
        return null;
    }

    private static void assertCanariesIntact(List<MemorySegment> canaries, String where) {
        for (MemorySegment c : canaries) {
            long at = c.mismatch(MemorySegment.ofArray(new byte[SIZE]).fill(CANARY));
            if (at != -1) {
                fail(where + ": the kernel wrote into memory allocated after the caller's arena was closed"
                        + " (byte " + at + " of a canary is " + c.get(ValueLayout.JAVA_BYTE, at) + ")");
            }
        }
    }

    private static Thread start(Kind kind, Runnable body) {
        String name = "ml" + THREADS.incrementAndGet(); // unique, and short enough for the kernel's 15-byte comm
        return kind == Kind.VIRTUAL ? Thread.ofVirtual().name(name).start(body)
                : Thread.ofPlatform().name(name).daemon().start(body);
    }
}
