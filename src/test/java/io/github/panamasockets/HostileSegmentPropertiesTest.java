package io.github.panamasockets;

import static io.github.panamasockets.GeneratedCases.between;
import static io.github.panamasockets.GeneratedCases.oneIn;
import static io.github.panamasockets.GeneratedCases.pick;
import static io.github.panamasockets.HostileBufferPropertiesTest.assertLeftOver;
import static io.github.panamasockets.HostileBufferPropertiesTest.assertNothingMoved;
import static io.github.panamasockets.HostileBufferPropertiesTest.queue;
import static io.github.panamasockets.HostileBufferPropertiesTest.received;
import static io.github.panamasockets.HostilePeers.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panamasockets.HostileBufferPropertiesTest.Op;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;

/**
 * Generated hostile {@link MemorySegment}s for the data calls: native and heap segments of random size and
 * alignment, read-only ones, segments of a closed arena, segments confined to another thread and
 * {@code MemorySegment.NULL}; and scatter/gather lists of up to six buffers of mixed kinds for
 * {@code sendmsg}/{@code recvmsg}, with a random (also negative) control-buffer length.
 *
 * <p>As in {@link HostileBufferPropertiesTest}: exactly the expected outcome — the count and the bytes in
 * order, or {@link IllegalArgumentException}, {@link IllegalStateException}, {@link WrongThreadException},
 * {@link SocketClosedException}, with nothing transferred — and guard bytes intact around every buffer.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileSegmentPropertiesTest {
    private static final GeneratedCases CASES = new GeneratedCases("segments");
    private static final int MAX = 8192;
    private static final int G = 32;

    @AfterAll
    static void report() {
        System.out.printf("hostile input: segments ran %,d generated cases%n", CASES.count());
    }

    enum Kind {
        NATIVE, HEAP, NATIVE_READ_ONLY, HEAP_READ_ONLY, CLOSED_ARENA, OTHER_THREAD, NULL;

        boolean readOnly() {
            return this == NATIVE_READ_ONLY || this == HEAP_READ_ONLY;
        }
    }

    record SegmentCase(Op op, Kind kind, int size, int misalign, int queued, boolean closed) {}

    private static final Gen<SegmentCase> SEGMENT_CASES = rs -> {
        Kind kind = pick(rs, List.of(Kind.values()));
        int size = kind == Kind.NULL ? 0 : pick(rs, 0, 1, between(rs, 0, 64), between(rs, 0, MAX), MAX);
        return new SegmentCase(pick(rs, List.of(Op.values())), kind, size, between(rs, 0, 15), between(rs, 1, 600), oneIn(rs, 10));
    };

    @Test
    void segmentsOfEveryKind() throws Exception {
        ExecutorService owner = Executors.newSingleThreadExecutor();
        Arena[] foreignArena = new Arena[1];
        try (HostilePeers p = new HostilePeers(); Arena arena = Arena.ofConfined()) {
            MemorySegment foreign = owner.submit(() -> {
                foreignArena[0] = Arena.ofConfined();
                return foreignArena[0].allocate(MAX);
            }).get();
            Canary canary = new Canary(arena, MAX);
            CASES.forAll("segmentsOfEveryKind", 10_000, SEGMENT_CASES, c -> segment(p, canary, foreign, c));
        } finally {
            owner.submit(() -> foreignArena[0].close()).get();
            owner.shutdown();
        }
    }

    private static void segment(HostilePeers p, Canary canary, MemorySegment foreign, SegmentCase c) throws IOException {
        boolean in = c.op.receives();
        byte[] heap = null;
        MemorySegment seg = switch (c.kind) {
            case NATIVE, NATIVE_READ_ONLY -> canary.body(c.size, c.misalign);
            case HEAP, HEAP_READ_ONLY -> {
                heap = new byte[c.size + 2 * G];
                Arrays.fill(heap, Canary.GUARD);
                yield MemorySegment.ofArray(heap).asSlice(G, c.size);
            }
            case CLOSED_ARENA -> {
                Arena gone = Arena.ofConfined();
                MemorySegment s = gone.allocate(Math.max(1, c.size)).asSlice(0, c.size);
                gone.close();
                yield s;
            }
            case OTHER_THREAD -> foreign.asSlice(0, c.size);
            case NULL -> MemorySegment.NULL;
        };
        boolean checkable = c.kind != Kind.CLOSED_ARENA && c.kind != Kind.OTHER_THREAD && c.kind != Kind.NULL;
        if (!in && checkable) {
            for (int i = 0; i < c.size; i++) {
                seg.set(ValueLayout.JAVA_BYTE, i, data(i));
            }
        }
        if (c.kind.readOnly()) {
            seg = seg.asReadOnly();
        }
        PosixSocket s = c.closed ? p.closed : c.op.datagram() ? (in ? p.u2 : p.u1) : p.a;
        if (in && !c.closed) {
            queue(p, c.op, c.queued);
        }
        Class<? extends Exception> expected = expectedFailure(c);
        int n;
        try {
            MemorySegment m = seg;
            n = switch (c.op) {
                case SEND -> s.send(m, 0);
                case WRITE -> s.write(m);
                case SENDTO -> s.sendto(m, 0, p.u2Name);
                case SENDMSG -> s.sendmsg(List.of(IoBuffer.of(m)), List.of(), 0, null);
                case RECV -> s.recv(m, 0);
                case READ -> s.read(m);
                case RECVFROM -> s.recvfrom(m, 0, null);
                case RECVMSG -> s.recvmsg(List.of(IoBuffer.of(m)), 0, 0).bytes();
            };
        } catch (IllegalArgumentException | IllegalStateException | WrongThreadException | SocketClosedException e) {
            if (expected == null || !expected.isInstance(e) || (e instanceof IllegalStateException && expected != IllegalStateException.class)) {
                fail("expected " + (expected == null ? "success" : expected.getSimpleName()) + ", got " + e + ": " + c);
            }
            if (!c.closed) {
                assertNothingMoved(p, c.op, c.queued, c);
            }
            checkGuards(canary, heap, c, 0);
            return;
        }
        assertNull(expected, () -> "succeeded where " + expected.getSimpleName() + " was due: " + c);
        if (in) {
            assertEquals(Math.min(c.size, c.queued), n, "bytes received");
            for (int i = 0; i < n; i++) {
                assertEquals(data(i), seg.get(ValueLayout.JAVA_BYTE, i), "received byte " + i);
            }
            checkGuards(canary, heap, c, n);
            assertLeftOver(p, c.op, c.queued, n, c);
        } else {
            assertEquals(c.size, n, "bytes sent");
            assertArrayEquals(HostilePeers.data(0, c.size), received(p, c.op), "the peer got the segment's bytes");
            checkGuards(canary, heap, c, c.size);
        }
    }

    private static Class<? extends Exception> expectedFailure(SegmentCase c) {
        if (c.op.receives() && c.kind.readOnly()) {
            return IllegalArgumentException.class;
        }
        boolean message = c.op == Op.SENDMSG || c.op == Op.RECVMSG;
        if (message && c.kind == Kind.CLOSED_ARENA) {
            return IllegalStateException.class; // the msghdr is built before the socket is entered
        }
        if (message && c.kind == Kind.OTHER_THREAD) {
            return WrongThreadException.class;
        }
        if (c.closed) {
            return SocketClosedException.class;
        }
        return c.kind == Kind.CLOSED_ARENA ? IllegalStateException.class
                : c.kind == Kind.OTHER_THREAD ? WrongThreadException.class : null;
    }

    private static void checkGuards(Canary canary, byte[] heap, SegmentCase c, int written) {
        if (c.kind == Kind.NATIVE || c.kind == Kind.NATIVE_READ_ONLY) {
            canary.assertGuardsIntact(c);
            if (c.op.receives()) {
                canary.assertBodyUntouchedFrom(written, c);
            }
        } else if (heap != null) {
            if (c.op.receives()) {
                Canary.assertArrayGuards(heap, G, G + written, c);
            } else {
                Canary.assertArrayGuards(heap, G, G + c.size, c);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scatter/gather lists of mixed kinds

    enum PartKind {
        ARRAY, HEAP_BUFFER, DIRECT_BUFFER, NATIVE_SEGMENT, HEAP_SEGMENT, READ_ONLY_BUFFER, READ_ONLY_SEGMENT, CLOSED_SEGMENT;

        boolean readOnly() {
            return this == READ_ONLY_BUFFER || this == READ_ONLY_SEGMENT;
        }
    }

    record MessageCase(boolean send, boolean datagram, List<PartKind> kinds, List<Integer> lengths, int controlLength,
                       int queued, boolean closed) {
        int total() {
            return lengths.stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final Gen<MessageCase> MESSAGE_CASES = rs -> {
        int parts = between(rs, 0, 6);
        List<PartKind> kinds = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            // Mostly usable kinds, so that most lists get through to the kernel.
            kinds.add(oneIn(rs, 6) ? pick(rs, List.of(PartKind.values())) : pick(rs, List.of(PartKind.values()).subList(0, 5)));
            lengths.add(pick(rs, 0, 1, between(rs, 0, 100), between(rs, 0, 2048)));
        }
        int control = pick(rs, 0, 0, between(rs, 1, 512), 4096, -1, -between(rs, 1, 1 << 20));
        return new MessageCase(rs.next(org.quicktheories.impl.Constraint.between(0, 1)) == 0, oneIn(rs, 3), kinds, lengths,
                control, between(rs, 1, 6000), oneIn(rs, 10));
    };

    /** One buffer of a list, between guards; for a send it holds the data for stream offsets from {@code at}. */
    private record Part(IoBuffer buffer, byte[] heap, ByteBuffer backing, MemorySegment segment, PartKind kind, int length) {}

    @Test
    void scatterGatherListsOfMixedKinds() throws Exception {
        try (HostilePeers p = new HostilePeers()) {
            CASES.forAll("scatterGatherListsOfMixedKinds", 6_000, MESSAGE_CASES, c -> message(p, c));
        }
    }

    private static void message(HostilePeers p, MessageCase c) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            List<Part> parts = new ArrayList<>();
            int at = 0;
            for (int i = 0; i < c.kinds.size(); i++) {
                parts.add(part(arena, c.kinds.get(i), c.lengths.get(i), c.send ? at : -1));
                at += c.lengths.get(i);
            }
            List<IoBuffer> buffers = parts.stream().map(Part::buffer).toList();
            Op op = c.send ? (c.datagram ? Op.SENDTO : Op.SEND) : (c.datagram ? Op.RECVFROM : Op.RECV);
            PosixSocket s = c.closed ? p.closed : c.datagram ? (c.send ? p.u1 : p.u2) : p.a;
            if (!c.send && !c.closed) {
                queue(p, op, c.queued);
            }
            Class<? extends Exception> expected = expectedFailure(c);
            int n;
            MsgResult r = null;
            try {
                if (c.send) {
                    n = s.sendmsg(buffers, List.of(), 0, c.datagram ? p.u2Name : null);
                } else {
                    r = s.recvmsg(buffers, c.controlLength, 0);
                    n = r.bytes();
                }
            } catch (IllegalArgumentException | IllegalStateException | SocketClosedException e) {
                if (expected == null || !expected.isInstance(e)) {
                    fail("expected " + (expected == null ? "success" : expected.getSimpleName()) + ", got " + e + ": " + c);
                }
                if (!c.closed) {
                    assertNothingMoved(p, op, c.queued, c);
                }
                checkParts(parts, c, 0, true);
                return;
            }
            assertNull(expected, () -> "succeeded where " + expected.getSimpleName() + " was due: " + c);
            int total = c.total();
            if (c.send) {
                assertEquals(total, n, "bytes sent");
                assertArrayEquals(HostilePeers.data(0, total), received(p, op), "the peer got the parts in order");
                checkParts(parts, c, total, false);
            } else {
                assertEquals(Math.min(total, c.queued), n, "bytes received");
                assertTrue(r.control().isEmpty(), "no control messages were sent");
                if (c.datagram) {
                    assertEquals(p.u1Name, r.from(), "the sender");
                    assertEquals(c.queued > total, (r.flags() & SocketConstants.MSG_TRUNC) != 0, "MSG_TRUNC");
                }
                checkParts(parts, c, n, false);
                assertLeftOver(p, op, c.queued, n, c);
            }
        }
    }

    private static Class<? extends Exception> expectedFailure(MessageCase c) {
        if (!c.send && (c.controlLength < 0 || c.kinds.stream().anyMatch(PartKind::readOnly))) {
            return IllegalArgumentException.class;
        }
        if (c.kinds.contains(PartKind.CLOSED_SEGMENT)) {
            return IllegalStateException.class;
        }
        return c.closed ? SocketClosedException.class : null;
    }

    private static Part part(Arena arena, PartKind kind, int length, int dataAt) {
        byte[] heap = null;
        ByteBuffer backing = null;
        MemorySegment segment = null;
        IoBuffer buffer;
        switch (kind) {
            case ARRAY, HEAP_SEGMENT, HEAP_BUFFER, READ_ONLY_BUFFER -> {
                heap = new byte[length + 2 * G];
                Arrays.fill(heap, Canary.GUARD);
                fill(MemorySegment.ofArray(heap).asSlice(G, length), dataAt);
                buffer = switch (kind) {
                    case ARRAY -> IoBuffer.of(heap, G, length);
                    case HEAP_SEGMENT -> IoBuffer.of(MemorySegment.ofArray(heap).asSlice(G, length));
                    case HEAP_BUFFER -> IoBuffer.of(ByteBuffer.wrap(heap, G, length));
                    default -> IoBuffer.of(ByteBuffer.wrap(heap, G, length).asReadOnlyBuffer());
                };
            }
            case DIRECT_BUFFER -> {
                backing = ByteBuffer.allocateDirect(length + 2 * G);
                segment = MemorySegment.ofBuffer(backing);
                segment.fill(Canary.GUARD);
                fill(segment.asSlice(G, length), dataAt);
                buffer = IoBuffer.of(backing.position(G).limit(G + length));
            }
            case NATIVE_SEGMENT, READ_ONLY_SEGMENT -> {
                segment = arena.allocate(length + 2 * G);
                segment.fill(Canary.GUARD);
                fill(segment.asSlice(G, length), dataAt);
                MemorySegment body = segment.asSlice(G, length);
                buffer = IoBuffer.of(kind == PartKind.READ_ONLY_SEGMENT ? body.asReadOnly() : body);
            }
            case CLOSED_SEGMENT -> {
                Arena gone = Arena.ofConfined();
                MemorySegment s = gone.allocate(Math.max(1, length)).asSlice(0, length);
                gone.close();
                buffer = IoBuffer.of(s);
            }
            default -> throw new AssertionError(kind);
        }
        if (segment == null && heap != null) {
            segment = MemorySegment.ofArray(heap);
        }
        return new Part(buffer, heap, backing, segment, kind, length);
    }

    private static void fill(MemorySegment body, int dataAt) {
        if (dataAt >= 0) {
            for (int i = 0; i < body.byteSize(); i++) {
                body.set(ValueLayout.JAVA_BYTE, i, data(dataAt + i));
            }
        }
    }

    /**
     * Every part's guards intact; for a receive, part i holds the stream bytes from its offset up to {@code n}
     * and guard bytes after them, and a ByteBuffer's position moved by what it got; for a send, parts unchanged
     * and ByteBuffers moved to their limits; after a refused call, no position moved.
     */
    private static void checkParts(List<Part> parts, MessageCase c, int n, boolean refused) {
        int at = 0;
        for (Part part : parts) {
            if (part.kind == PartKind.CLOSED_SEGMENT) {
                at += part.length;
                continue;
            }
            int got = Math.max(0, Math.min(part.length, n - at));
            for (int i = 0; i < part.length + 2 * G; i++) {
                byte want;
                if (i < G || i >= G + part.length) {
                    want = Canary.GUARD;
                } else if (c.send) {
                    want = data(at + i - G);
                } else {
                    want = i - G < got ? data(at + i - G) : Canary.GUARD;
                }
                byte is = part.segment.get(ValueLayout.JAVA_BYTE, i);
                if (is != want) {
                    fail("part at stream offset " + at + " (" + part.kind + "), byte " + (i - G) + ": " + is + " not " + want + ": " + c);
                }
            }
            if (part.buffer instanceof IoBuffer.Buffer b) {
                // wrap(heap, G, len) and position(G) both start the buffer at G
                int moved = refused ? 0 : c.send ? part.length : got;
                assertEquals(G + moved, b.buffer().position(), "position of " + part.kind);
            }
            at += part.length;
        }
    }
}
