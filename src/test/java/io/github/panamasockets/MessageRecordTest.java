package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_TRUNC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_RCVBUF;
import static io.github.panamasockets.SocketConstants.SO_RCVBUFFORCE;
import static io.github.panamasockets.SocketConstants.SO_SNDBUF;
import static io.github.panamasockets.SocketConstants.SO_SNDBUFFORCE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a socket that keeps record boundaries ({@code SOCK_SEQPACKET}, {@code SOCK_DGRAM}) one call sends or receives
 * one whole record, whatever memory the caller gives: a heap array, a heap or direct {@code ByteBuffer}, a native
 * segment. The library may copy heap memory through memory of its own, but never in parts: a record is never
 * split by a limit of the library and never cut shorter than the caller's buffers allow. Records from 1 byte to
 * 4 MiB, at and around every size where the library's handling changes (its initial areas, the 1 MiB it keeps
 * per thread), through {@code sendmsg}/{@code recvmsg} and {@code writev}/{@code readv}, over Unix
 * {@code SOCK_SEQPACKET} and {@code SOCK_DGRAM} socketpairs (buffers enlarged with {@code SO_SNDBUFFORCE}) and
 * UDP on loopback up to its 65,507-byte maximum.
 *
 * <p>The normal run sends each size from every kind of buffer into one other kind; {@code -Dpanama.heavy=true}
 * crosses every sending kind with every receiving kind.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MessageRecordTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    /** Sizes at and around each limit inside the library, and the 1.5 MiB and 2 MiB records of the reported bug. */
    static final int[] SIZES = {1, 4095, 4096, 4097, 64 * KIB - 1, 64 * KIB, 64 * KIB + 1, MIB - 1, MIB, MIB + 1,
            MIB + 64 * KIB - 1, MIB + 64 * KIB, MIB + 64 * KIB + 1, 3 * MIB / 2, 2 * MIB, 4 * MIB - 1, 4 * MIB};
    private static final int UDP_MAX = 65_507;
    /** Room the kernel needs for the largest record with its overhead. */
    private static final int SOCKET_BUFFER = 16 * MIB;
    private static final byte[] PATTERN = pattern(4 * MIB + 64 * KIB);

    /** The kinds of memory a caller can give. */
    enum Kind { ARRAY, HEAP_BUFFER, DIRECT_BUFFER, SEGMENT }

    /** The pairs of calls. */
    enum Calls { SENDMSG_RECVMSG, WRITEV_READV }

    /** The sockets. */
    enum Transport { UNIX_SEQPACKET, UNIX_DGRAM, UDP }

    static Stream<Arguments> records() {
        List<Arguments> all = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            int i = 0;
            for (int size : SIZES) {
                if (transport == Transport.UDP && size > UDP_MAX) {
                    continue;
                }
                for (Kind out : Kind.values()) {
                    for (Kind in : Kind.values()) {
                        if (!HEAVY && in.ordinal() != (out.ordinal() + i) % Kind.values().length) {
                            continue;
                        }
                        for (Calls calls : Calls.values()) {
                            all.add(Arguments.of(transport, size, out, in, calls));
                        }
                    }
                }
                i++;
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1} bytes from {2} into {3}, {4}")
    @MethodSource("records")
    void aRecordTravelsWhole(Transport transport, int size, Kind out, Kind in, Calls calls) throws IOException {
        String where = transport + ": " + size + "-byte record from " + out + " into " + in + ", " + calls;
        try (Arena arena = Arena.ofConfined(); Pair p = new Pair(transport)) {
            int from = size % 97;
            Buffer src = Buffer.of(out, size, arena, from);
            long sent = calls == Calls.SENDMSG_RECVMSG
                    ? p.a.sendmsg(List.of(src.io()), List.of(), 0, null)
                    : p.a.writev(src.io());
            assertEquals(size, sent, where + ": the whole record is sent in one call");
            // Room for twice the record, as a receiver that does not know the size gives: all of it is used.
            Buffer dst = Buffer.of(in, size * 2 + 1, arena, -1);
            long received;
            int flags = 0;
            if (calls == Calls.SENDMSG_RECVMSG) {
                MsgResult r = p.b.recvmsg(List.of(dst.io()), 0, 0);
                received = r.bytes();
                flags = r.flags();
            } else {
                received = p.b.readv(dst.io());
            }
            assertEquals(size, received, where + ": the whole record is received in one call");
            assertEquals(0, flags & MSG_TRUNC, where + ": not truncated");
            assertArrayEquals(Arrays.copyOfRange(PATTERN, from, from + size), dst.bytes(size), where + ": the record's bytes");
        }
    }

    static Stream<Arguments> gatheredRecords() {
        List<Arguments> all = new ArrayList<>();
        for (Transport transport : new Transport[] {Transport.UNIX_SEQPACKET, Transport.UNIX_DGRAM}) {
            for (int size : new int[] {MIB, MIB + 64 * KIB + 1, 3 * MIB / 2, 4 * MIB - 16}) {
                all.add(Arguments.of(transport, size));
            }
        }
        return all.stream();
    }

    /**
     * A record gathered from several kinds of buffer, the heap ones together larger than the library's limit for
     * one call's heap data on a stream, arrives whole and in order; scattered into several kinds, it fills them in
     * order.
     */
    @ParameterizedTest(name = "{0}: {1} bytes gathered and scattered")
    @MethodSource("gatheredRecords")
    void aRecordGatheredFromEveryKindArrivesWholeAndInOrder(Transport transport, int size) throws IOException {
        String where = transport + ": " + size + " bytes";
        try (Arena arena = Arena.ofConfined(); Pair p = new Pair(transport)) {
            int[] parts = {size / 2 - 7, 16, 1, size - (size / 2 - 7) - 16 - 1 - 100, 100};
            Kind[] kinds = {Kind.ARRAY, Kind.DIRECT_BUFFER, Kind.SEGMENT, Kind.HEAP_BUFFER, Kind.DIRECT_BUFFER};
            List<IoBuffer> out = new ArrayList<>();
            int at = 3;
            for (int i = 0; i < parts.length; i++) {
                out.add(Buffer.of(kinds[i], parts[i], arena, at).io());
                at += parts[i];
            }
            assertEquals(size, p.a.sendmsg(out, List.of(), 0, null), where + ": sent whole");

            int[] inParts = {100, size - 200, 16, 3 * MIB};
            Kind[] inKinds = {Kind.SEGMENT, Kind.HEAP_BUFFER, Kind.DIRECT_BUFFER, Kind.ARRAY};
            List<Buffer> in = new ArrayList<>();
            for (int i = 0; i < inParts.length; i++) {
                in.add(Buffer.of(inKinds[i], inParts[i], arena, -1));
            }
            MsgResult r = p.b.recvmsg(in.stream().map(Buffer::io).toList(), 0, 0);
            assertEquals(size, r.bytes(), where + ": received whole");
            assertEquals(0, r.flags() & MSG_TRUNC, where);
            byte[] got = new byte[size];
            int filled = 0;
            for (Buffer b : in) {
                int n = Math.min(b.size, size - filled);
                System.arraycopy(b.bytes(n), 0, got, filled, n);
                filled += n;
            }
            assertArrayEquals(Arrays.copyOfRange(PATTERN, 3, 3 + size), got, where + ": in order");
        }
    }

    /** Which side of the transfer waits. */
    enum Waiter { SENDER, RECEIVER }

    static Stream<Arguments> waitingRecords() {
        List<Arguments> all = new ArrayList<>();
        int i = 0;
        for (Transport transport : new Transport[] {Transport.UNIX_SEQPACKET, Transport.UNIX_DGRAM}) {
            for (int size : new int[] {1, 64 * KIB + 1, MIB + 1, 3 * MIB / 2, 4 * MIB}) {
                for (Waiter waiter : Waiter.values()) {
                    for (Kind kind : Kind.values()) {
                        for (boolean virtual : new boolean[] {false, true}) {
                            for (boolean blocking : new boolean[] {true, false}) {
                                // The normal run: one combination of memory, thread and mode per size and side,
                                // turning round so that each appears; the heavy run: all of them.
                                if (HEAVY || (kind.ordinal() + (virtual ? 1 : 0) * 4 + (blocking ? 0 : 8)) % 16 == (i * 5) % 16) {
                                    all.add(Arguments.of(transport, size, waiter, kind, virtual, blocking, i % 3));
                                }
                                // And always the path of the reported bug: a heap array, a platform thread blocking
                                // inside the kernel through the library's copy, plain send/recv.
                                if (!HEAVY && kind == Kind.ARRAY && !virtual && blocking && !(i % 3 == 0 && (i * 5) % 16 == 0)) {
                                    all.add(Arguments.of(transport, size, waiter, kind, false, true, 0));
                                }
                            }
                        }
                    }
                    i++;
                }
            }
        }
        return all.stream();
    }

    /**
     * A record is sent and received whole also when the call has to wait: a send behind a full queue (the
     * library's first try meets {@code EAGAIN}, then it waits — inside the kernel in blocking mode on a platform
     * thread, for readiness otherwise) and a receive on an empty queue, from and into every kind of memory, with
     * {@code send}/{@code sendmsg}/{@code writev} and {@code recv}/{@code recvmsg}/{@code readv}.
     */
    @ParameterizedTest(name = "{0}: {1} bytes, the {2} waits, {3}, virtual {4}, blocking {5}, call {6}")
    @MethodSource("waitingRecords")
    void aRecordThatWaitsTravelsWhole(Transport transport, int size, Waiter waiter, Kind kind, boolean virtual,
                                      boolean blocking, int call) throws Exception {
        String where = transport + ": " + size + "-byte record, the " + waiter + " waits, " + kind
                + (virtual ? ", virtual thread" : ", platform thread") + (blocking ? ", blocking" : ", timeout") + ", call " + call;
        try (Arena arena = Arena.ofShared(); Pair p = new Pair(transport)) {
            PosixSocket waiting = waiter == Waiter.SENDER ? p.a : p.b;
            waiting.setTimeout(blocking ? null : Duration.ofSeconds(10));
            int from = size % 89;
            long fillers = 0;
            if (waiter == Waiter.SENDER) {
                fillers = fillQueue(p.a, arena);
            }
            Buffer mine = waiter == Waiter.SENDER ? Buffer.of(kind, size, arena, from) : Buffer.of(kind, size * 2 + 1, arena, -1);
            java.util.concurrent.CompletableFuture<Long> done = new java.util.concurrent.CompletableFuture<>();
            Runnable body = () -> {
                try {
                    done.complete(waiter == Waiter.SENDER ? sendOne(p.a, mine, call) : receiveOne(p.b, mine, call));
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            };
            Thread t = virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().daemon().start(body);
            Thread.sleep(100);
            assertTrue(!done.isDone(), where + ": the call did not wait: " + done.getNow(null));
            if (waiter == Waiter.SENDER) {
                byte[] sink = new byte[256 * KIB];
                for (long k = 0; k < fillers; k++) {
                    p.b.recv(sink, 0);
                }
                assertEquals(size, done.get(10, TimeUnit.SECONDS), where + ": the whole record is sent in one call");
                Buffer got = Buffer.of(Kind.SEGMENT, size * 2 + 1, arena, -1);
                assertEquals(size, p.b.recv((MemorySegment) got.memory(), 0), where + ": one record of the sent size");
                assertArrayEquals(Arrays.copyOfRange(PATTERN, from, from + size), got.bytes(size), where);
            } else {
                MemorySegment record = arena.allocate(size).copyFrom(MemorySegment.ofArray(PATTERN).asSlice(from, size));
                assertEquals(size, p.a.send(record, 0));
                assertEquals(size, done.get(10, TimeUnit.SECONDS), where + ": the whole record is received in one call");
                assertArrayEquals(Arrays.copyOfRange(PATTERN, from, from + size), mine.bytes(size), where);
            }
            t.join();
        }
    }

    /** Queues records without waiting until the sender's buffer takes no more. @return how many were queued */
    private static long fillQueue(PosixSocket s, Arena arena) throws IOException {
        long queued = 0;
        MemorySegment big = arena.allocate(256 * KIB);
        for (MemorySegment filler : new MemorySegment[] {big, big.asSlice(0, 1)}) {
            while (s.send(filler, SocketConstants.MSG_DONTWAIT) != PosixSocket.WOULD_BLOCK) {
                queued++;
            }
        }
        return queued;
    }

    private static long sendOne(PosixSocket s, Buffer b, int call) throws IOException {
        return switch (call) {
            case 0 -> switch (b.memory()) {
                case byte[] a -> s.send(a, 3, b.size(), 0);
                case ByteBuffer bb -> s.send(bb, 0);
                case MemorySegment m -> s.send(m, 0);
                default -> throw new AssertionError(b);
            };
            case 1 -> s.sendmsg(List.of(b.io()), List.of(), 0, null);
            default -> s.writev(b.io());
        };
    }

    private static long receiveOne(PosixSocket s, Buffer b, int call) throws IOException {
        return switch (call) {
            case 0 -> switch (b.memory()) {
                case byte[] a -> s.recv(a, 3, b.size(), 0);
                case ByteBuffer bb -> s.recv(bb, 0);
                case MemorySegment m -> s.recv(m, 0);
                default -> throw new AssertionError(b);
            };
            case 1 -> s.recvmsg(List.of(b.io()), 0, 0).bytes();
            default -> s.readv(b.io());
        };
    }

    /** A record longer than the buffers offered is cut to them, as C's is, with {@code MSG_TRUNC}: never shorter. */
    @Test
    void aRecordLongerThanTheBuffersFillsThemAllAndSaysTruncated() throws IOException {
        try (Arena arena = Arena.ofConfined(); Pair p = new Pair(Transport.UNIX_SEQPACKET)) {
            int size = 3 * MIB;
            assertEquals(size, p.a.writev(Buffer.of(Kind.SEGMENT, size, arena, 0).io()));
            Buffer heap = Buffer.of(Kind.ARRAY, 2 * MIB, arena, -1);
            MsgResult r = p.b.recvmsg(List.of(heap.io()), 0, 0);
            assertEquals(2 * MIB, r.bytes(), "every byte the buffer has room for");
            assertEquals(MSG_TRUNC, r.flags() & MSG_TRUNC, "and the rest of the record discarded, as reported");
            assertArrayEquals(Arrays.copyOfRange(PATTERN, 0, 2 * MIB), heap.bytes(2 * MIB));

            // With MSG_TRUNC asked for, the count is the record's real length, as on Linux in C.
            assertEquals(size, p.a.writev(Buffer.of(Kind.SEGMENT, size, arena, 0).io()));
            r = p.b.recvmsg(List.of(Buffer.of(Kind.HEAP_BUFFER, MIB + 1, arena, -1).io()), 0, MSG_TRUNC);
            assertEquals(size, r.bytes());
            assertTrue((r.flags() & MSG_TRUNC) != 0);
        }
    }

    /**
     * A record larger than the socket takes fails as in C, with {@code EMSGSIZE}, from whatever memory it comes:
     * it is not cut to a size that fits and sent as a shorter record.
     */
    @Test
    void aRecordLargerThanTheSocketTakesFailsWithEmsgsize() throws IOException {
        try (Arena arena = Arena.ofConfined(); Pair p = new Pair(Transport.UNIX_SEQPACKET)) {
            p.a.setsockopt(SOL_SOCKET, SO_SNDBUFFORCE, MIB); // the kernel doubles it: records up to 2 MiB less overhead
            for (Kind kind : Kind.values()) {
                IoBuffer record = Buffer.of(kind, 3 * MIB, arena, 0).io();
                PosixSocketException e = assertThrows(PosixSocketException.class, () -> p.a.writev(record), kind.toString());
                assertEquals(Errno.EMSGSIZE, e.errno(), kind + ": " + e);
            }
            p.b.setBlocking(false);
            assertEquals(PosixSocket.WOULD_BLOCK, p.b.readv(IoBuffer.of(new byte[16])), "nothing was sent");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Two connected sockets of one transport, with room for the largest record. */
    private static final class Pair implements AutoCloseable {
        final PosixSocket a;
        final PosixSocket b;

        Pair(Transport transport) throws IOException {
            if (transport == Transport.UDP) {
                a = Loopback.udp(AF_INET);
                b = Loopback.udp(AF_INET);
                a.connect(b.getsockname());
                b.connect(a.getsockname());
            } else {
                PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX,
                        transport == Transport.UNIX_SEQPACKET ? SOCK_SEQPACKET : SOCK_DGRAM, 0);
                a = pair[0];
                b = pair[1];
                for (PosixSocket s : pair) {
                    enlarge(s, SO_SNDBUFFORCE, SO_SNDBUF);
                    enlarge(s, SO_RCVBUFFORCE, SO_RCVBUF);
                    s.setTimeout(Duration.ofSeconds(10));
                }
            }
        }

        /** The forcing option (root), else the plain one, which {@code net.core.[wr]mem_max} may limit. */
        private static void enlarge(PosixSocket s, int force, int plain) throws IOException {
            try {
                s.setsockopt(SOL_SOCKET, force, SOCKET_BUFFER);
            } catch (PosixSocketException notRoot) {
                s.setsockopt(SOL_SOCKET, plain, SOCKET_BUFFER);
            }
        }

        @Override
        public void close() throws IOException {
            a.close();
            b.close();
        }
    }

    /** A buffer of one kind: filled from {@link #PATTERN} at an offset, or with {@code 0x5A} to receive into. */
    private record Buffer(Kind kind, int size, Object memory) {
        static Buffer of(Kind kind, int size, Arena arena, int patternFrom) {
            byte[] content = patternFrom < 0 ? filled(size) : Arrays.copyOfRange(PATTERN, patternFrom, patternFrom + size);
            Object memory = switch (kind) {
                case ARRAY -> {
                    // An array part with an offset, so that the offset is honoured too.
                    byte[] a = new byte[size + 3];
                    System.arraycopy(content, 0, a, 3, size);
                    yield a;
                }
                case HEAP_BUFFER -> ByteBuffer.wrap(content);
                case DIRECT_BUFFER -> ByteBuffer.allocateDirect(size).put(content).flip();
                case SEGMENT -> arena.allocate(size).copyFrom(MemorySegment.ofArray(content));
            };
            return new Buffer(kind, size, memory);
        }

        IoBuffer io() {
            return switch (memory) {
                case byte[] a -> IoBuffer.of(a, 3, size);
                case ByteBuffer b -> IoBuffer.of(b);
                case MemorySegment m -> IoBuffer.of(m);
                default -> throw new AssertionError(memory);
            };
        }

        /** @return the first {@code n} bytes */
        byte[] bytes(int n) {
            return switch (memory) {
                case byte[] a -> Arrays.copyOfRange(a, 3, 3 + n);
                case ByteBuffer b -> {
                    byte[] r = new byte[n];
                    b.duplicate().clear().get(r);
                    yield r;
                }
                case MemorySegment m -> m.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                default -> throw new AssertionError(memory);
            };
        }

        private static byte[] filled(int size) {
            byte[] b = new byte[size];
            Arrays.fill(b, (byte) 0x5A);
            return b;
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }
}
