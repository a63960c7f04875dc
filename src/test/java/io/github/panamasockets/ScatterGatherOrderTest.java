package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a stream, a gathering write puts the bytes of its buffers on the wire exactly in the order of the list, and a
 * scattering read fills its buffers exactly in that order, whatever mix of heap arrays, heap and direct
 * {@code ByteBuffer}s and native and heap segments they are and whatever their sizes — also when the library
 * copies heap data through memory of its own and a call transfers only part of the list: a call may end early,
 * but never skips a byte. Lists mixing every kind at sizes around each limit inside the library, written and
 * read with {@code writev}/{@code readv}, {@code sendmsg}/{@code recvmsg} and {@link PosixSocketChannel}'s
 * gathering write and scattering read (calling again for the rest, as a caller does), over a Unix stream
 * socketpair and against the JDK's own {@link SocketChannel} over a Unix socket and over TCP on loopback.
 *
 * <p>Five fixed lists (among them a 2 MiB heap array followed by a 16-byte direct buffer) and random ones: three in
 * the normal run, thirty with {@code -Dpanama.heavy=true}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScatterGatherOrderTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final int[] SIZES = {1, 16, 4095, 4096, 64 * KIB, MIB - 1, MIB, MIB + 1, MIB + 64 * KIB + 1,
            3 * MIB / 2, 2 * MIB};

    @TempDir
    Path dir;

    enum Kind { ARRAY, HEAP_BUFFER, DIRECT_BUFFER, SEGMENT, HEAP_SEGMENT }

    enum Transport { UNIX_SOCKETPAIR, UNIX_JDK_PEER, TCP_JDK_PEER }

    enum Calls { WRITEV_READV, SENDMSG_RECVMSG, CHANNEL }

    enum Direction { GATHERING_WRITE, SCATTERING_READ }

    /** One buffer of a list: its kind and size. */
    record Part(Kind kind, int size) {
        @Override
        public String toString() {
            return kind + " " + size;
        }
    }

    static Stream<Arguments> lists() {
        List<List<Part>> lists = new ArrayList<>(List.of(
                List.of(new Part(Kind.ARRAY, 2 * MIB), new Part(Kind.DIRECT_BUFFER, 16)),
                List.of(new Part(Kind.DIRECT_BUFFER, 16), new Part(Kind.HEAP_BUFFER, 2 * MIB), new Part(Kind.SEGMENT, 100)),
                List.of(new Part(Kind.ARRAY, MIB - 1), new Part(Kind.ARRAY, 2), new Part(Kind.DIRECT_BUFFER, 5)),
                List.of(new Part(Kind.HEAP_BUFFER, MIB), new Part(Kind.SEGMENT, MIB), new Part(Kind.ARRAY, MIB + 1),
                        new Part(Kind.DIRECT_BUFFER, 3)),
                List.of(new Part(Kind.HEAP_SEGMENT, 3 * MIB / 2), new Part(Kind.HEAP_BUFFER, 3 * MIB / 2),
                        new Part(Kind.DIRECT_BUFFER, 1), new Part(Kind.ARRAY, 4096))));
        Random random = new Random(7);
        for (int i = 0; i < (HEAVY ? 30 : 3); i++) {
            List<Part> list = new ArrayList<>();
            for (int n = 1 + random.nextInt(7); n > 0; n--) {
                list.add(new Part(Kind.values()[random.nextInt(Kind.values().length)], SIZES[random.nextInt(SIZES.length)]));
            }
            lists.add(list);
        }
        List<Arguments> all = new ArrayList<>();
        for (List<Part> list : lists) {
            for (Transport transport : Transport.values()) {
                for (Direction direction : Direction.values()) {
                    for (Calls calls : Calls.values()) {
                        all.add(Arguments.of(transport, direction, calls, list));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} with {2}: {3}")
    @MethodSource("lists")
    void theStreamCarriesTheBuffersInTheOrderOfTheList(Transport transport, Direction direction, Calls calls,
                                                         List<Part> parts) throws Exception {
        String where = transport + ", " + direction + " with " + calls + ": " + parts;
        int total = parts.stream().mapToInt(Part::size).sum();
        byte[] stream = new byte[total];
        new Random(total).nextBytes(stream);
        try (Arena arena = Arena.ofShared(); Connection c = connect(transport)) {
            // The library's socket has no timeout, so that a platform thread waits inside the C call as it does by
            // default; should the stream ever stall, the watchdog's close ends the call.
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                c.stalled = true;
                c.socket.close();
                return null;
            }, 20, TimeUnit.SECONDS);
            try {
                transfer(c, direction, calls, parts, stream, arena, where);
            } catch (IOException e) {
                assertFalse(c.stalled, () -> where + ": the stream stalled, the call waited 20 s for bytes that never came: " + e);
                throw e;
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    private static void transfer(Connection c, Direction direction, Calls calls, List<Part> parts, byte[] stream,
                                 Arena arena, String where) throws Exception {
        int total = stream.length;
        List<Buffer> buffers = new ArrayList<>();
        int at = 0;
        for (Part p : parts) {
            buffers.add(Buffer.of(p, arena, direction == Direction.GATHERING_WRITE ? Arrays.copyOfRange(stream, at, at + p.size()) : null));
            at += p.size();
        }
        if (direction == Direction.GATHERING_WRITE) {
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> c.peerReads(total));
            long done = 0;
            while (done < total) {
                long n = gatheringWrite(c.socket, calls, buffers);
                assertTrue(n > 0, where + ": a blocking write makes progress");
                advance(buffers, n, where);
                done += n;
            }
            assertEquals(total, done, where);
            byte[] wire = got.get(60, TimeUnit.SECONDS);
            assertEquals(total, wire.length, where);
            int mismatch = Arrays.mismatch(stream, wire);
            assertEquals(-1, mismatch, () -> where + ": the bytes on the wire differ from the list's from offset "
                    + mismatch + " (" + ownerOf(parts, mismatch) + ")");
        } else {
            CompletableFuture<Void> wrote = CompletableFuture.runAsync(() -> c.peerWrites(stream));
            long done = 0;
            while (done < total) {
                long n = scatteringRead(c.socket, calls, buffers);
                assertTrue(n > 0, where + ": the stream goes on");
                advance(buffers, n, where);
                done += n;
            }
            wrote.get(60, TimeUnit.SECONDS);
            at = 0;
            for (int i = 0; i < buffers.size(); i++) {
                Buffer b = buffers.get(i);
                assertArrayEquals(Arrays.copyOfRange(stream, at, at + b.size), b.content(), where + ": buffer " + i
                        + " (" + parts.get(i) + ") holds its part of the stream");
                at += b.size;
            }
        }
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "order-watchdog");
        t.setDaemon(true);
        return t;
    });

    private static String ownerOf(List<Part> parts, int offset) {
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (offset < at + parts.get(i).size()) {
                return "in buffer " + i + ", " + parts.get(i) + ", at " + (offset - at);
            }
            at += parts.get(i).size();
        }
        return "past the end";
    }

    private static long gatheringWrite(PosixSocket s, Calls calls, List<Buffer> buffers) throws IOException {
        List<Buffer> left = buffers.stream().filter(b -> b.done < b.size).toList();
        return switch (calls) {
            case WRITEV_READV -> s.writev(left.stream().map(Buffer::rest).toArray(IoBuffer[]::new));
            case SENDMSG_RECVMSG -> s.sendmsg(left.stream().map(Buffer::rest).toList(), List.of(), 0, null);
            case CHANNEL -> s.channel().write(left.stream().map(Buffer::restBuffer).toArray(ByteBuffer[]::new));
        };
    }

    private static long scatteringRead(PosixSocket s, Calls calls, List<Buffer> buffers) throws IOException {
        List<Buffer> left = buffers.stream().filter(b -> b.done < b.size).toList();
        return switch (calls) {
            case WRITEV_READV -> s.readv(left.stream().map(Buffer::rest).toArray(IoBuffer[]::new));
            case SENDMSG_RECVMSG -> s.recvmsg(left.stream().map(Buffer::rest).toList(), 0, 0).bytes();
            case CHANNEL -> s.channel().read(left.stream().map(Buffer::restBuffer).toArray(ByteBuffer[]::new));
        };
    }

    /** Moves past the {@code n} bytes a call transferred, in list order; a ByteBuffer must have moved by its share. */
    private static void advance(List<Buffer> buffers, long n, String where) {
        for (Buffer b : buffers) {
            int part = (int) Math.min(n, b.size - b.done);
            b.done += part;
            n -= part;
            if (b.memory instanceof ByteBuffer bb) {
                assertEquals(b.done, bb.position(), where + ": a ByteBuffer's position moves by the bytes it gave or took");
            }
        }
        assertEquals(0, n, where + ": no more transferred than offered");
    }

    /** A buffer of the list, with how much of it has been transferred. */
    private static final class Buffer {
        final Kind kind;
        final int size;
        final Object memory;
        int done;

        private Buffer(Kind kind, int size, Object memory) {
            this.kind = kind;
            this.size = size;
            this.memory = memory;
        }

        static Buffer of(Part p, Arena arena, byte[] content) {
            byte[] c = content != null ? content : new byte[p.size()];
            Object memory = switch (p.kind()) {
                case ARRAY -> c;
                case HEAP_BUFFER -> ByteBuffer.wrap(c);
                case DIRECT_BUFFER -> ByteBuffer.allocateDirect(p.size()).put(c).flip();
                case SEGMENT -> arena.allocate(p.size()).copyFrom(MemorySegment.ofArray(c));
                case HEAP_SEGMENT -> MemorySegment.ofArray(c);
            };
            return new Buffer(p.kind(), p.size(), memory);
        }

        /** The part not yet transferred, as the kind of buffer a caller would pass. */
        IoBuffer rest() {
            return switch (memory) {
                case byte[] a -> IoBuffer.of(a, done, size - done);
                case ByteBuffer b -> IoBuffer.of(b);
                case MemorySegment m -> IoBuffer.of(m.asSlice(done));
                default -> throw new AssertionError(memory);
            };
        }

        ByteBuffer restBuffer() {
            return switch (memory) {
                case byte[] a -> ByteBuffer.wrap(a, done, size - done);
                case ByteBuffer b -> b;
                case MemorySegment m -> m.asSlice(done).asByteBuffer();
                default -> throw new AssertionError(memory);
            };
        }

        byte[] content() {
            return switch (memory) {
                case byte[] a -> a;
                case ByteBuffer b -> {
                    byte[] r = new byte[size];
                    b.duplicate().clear().get(r);
                    yield r;
                }
                case MemorySegment m -> m.toArray(ValueLayout.JAVA_BYTE);
                default -> throw new AssertionError(memory);
            };
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The library's socket and the other end: the socketpair's other socket, or a JDK {@code SocketChannel}. */
    private static final class Connection implements AutoCloseable {
        final PosixSocket socket;
        final PosixSocket peerSocket;
        final SocketChannel peerChannel;
        final ServerSocketChannel listener;
        volatile boolean stalled;

        Connection(PosixSocket socket, PosixSocket peerSocket, SocketChannel peerChannel, ServerSocketChannel listener) {
            this.socket = socket;
            this.peerSocket = peerSocket;
            this.peerChannel = peerChannel;
            this.listener = listener;
        }

        byte[] peerReads(int total) {
            try {
                byte[] got = new byte[total];
                int at = 0;
                if (peerSocket != null) {
                    while (at < total) {
                        int n = peerSocket.recv(got, at, total - at, 0);
                        if (n == 0) {
                            break;
                        }
                        at += n;
                    }
                    return Arrays.copyOf(got, at);
                }
                ByteBuffer b = ByteBuffer.wrap(got);
                while (b.hasRemaining() && peerChannel.read(b) >= 0) {
                    // reads until all arrived, or the end
                }
                return Arrays.copyOf(got, b.position());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        void peerWrites(byte[] stream) {
            try {
                if (peerSocket != null) {
                    // With a timeout a send may end after part of the data, as C's does: send the rest.
                    for (int at = 0; at < stream.length; ) {
                        at += peerSocket.send(stream, at, stream.length - at, 0);
                    }
                    return;
                }
                ByteBuffer b = ByteBuffer.wrap(stream);
                while (b.hasRemaining()) {
                    peerChannel.write(b);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            if (peerSocket != null) {
                peerSocket.close();
            }
            if (peerChannel != null) {
                peerChannel.close();
            }
            if (listener != null) {
                listener.close();
            }
        }
    }

    private Connection connect(Transport transport) throws IOException {
        switch (transport) {
            case UNIX_SOCKETPAIR -> {
                PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                pair[1].setTimeout(java.time.Duration.ofSeconds(30));
                return new Connection(pair[0], pair[1], null, null);
            }
            case UNIX_JDK_PEER -> {
                Path path = dir.resolve("s" + System.nanoTime());
                ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                listener.bind(UnixDomainSocketAddress.of(path));
                PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
                s.connect(SockaddrUn.of(path.toString()));
                return new Connection(s, null, listener.accept(), listener);
            }
            default -> {
                ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                s.connect(SockAddr.of(listener.getLocalAddress()));
                return new Connection(s, null, listener.accept(), listener);
            }
        }
    }
}
