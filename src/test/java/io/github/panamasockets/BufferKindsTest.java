package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SHUT_WR;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketIo.recvTimeout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every buffer kind moves the same bytes through {@code send}/{@code recv} and {@code write}/{@code read} on a
 * {@code socketpair}: {@code byte[]} with offset and length (bytes outside the range untouched), heap
 * {@link ByteBuffer}s (also a slice with a non-zero array offset) and direct ones (the position advances by the
 * bytes transferred, the limit stays), native {@link MemorySegment}s and heap ones ({@link MemorySegment#ofArray}),
 * in every sender/receiver combination. A call that would block ({@code MSG_DONTWAIT}) returns
 * {@link PosixSocket#WOULD_BLOCK} and touches no buffer. Bad bounds throw {@link IndexOutOfBoundsException} and
 * transfer nothing; a read-only buffer or segment is refused for receiving with {@link IllegalArgumentException}
 * and nothing is consumed; a segment of a closed arena throws {@link IllegalStateException} and leaves the
 * socket working; a send of more than 1 MiB from heap memory returns a partial count of at most 1 MiB whose
 * bytes are exactly the data's prefix, while native memory goes to the kernel whole.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BufferKindsTest {
    /** Bytes before and after the region a call is given. */
    private static final int PAD = 7;
    private static final byte SENTINEL = (byte) 0xEE;
    private static final byte GARBAGE = (byte) 0x33;
    /** The largest piece a transfer from or to the Java heap moves in one call. */
    private static final int BOUNCE_CAP = 1 << 20;

    /** What a receive returned and the bytes it stored in the region it was given. */
    record Received(int n, byte[] stored) {}

    enum Kind {
        ARRAY, HEAP_BUFFER, DIRECT_BUFFER, NATIVE_SEGMENT, HEAP_SEGMENT;

        /**
         * Sends {@code payload} from a buffer of this kind in which it sits between {@link #PAD} bytes of garbage
         * on each side, checking position and limit afterwards.
         */
        int send(PosixSocket s, byte[] payload, int flags, Arena arena, boolean viaWrite) throws IOException {
            int len = payload.length;
            byte[] framed = new byte[PAD + len + PAD];
            Arrays.fill(framed, GARBAGE);
            System.arraycopy(payload, 0, framed, PAD, len);
            switch (this) {
                case ARRAY -> {
                    byte[] copy = framed.clone();
                    int n = viaWrite ? s.write(framed, PAD, len) : s.send(framed, PAD, len, flags);
                    assertArrayEquals(copy, framed, "send modified its array");
                    return n;
                }
                case HEAP_BUFFER, DIRECT_BUFFER -> {
                    ByteBuffer bb;
                    if (this == HEAP_BUFFER) {
                        // A slice whose array offset is 3: the data does not start at the array's index 0.
                        byte[] backing = new byte[framed.length + 6];
                        Arrays.fill(backing, GARBAGE);
                        System.arraycopy(framed, 0, backing, 3, framed.length);
                        bb = ByteBuffer.wrap(backing, 3, framed.length).slice();
                        assertEquals(3, bb.arrayOffset());
                    } else {
                        bb = ByteBuffer.allocateDirect(framed.length).put(framed);
                    }
                    bb.limit(PAD + len).position(PAD);
                    int n = viaWrite ? s.write(bb) : s.send(bb, flags);
                    assertEquals(PAD + Math.max(n, 0), bb.position(), "position after sending " + n);
                    assertEquals(PAD + len, bb.limit(), "limit after send");
                    return n;
                }
                case NATIVE_SEGMENT -> {
                    MemorySegment seg = arena.allocate(framed.length);
                    MemorySegment.copy(framed, 0, seg, ValueLayout.JAVA_BYTE, 0, framed.length);
                    MemorySegment slice = seg.asSlice(PAD, len);
                    return viaWrite ? s.write(slice) : s.send(slice, flags);
                }
                case HEAP_SEGMENT -> {
                    MemorySegment slice = MemorySegment.ofArray(framed).asSlice(PAD, len);
                    return viaWrite ? s.write(slice) : s.send(slice, flags);
                }
                default -> throw new AssertionError(this);
            }
        }

        /**
         * Receives into {@code room} bytes of a buffer of this kind, between {@link #PAD} sentinel bytes on each
         * side; checks that nothing but the first bytes of the room changed and that a buffer's position moved
         * by exactly what was stored.
         */
        Received recv(PosixSocket s, int room, int flags, Arena arena, boolean viaRead) throws IOException {
            int total = PAD + room + PAD;
            int n;
            byte[] after;
            switch (this) {
                case ARRAY -> {
                    after = sentinels(total);
                    n = viaRead ? s.read(after, PAD, room) : s.recv(after, PAD, room, flags);
                }
                case HEAP_BUFFER, DIRECT_BUFFER -> {
                    ByteBuffer bb;
                    byte[] backing = null;
                    if (this == HEAP_BUFFER) {
                        backing = sentinels(total + 6);
                        bb = ByteBuffer.wrap(backing, 3, total).slice();
                    } else {
                        bb = ByteBuffer.allocateDirect(total).put(sentinels(total)).clear();
                    }
                    bb.limit(PAD + room).position(PAD);
                    n = viaRead ? s.read(bb) : s.recv(bb, flags);
                    int stored = Math.clamp(n, 0, room);
                    assertEquals(PAD + stored, bb.position(), "position after receiving " + n);
                    assertEquals(PAD + room, bb.limit(), "limit after recv");
                    after = new byte[total];
                    bb.clear().get(after);
                    if (backing != null) {
                        for (int i : new int[] {0, 1, 2, backing.length - 3, backing.length - 2, backing.length - 1}) {
                            assertEquals(SENTINEL, backing[i], "backing array byte " + i + " outside the slice was written");
                        }
                    }
                }
                case NATIVE_SEGMENT -> {
                    MemorySegment seg = arena.allocate(total).fill(SENTINEL);
                    MemorySegment slice = seg.asSlice(PAD, room);
                    n = viaRead ? s.read(slice) : s.recv(slice, flags);
                    after = seg.toArray(ValueLayout.JAVA_BYTE);
                }
                case HEAP_SEGMENT -> {
                    after = sentinels(total);
                    MemorySegment slice = MemorySegment.ofArray(after).asSlice(PAD, room);
                    n = viaRead ? s.read(slice) : s.recv(slice, flags);
                }
                default -> throw new AssertionError(this);
            }
            int stored = Math.clamp(n, 0, room);
            for (int i = 0; i < total; i++) {
                if (i < PAD || i >= PAD + stored) {
                    assertEquals(SENTINEL, after[i], this + ": byte " + i + " outside the " + stored + " bytes received was written");
                }
            }
            return new Received(n, Arrays.copyOfRange(after, PAD, PAD + stored));
        }
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (Kind from : Kind.values()) {
            for (Kind to : Kind.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void sendAndRecvBetweenEveryPairOfKinds(Kind from, Kind to) throws Exception {
        byte[] payload = random(20, from.ordinal() * 10 + to.ordinal());
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; Arena arena = Arena.ofConfined()) {
            recvTimeout(b);
            assertEquals(20, from.send(a, payload, 0, arena, false));

            Received first = to.recv(b, 12, 0, arena, false);
            assertEquals(12, first.n());
            assertArrayEquals(Arrays.copyOf(payload, 12), first.stored());
            Received rest = to.recv(b, 64, 0, arena, false);
            assertEquals(8, rest.n());
            assertArrayEquals(Arrays.copyOfRange(payload, 12, 20), rest.stored());

            Received none = to.recv(b, 16, MSG_DONTWAIT, arena, false);
            assertEquals(PosixSocket.WOULD_BLOCK, none.n(), "nothing is queued");
            assertEquals(0, none.stored().length);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void writeAndReadWithEachKind(Kind kind) throws Exception {
        byte[] payload = random(33, 100 + kind.ordinal());
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; Arena arena = Arena.ofConfined()) {
            recvTimeout(a);
            recvTimeout(b);
            assertEquals(33, kind.send(a, payload, 0, arena, true));
            Received got = kind.recv(b, 40, 0, arena, true);
            assertEquals(33, got.n());
            assertArrayEquals(payload, got.stored());

            assertEquals(33, kind.send(b, payload, 0, arena, false));
            got = kind.recv(a, 33, 0, arena, true);
            assertArrayEquals(payload, got.stored());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sendThatWouldBlockReturnsWouldBlockAndMovesNothing(Kind kind) throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(64 * 1024);
            MemorySegment one = arena.allocate(1);
            long queued = 0;
            for (MemorySegment piece : new MemorySegment[] {chunk, one}) {
                int n;
                for (int i = 0; (n = a.send(piece, MSG_DONTWAIT)) != PosixSocket.WOULD_BLOCK; i++) {
                    assertTrue(n > 0 && i < 100_000, "the socket never filled up");
                    queued += n;
                }
            }
            assertTrue(queued > 0);
            assertEquals(PosixSocket.WOULD_BLOCK, kind.send(a, random(20, 7), MSG_DONTWAIT, arena, false));
        }
    }

    @Test
    void badBoundsThrowAndTransferNothing() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            recvTimeout(b);
            byte[] buf = {1, 2, 3, 4, 5, 6, 7, 8};
            SockAddr to = SockaddrUn.unnamed();
            List<Executable> sends = List.of(
                    () -> a.send(buf, -1, 2, 0),
                    () -> a.send(buf, 0, -1, 0),
                    () -> a.send(buf, 5, 4, 0),
                    () -> a.send(buf, 9, 0, 0),
                    () -> a.send(buf, Integer.MAX_VALUE, 2, 0),
                    () -> a.send(buf, 2, Integer.MAX_VALUE, 0),
                    () -> a.sendto(buf, -1, 2, 0, to),
                    () -> a.sendto(buf, 4, 5, 0, to),
                    () -> a.write(buf, -1, 1),
                    () -> a.write(buf, 1, 8));
            for (Executable send : sends) {
                assertThrows(IndexOutOfBoundsException.class, send);
            }
            assertEquals(PosixSocket.WOULD_BLOCK, b.recv(new byte[16], MSG_DONTWAIT), "nothing was sent");

            // Receiving with bad bounds consumes nothing and writes nothing.
            assertEquals(4, a.send(new byte[] {10, 20, 30, 40}, 0));
            byte[] in = new byte[8];
            List<Executable> recvs = List.of(
                    () -> b.recv(in, -1, 2, 0),
                    () -> b.recv(in, 0, -1, 0),
                    () -> b.recv(in, 5, 4, 0),
                    () -> b.recv(in, Integer.MAX_VALUE, 2, 0),
                    () -> b.recvfrom(in, 7, 2, 0, SockaddrStorage.allocate()),
                    () -> b.recvfrom(in, -3, 2, 0, null),
                    () -> b.read(in, 0, 9),
                    () -> b.read(in, -1, 0));
            for (Executable recv : recvs) {
                assertThrows(IndexOutOfBoundsException.class, recv);
            }
            assertArrayEquals(new byte[8], in, "a refused recv wrote into the array");
            assertEquals(4, b.recv(in, 2, 6, 0));
            assertArrayEquals(new byte[] {0, 0, 10, 20, 30, 40, 0, 0}, in);

            // Zero length at the very end is in bounds.
            assertEquals(0, a.send(buf, buf.length, 0, 0));
            assertEquals(0, b.recv(in, in.length, 0, 0), "the empty datagram");
        }
    }

    @Test
    void readOnlyBuffersAreRefusedForReceivingButSendFine() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; Arena arena = Arena.ofConfined()) {
            recvTimeout(b);
            assertEquals(3, a.send(new byte[] {5, 6, 7}, 0));

            ByteBuffer heapRo = ByteBuffer.allocate(8).asReadOnlyBuffer();
            ByteBuffer directRo = ByteBuffer.allocateDirect(8).asReadOnlyBuffer();
            MemorySegment nativeRo = arena.allocate(8).asReadOnly();
            MemorySegment heapSegRo = MemorySegment.ofArray(new byte[8]).asReadOnly();
            List<Executable> refused = List.of(
                    () -> b.recv(heapRo, 0),
                    () -> b.recv(directRo, 0),
                    () -> b.recv(nativeRo, 0),
                    () -> b.recv(heapSegRo, 0),
                    () -> b.recvfrom(heapRo, 0, SockaddrStorage.allocate()),
                    () -> b.recvfrom(directRo, 0, null),
                    () -> b.recvfrom(nativeRo, 0, null),
                    () -> b.read(heapRo),
                    () -> b.read(directRo),
                    () -> b.read(heapSegRo));
            for (Executable recv : refused) {
                assertThrows(IllegalArgumentException.class, recv);
            }
            assertEquals(0, heapRo.position());
            assertEquals(0, directRo.position());
            byte[] in = new byte[8];
            assertEquals(3, b.recv(in, 0), "the refused calls consumed nothing");
            assertArrayEquals(new byte[] {5, 6, 7}, Arrays.copyOf(in, 3));

            // Read-only memory is fine to send from.
            ByteBuffer heapSrc = ByteBuffer.wrap(new byte[] {1, 2}).asReadOnlyBuffer();
            ByteBuffer directSrc = ByteBuffer.allocateDirect(2).put(new byte[] {3, 4}).flip().asReadOnlyBuffer();
            assertEquals(2, a.send(heapSrc, 0));
            assertEquals(2, heapSrc.position());
            assertEquals(2, a.send(directSrc, 0));
            assertEquals(2, directSrc.position());
            assertEquals(2, a.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 5, (byte) 6).asReadOnly(), 0));
            assertEquals(2, a.send(MemorySegment.ofArray(new byte[] {7, 8}).asReadOnly(), 0));
            for (int i = 0; i < 4; i++) {
                assertEquals(2, b.recv(in, 0));
                assertArrayEquals(new byte[] {(byte) (2 * i + 1), (byte) (2 * i + 2)}, Arrays.copyOf(in, 2));
            }
        }
    }

    @Test
    void segmentOfAClosedArenaThrowsAndTheSocketStillWorks() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            recvTimeout(a);
            recvTimeout(b);
            MemorySegment dead;
            try (Arena arena = Arena.ofConfined()) {
                dead = arena.allocate(16);
            }
            assertFalse(dead.scope().isAlive());
            assertThrows(IllegalStateException.class, () -> a.send(dead, 0));
            assertThrows(IllegalStateException.class, () -> a.sendto(dead, 0, SockaddrUn.unnamed()));
            assertThrows(IllegalStateException.class, () -> a.write(dead));
            assertEquals(PosixSocket.WOULD_BLOCK, b.recv(new byte[16], MSG_DONTWAIT), "nothing was sent");

            assertEquals(2, b.send(new byte[] {42, 43}, 0));
            assertThrows(IllegalStateException.class, () -> a.recv(dead, 0));
            assertThrows(IllegalStateException.class, () -> a.recvfrom(dead, 0, SockaddrStorage.allocate()));
            assertThrows(IllegalStateException.class, () -> a.read(dead));
            byte[] in = new byte[4];
            assertEquals(2, a.recv(in, 0), "the datagram is still queued");
            assertArrayEquals(new byte[] {42, 43, 0, 0}, in);

            try (Arena arena = Arena.ofConfined()) {
                assertEquals(3, a.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 1, (byte) 2, (byte) 3), 0));
                MemorySegment live = arena.allocate(8);
                assertEquals(3, b.recv(live, 0));
                assertArrayEquals(new byte[] {1, 2, 3}, live.asSlice(0, 3).toArray(ValueLayout.JAVA_BYTE));
            }
        }

        // The failed calls left no call counted in flight: close releases the descriptor at once.
        PosixSocket[] stream = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = stream[0]; PosixSocket b = stream[1]) {
            recvTimeout(b);
            MemorySegment dead;
            try (Arena arena = Arena.ofConfined()) {
                dead = arena.allocate(16);
            }
            assertThrows(IllegalStateException.class, () -> a.send(dead, 0));
            assertThrows(IllegalStateException.class, () -> a.recv(dead, 0));
            a.close();
            assertTrue(a.isClosed());
            assertEquals(0, b.recv(new byte[4], 0), "the peer sees end of stream: the descriptor was closed");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void blockingSendOfMoreThanTheBounceBufferSendsEverything(Kind kind) throws Exception {
        // As C's blocking send on a stream: it returns when all is sent, whatever the buffer kind (heap data
        // goes to the kernel in pieces of at most the bounce buffer when it has to wait).
        byte[] data = random(3 * BOUNCE_CAP + 12_345, 99);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            recvTimeout(b);
            Future<Integer> sent = pool.submit(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    int n = kind.send(a, data, 0, arena, false);
                    a.shutdown(SHUT_WR);
                    return n;
                }
            });
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = b.recv(buf, 0)) != 0; ) {
                assertTrue(n > 0 && got.size() + n <= data.length, "recv returned " + n + " after " + got.size());
                got.write(buf, 0, n);
            }
            int n = sent.get(20, TimeUnit.SECONDS);
            assertEquals(data.length, n, kind + ": a blocking send returns when everything is sent");
            assertEquals(n, got.size(), "the peer received what send reported");
            assertArrayEquals(Arrays.copyOf(data, n), got.toByteArray());
        } finally {
            pool.shutdownNow();
        }
    }

    // -----------------------------------------------------------------------------------------------------

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sentinels(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, SENTINEL);
        return b;
    }
}
