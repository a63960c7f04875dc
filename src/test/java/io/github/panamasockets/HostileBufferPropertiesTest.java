package io.github.panamasockets;

import static io.github.panamasockets.GeneratedCases.between;
import static io.github.panamasockets.GeneratedCases.hostileInt;
import static io.github.panamasockets.GeneratedCases.oneIn;
import static io.github.panamasockets.GeneratedCases.pick;
import static io.github.panamasockets.HostilePeers.data;
import static io.github.panamasockets.HostilePeers.drainDatagrams;
import static io.github.panamasockets.HostilePeers.drainStream;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;

/**
 * Generated hostile buffers for the data calls ({@code send}, {@code write}, {@code sendto}, {@code recv},
 * {@code read}, {@code recvfrom}, and {@code sendmsg}/{@code recvmsg} for buffers): arrays with negative, huge
 * and overflowing offsets and lengths, and {@link ByteBuffer}s of every kind (heap, direct, read-only,
 * sliced, backed by a segment, backed by a segment of a closed arena) at random positions and limits, on open
 * and closed sockets.
 *
 * <p>Each case must end in exactly the expected way: transferred bytes counted and placed right, or
 * {@link IndexOutOfBoundsException} (bad bounds), {@link IllegalArgumentException} (receiving into a read-only
 * buffer), {@link IllegalStateException} (a closed arena) or {@link SocketClosedException}, with nothing
 * transferred. Every buffer sits between guard bytes, which must be intact after the call, and receiving
 * buffers are pre-filled with them, so a byte written past the returned count is caught too.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileBufferPropertiesTest {
    private static final GeneratedCases CASES = new GeneratedCases("buffers");

    @AfterAll
    static void report() {
        System.out.printf("hostile input: buffers ran %,d generated cases%n", CASES.count());
    }

    enum Op {
        SEND, WRITE, SENDTO, SENDMSG, RECV, READ, RECVFROM, RECVMSG;

        boolean receives() {
            return ordinal() >= RECV.ordinal();
        }

        boolean datagram() {
            return this == SENDTO || this == RECVFROM;
        }

        String call() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Arrays: offsets and lengths

    record ArrayCase(Op op, int length, int off, int len, int queued, boolean closed) {}

    private static final List<Op> ARRAY_OPS = List.of(Op.SEND, Op.WRITE, Op.SENDTO, Op.RECV, Op.READ, Op.RECVFROM);

    private static final Gen<ArrayCase> ARRAY_CASES = rs -> {
        int length = between(rs, 0, 4096);
        int off;
        int len;
        if (between(rs, 0, 9) < 6) { // within bounds
            off = between(rs, 0, length);
            len = between(rs, 0, length - off);
        } else {
            off = hostileInt(rs, length);
            len = hostileInt(rs, length);
        }
        return new ArrayCase(pick(rs, ARRAY_OPS), length, off, len, between(rs, 1, 600), oneIn(rs, 10));
    };

    @Test
    void arraysWithAnyOffsetAndLength() throws Exception {
        try (HostilePeers p = new HostilePeers(); Arena arena = Arena.ofConfined()) {
            Canary fromCanary = new Canary(arena, 128);
            CASES.forAll("arraysWithAnyOffsetAndLength", 12_000, ARRAY_CASES, c -> array(p, fromCanary, c));
        }
    }

    private static void array(HostilePeers p, Canary fromCanary, ArrayCase c) throws IOException {
        boolean in = c.op.receives();
        byte[] arr = new byte[c.length];
        if (in) {
            Arrays.fill(arr, Canary.GUARD);
        } else {
            for (int i = 0; i < arr.length; i++) {
                arr[i] = data(i);
            }
        }
        boolean valid = c.off >= 0 && c.len >= 0 && c.off <= c.length - c.len;
        PosixSocket s = c.closed ? p.closed : c.op.datagram() ? (in ? p.u2 : p.u1) : p.a;
        if (in && !c.closed) {
            queue(p, c.op, c.queued);
        }
        SockaddrStorage from = c.op == Op.RECVFROM ? SockaddrStorage.allocate((size, align) -> fromCanary.body(size, 0)) : null;
        int n;
        try {
            n = switch (c.op) {
                case SEND -> s.send(arr, c.off, c.len, 0);
                case WRITE -> s.write(arr, c.off, c.len);
                case SENDTO -> s.sendto(arr, c.off, c.len, 0, p.u2Name);
                case RECV -> s.recv(arr, c.off, c.len, 0);
                case READ -> s.read(arr, c.off, c.len);
                case RECVFROM -> s.recvfrom(arr, c.off, c.len, 0, from);
                default -> throw new AssertionError(c.op);
            };
        } catch (IndexOutOfBoundsException e) {
            assertFalse(valid, () -> "in-bounds arguments refused: " + e);
            assertNothingMoved(p, c.op, c.closed ? 0 : c.queued, c);
            return;
        } catch (SocketClosedException e) {
            assertTrue(c.closed && valid, () -> "unexpected " + e);
            return;
        }
        assertTrue(valid && !c.closed, "returned " + n + " instead of throwing");
        if (in) {
            int expected = Math.min(c.len, c.queued);
            assertEquals(expected, n, "bytes received");
            for (int i = 0; i < n; i++) {
                assertEquals(data(i), arr[c.off + i], "received byte " + i);
            }
            Canary.assertArrayGuards(arr, c.off, c.off + n, c);
            if (from != null) {
                fromCanary.assertGuardsIntact(c);
                assertEquals(p.u1Name, from.decode(), "the sender's address");
            }
            assertLeftOver(p, c.op, c.queued, n, c);
        } else {
            assertEquals(c.len, n, "bytes sent");
            byte[] sent = Arrays.copyOfRange(arr, c.off, c.off + c.len);
            assertArrayEquals(sent, received(p, c.op), "the peer got exactly the bytes of the range");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // ByteBuffers of every kind

    enum Kind {
        HEAP, DIRECT, HEAP_READ_ONLY, DIRECT_READ_ONLY, HEAP_NESTED_SLICE, DIRECT_NESTED_SLICE, SEGMENT_BACKED, CLOSED_ARENA;

        boolean readOnly() {
            return this == HEAP_READ_ONLY || this == DIRECT_READ_ONLY;
        }
    }

    record BufferCase(Op op, Kind kind, int capacity, int position, int limit, int queued, boolean closed) {}

    private static final int G = 32;

    private static final Gen<BufferCase> BUFFER_CASES = rs -> {
        int capacity = between(rs, 0, 4096);
        int limit = between(rs, 0, capacity);
        int position = between(rs, 0, limit);
        return new BufferCase(pick(rs, List.of(Op.values())), pick(rs, List.of(Kind.values())), capacity, position, limit,
                between(rs, 1, 600), oneIn(rs, 10));
    };

    @Test
    void byteBuffersOfEveryKind() throws Exception {
        try (HostilePeers p = new HostilePeers(); Arena arena = Arena.ofConfined()) {
            CASES.forAll("byteBuffersOfEveryKind", 10_000, BUFFER_CASES, c -> buffer(p, arena, c));
        }
    }

    private static void buffer(HostilePeers p, Arena arena, BufferCase c) throws IOException {
        boolean in = c.op.receives();
        // The backing store, G guard bytes either side of the buffer's capacity.
        ByteBuffer backing = switch (c.kind) {
            case HEAP, HEAP_READ_ONLY, HEAP_NESTED_SLICE -> ByteBuffer.allocate(c.capacity + 2 * G);
            case DIRECT, DIRECT_READ_ONLY, DIRECT_NESTED_SLICE -> ByteBuffer.allocateDirect(c.capacity + 2 * G);
            case SEGMENT_BACKED -> arena.allocate(c.capacity + 2 * G).asByteBuffer();
            case CLOSED_ARENA -> null;
        };
        ByteBuffer view;
        if (backing == null) {
            Arena gone = Arena.ofConfined();
            view = gone.allocate(Math.max(1, c.capacity)).asByteBuffer().limit(c.capacity);
            gone.close();
        } else {
            for (int i = 0; i < backing.capacity(); i++) {
                backing.put(i, i >= G && i < G + c.capacity && !in ? data(i - G) : Canary.GUARD);
            }
            view = switch (c.kind) {
                case HEAP_NESTED_SLICE, DIRECT_NESTED_SLICE -> backing.slice(G / 2, c.capacity + G).slice(G / 2, c.capacity);
                default -> backing.slice(G, c.capacity);
            };
            if (c.kind.readOnly()) {
                view = view.asReadOnlyBuffer();
            }
        }
        view.limit(c.limit).position(c.position);
        int remaining = c.limit - c.position;

        PosixSocket s = c.closed ? p.closed : c.op.datagram() ? (in ? p.u2 : p.u1) : p.a;
        if (in && !c.closed) {
            queue(p, c.op, c.queued);
        }
        Class<? extends Exception> expected = expectedFailure(c);
        int n;
        try {
            n = switch (c.op) {
                case SEND -> s.send(view, 0);
                case WRITE -> s.write(view);
                case SENDTO -> s.sendto(view, 0, p.u2Name);
                case SENDMSG -> s.sendmsg(List.of(IoBuffer.of(view)), List.of(), 0, null);
                case RECV -> s.recv(view, 0);
                case READ -> s.read(view);
                case RECVFROM -> s.recvfrom(view, 0, null);
                case RECVMSG -> s.recvmsg(List.of(IoBuffer.of(view)), 0, 0).bytes();
            };
        } catch (IllegalArgumentException | IllegalStateException | SocketClosedException e) {
            if (expected == null || !expected.isInstance(e)) {
                fail("expected " + (expected == null ? "success" : expected.getSimpleName()) + ", got " + e + ": " + c);
            }
            assertEquals(c.position, view.position(), "a refused call moves no position");
            if (!c.closed) {
                assertNothingMoved(p, c.op, c.queued, c);
            }
            assertGuards(backing, c, 0);
            return;
        }
        assertEquals(null, expected, () -> "succeeded where " + expected.getSimpleName() + " was due: " + c);
        if (in) {
            int want = Math.min(remaining, c.queued);
            assertEquals(want, n, "bytes received");
            assertEquals(c.position + n, view.position(), "the position advanced by the count");
            for (int i = 0; i < n; i++) {
                assertEquals(data(i), view.get(c.position + i), "received byte " + i);
            }
            assertGuards(backing, c, n);
            assertLeftOver(p, c.op, c.queued, n, c);
        } else {
            assertEquals(remaining, n, "bytes sent");
            assertEquals(c.limit, view.position(), "the position advanced to the limit");
            assertArrayEquals(HostilePeers.data(c.position, c.limit), received(p, c.op), "the peer got the remaining bytes");
            assertGuards(backing, c, 0);
        }
    }

    /** The exception a buffer case must end in, in the order the library checks; {@code null} for success. */
    private static Class<? extends Exception> expectedFailure(BufferCase c) {
        if (c.op.receives() && c.kind.readOnly()) {
            return IllegalArgumentException.class;
        }
        boolean message = c.op == Op.SENDMSG || c.op == Op.RECVMSG;
        if (message && c.kind == Kind.CLOSED_ARENA) {
            return IllegalStateException.class; // the msghdr is built before the socket is entered
        }
        if (c.closed) {
            return SocketClosedException.class;
        }
        return c.kind == Kind.CLOSED_ARENA ? IllegalStateException.class : null;
    }

    /** Outside the buffer, and inside it past the {@code written} bytes from the position, all guard bytes. */
    private static void assertGuards(ByteBuffer backing, BufferCase c, int written) {
        if (backing == null) {
            return; // the memory of a closed arena is gone
        }
        boolean in = c.op.receives();
        for (int i = 0; i < backing.capacity(); i++) {
            boolean inView = i >= G && i < G + c.capacity;
            boolean receivedHere = inView && i - G >= c.position && i - G < c.position + written;
            byte want = inView && !in ? data(i - G) : Canary.GUARD;
            if (!receivedHere && backing.get(i) != want) {
                fail("backing byte " + i + " changed (buffer at " + G + ".." + (G + c.capacity) + "): " + c);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Puts {@code n} bytes where the receiving side of {@code op} will find them. */
    static void queue(HostilePeers p, Op op, int n) throws IOException {
        byte[] d = HostilePeers.data(0, n);
        if (op.datagram()) {
            assertEquals(n, p.u1.sendto(d, 0, n, 0, p.u2Name));
        } else {
            assertEquals(n, p.b.send(d, 0));
        }
    }

    /** What the peer of a sending {@code op} received: one datagram, or the stream's bytes. */
    static byte[] received(HostilePeers p, Op op) throws IOException {
        if (op.datagram()) {
            List<byte[]> datagrams = drainDatagrams(p.u2);
            assertEquals(1, datagrams.size(), "one datagram");
            return datagrams.get(0);
        }
        return drainStream(p.b);
    }

    /** After a receive of {@code n} of {@code queued} bytes: the rest of a stream is still there, a datagram is gone. */
    static void assertLeftOver(HostilePeers p, Op op, int queued, int n, Object c) throws IOException {
        if (op.datagram()) {
            assertTrue(drainDatagrams(p.u2).isEmpty(), () -> "the datagram was consumed whole: " + c);
        } else {
            assertArrayEquals(HostilePeers.data(n, queued), drainStream(p.a), () -> "the rest stays queued: " + c);
        }
    }

    /** After a refused call: a receive left its {@code queued} bytes in place, a send sent nothing. */
    static void assertNothingMoved(HostilePeers p, Op op, int queued, Object c) throws IOException {
        if (op.receives()) {
            if (op.datagram()) {
                List<byte[]> left = drainDatagrams(p.u2);
                assertEquals(queued == 0 ? 0 : 1, left.size(), () -> "the datagram is still queued: " + c);
            } else {
                assertEquals(queued, drainStream(p.a).length, () -> "the bytes are still queued: " + c);
            }
        } else if (op.datagram()) {
            assertTrue(drainDatagrams(p.u2).isEmpty(), () -> "nothing was sent: " + c);
        } else {
            assertEquals(0, drainStream(p.b).length, () -> "nothing was sent: " + c);
        }
    }
}
