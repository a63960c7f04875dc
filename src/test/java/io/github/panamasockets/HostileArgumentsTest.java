package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile inputs that found bugs, kept as plain examples beside the generated ones
 * ({@link HostileBufferPropertiesTest} and the other {@code Hostile*PropertiesTest} classes):
 * <ul>
 *   <li>{@code sendmsg}/{@code recvmsg} put buffer and address pointers inside the {@code msghdr}, where the FFM
 *       API does not check them: a segment of a closed arena was passed to the kernel, which wrote received bytes
 *       into freed memory. Such segments are now refused as a direct argument would be.</li>
 *   <li>{@code recvFds} turned a negative or huge descriptor count into a wrapped, tiny control buffer.</li>
 *   <li>A blocking send of a native segment longer than 2 GiB returned a negative count.</li>
 *   <li>{@code recvmsg} given the same {@code ByteBuffer} twice, or buffers sharing memory, threw only after the
 *       kernel had handed over the message: its data and descriptors were lost. {@code sendmsg} given the same
 *       {@code ByteBuffer} twice threw after sending.</li>
 *   <li>Text UTF-8 cannot encode (an unpaired surrogate) became {@code '?'}: a Unix socket was bound at another
 *       path, and {@code getaddrinfo} resolved another name.</li>
 * </ul>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileArgumentsTest {
    private static final byte[] DATA = "still queued".getBytes(StandardCharsets.US_ASCII);

    @Test
    void scatterGatherRefusesSegmentsOfAClosedArenaAndLeavesTheDataQueued() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            Arena arena = Arena.ofConfined();
            MemorySegment dead = arena.allocate(64);
            arena.close();
            assertEquals(DATA.length, b.send(DATA, 0));
            assertThrows(IllegalStateException.class, () -> a.recvmsg(List.of(IoBuffer.of(dead)), 0, 0));
            assertThrows(IllegalStateException.class, () -> a.readv(IoBuffer.of(new byte[4]), IoBuffer.of(dead)));
            assertThrows(IllegalStateException.class, () -> a.recvmsg(List.of(IoBuffer.of(dead.asByteBuffer())), 0, 0));
            assertThrows(IllegalStateException.class, () -> b.sendmsg(List.of(IoBuffer.of(dead)), List.of(), 0, null));
            assertThrows(IllegalStateException.class, () -> b.writev(IoBuffer.of(dead)));

            byte[] buf = new byte[64];
            int n = a.recv(buf, MSG_DONTWAIT);
            assertArrayEquals(DATA, Arrays.copyOf(buf, n), "the refused calls neither took nor added a byte");
        }
    }

    @Test
    void sendmsgRefusesADestinationInAClosedArena() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            Arena arena = Arena.ofConfined();
            SockaddrStorage to = SockaddrStorage.allocate(arena);
            arena.close();
            assertThrows(IllegalStateException.class, () -> a.sendmsg(List.of(IoBuffer.of(DATA)), List.of(), 0, to));
            assertEquals(PosixSocket.WOULD_BLOCK, b.recv(new byte[16], MSG_DONTWAIT), "nothing was sent");
        }
    }

    @Test
    void scatterGatherRefusesASegmentConfinedToAnotherThread() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        ExecutorService owner = Executors.newSingleThreadExecutor();
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            Arena[] arena = new Arena[1];
            MemorySegment foreign = owner.submit(() -> {
                arena[0] = Arena.ofConfined();
                return arena[0].allocate(64);
            }).get();
            b.send(DATA, 0);
            assertThrows(WrongThreadException.class, () -> a.recvmsg(List.of(IoBuffer.of(foreign)), 0, 0));
            assertThrows(WrongThreadException.class, () -> b.sendmsg(List.of(IoBuffer.of(foreign)), List.of(), 0, null));
            // A direct argument gets the same answer from the FFM API itself.
            assertThrows(WrongThreadException.class, () -> a.recv(foreign, 0));
            owner.submit(() -> arena[0].close()).get();
            byte[] buf = new byte[64];
            assertEquals(DATA.length, a.recv(buf, MSG_DONTWAIT));
        } finally {
            owner.shutdown();
        }
    }

    @Test
    void recvFdsRefusesNegativeAndOverflowingSizes() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.send(DATA, 0);
            assertThrows(IllegalArgumentException.class, () -> a.recvFds(-1, 1));
            assertThrows(IllegalArgumentException.class, () -> a.recvFds(16, -1));
            // 4 * 2^30 + 16 bytes of control data would have wrapped to 16 as an int: room for no descriptor.
            assertThrows(IllegalArgumentException.class, () -> a.recvFds(16, 1 << 30));
            assertThrows(IllegalArgumentException.class, () -> a.recvFds(16, Integer.MAX_VALUE));
            RecvFdsResult r = a.recvFds(64, 253);
            assertArrayEquals(DATA, r.data());
        }
    }

    /**
     * C's {@code send} caps one call at {@code INT_MAX} bytes; so does the library now. Before, a blocking
     * stream send of a longer segment sent it all and returned the total cast to an {@code int}: negative.
     * (The segment is calloc'ed and never written, so it costs no memory until read.)
     */
    @Test
    void aBlockingSendOfMoreThanTwoGibibytesReturnsAPositiveIntCount() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; Arena arena = Arena.ofShared()) {
            long size = (1L << 31) + (1 << 20);
            MemorySegment huge = arena.allocate(size);
            CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
                ByteBuffer sink = ByteBuffer.allocateDirect(1 << 20);
                long total = 0;
                try {
                    for (int n; (n = b.read(sink.clear())) > 0; ) {
                        total += n;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return total;
            });
            int sent = a.send(huge, 0);
            a.shutdown(SocketConstants.SHUT_WR);
            long received = drained.get(50, TimeUnit.SECONDS);
            assertTrue(sent > 0, "a positive count: " + sent);
            assertTrue(sent >= Integer.MAX_VALUE - (1 << 20), "about INT_MAX bytes in one call: " + sent);
            assertEquals(sent, received, "the peer received exactly what send reported");
        }
    }

    /**
     * Every check of a receiving call's buffers comes before the call: a failure after the kernel has handed over
     * a message would lose its data and its descriptors. Buffers that share memory would have the kernel store two
     * parts of the message in the same bytes, and a {@code ByteBuffer} given twice cannot advance for both.
     */
    @Test
    void recvmsgRefusesBuffersThatShareMemoryBeforeReceivingAnything() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; PosixSocket passed = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
             Arena arena = Arena.ofConfined()) {
            byte[] message = new byte[32];
            for (int i = 0; i < message.length; i++) {
                message[i] = (byte) (i + 1);
            }
            assertEquals(32, b.sendFds(List.of(IoBuffer.of(message)), List.of(passed)));
            int room = (int) ControlMessages.spaceForFds(1);
            ByteBuffer heap = ByteBuffer.allocate(16);
            ByteBuffer direct = ByteBuffer.allocateDirect(32);
            byte[] array = new byte[32];
            MemorySegment segment = arena.allocate(32);
            List<List<IoBuffer>> sharing = List.of(
                    List.of(IoBuffer.of(heap), IoBuffer.of(heap)),                                   // the same ByteBuffer
                    List.of(IoBuffer.of(direct.slice(0, 16)), IoBuffer.of(direct.slice(8, 16))),     // overlapping slices
                    List.of(IoBuffer.of(array, 0, 16), IoBuffer.of(array, 8, 16)),                   // overlapping parts
                    List.of(IoBuffer.of(array, 0, 16), IoBuffer.of(ByteBuffer.wrap(array, 15, 16))), // an array, a buffer on it
                    List.of(IoBuffer.of(segment), IoBuffer.of(new byte[4]), IoBuffer.of(segment.asSlice(31).asByteBuffer())));
            for (List<IoBuffer> buffers : sharing) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> a.recvmsg(buffers, room, MSG_DONTWAIT), buffers::toString);
                assertTrue(e.getMessage().startsWith("recvmsg: buffers "), e.getMessage());
            }
            assertEquals(0, heap.position());
            // Freed memory is refused as closed, not compared: an allocation made since may reuse its addresses.
            Arena gone = Arena.ofConfined();
            MemorySegment dead = gone.allocate(32);
            gone.close();
            MemorySegment reused = MemorySegment.ofAddress(dead.address()).reinterpret(32);
            assertThrows(IllegalStateException.class, () -> a.recvmsg(List.of(IoBuffer.of(dead), IoBuffer.of(reused)), room, MSG_DONTWAIT));

            // Adjacent parts of one array share no byte: accepted, and the message is all there, with its descriptor.
            MsgResult r = a.recvmsg(List.of(IoBuffer.of(array, 0, 16), IoBuffer.of(array, 16, 16)), room, MSG_DONTWAIT);
            try {
                assertEquals(32, r.bytes());
                assertArrayEquals(message, array);
                assertEquals(1, r.fds().size(), "the descriptor arrived");
            } finally {
                for (OwnedFd fd : r.fds()) {
                    fd.close();
                }
            }
        }
    }

    /** A {@code ByteBuffer} given twice to {@code sendmsg} used to be sent, and then to throw: now nothing is sent. */
    @Test
    void sendmsgRefusesTheSameByteBufferTwiceBeforeSendingAnything() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            ByteBuffer data = ByteBuffer.wrap(DATA);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> a.sendmsg(List.of(IoBuffer.of(data), IoBuffer.of(data)), List.of(), 0, null));
            assertTrue(e.getMessage().startsWith("sendmsg: buffers 0 and 1"), e.getMessage());
            assertEquals(0, data.position());
            assertEquals(PosixSocket.WOULD_BLOCK, b.recv(new byte[64], MSG_DONTWAIT), "nothing was sent");
            // Two buffers over the same bytes are fine to send: the kernel only reads them.
            assertEquals(2 * DATA.length, a.sendmsg(List.of(IoBuffer.of(data), IoBuffer.of(data.duplicate())), List.of(), 0, null));
            assertEquals(2 * DATA.length, b.recv(new byte[64], MSG_DONTWAIT));
        }
    }

    @TempDir
    Path dir;

    /**
     * Java's UTF-8 encoder replaces what it cannot encode (an unpaired surrogate) with {@code '?'}, so C used to
     * see other text: a path of {@code "sur"}, a lone U+DCFF and {@code ".sock"} was bound as {@code "sur?.sock"},
     * and {@code getaddrinfo} resolved {@code "?"}. Such text is refused, as a NUL is, with the call and the index of the character.
     */
    @Test
    void textUtf8CannotEncodeIsRefusedInsteadOfBecomingAQuestionMark() throws Exception {
        String path = dir + "/sur\udcff.sock";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of(path));
        assertTrue(e.getMessage().startsWith("sun_path: ") && e.getMessage().contains("U+DCFF at index " + (dir + "/sur").length())
                && e.getMessage().contains("\\udcff"), e.getMessage());
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            assertThrows(IllegalArgumentException.class, () -> s.bind(SockaddrUn.of(path)));
        }
        assertFalse(Files.exists(Path.of(dir + "/sur?.sock")), "nothing bound at the replaced name");
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.abstractName("panama-\ud800"));

        AddrInfo.Hints numeric = new AddrInfo.Hints(SocketConstants.AI_NUMERICHOST | SocketConstants.AI_NUMERICSERV, 0, 0, 0);
        IllegalArgumentException node = assertThrows(IllegalArgumentException.class, () -> Netdb.getaddrinfo("\udcff", null, numeric));
        assertTrue(node.getMessage().startsWith("getaddrinfo: the node") && node.getMessage().contains("index 0"), node.getMessage());
        IllegalArgumentException service = assertThrows(IllegalArgumentException.class,
                () -> Netdb.getaddrinfo("127.0.0.1", "80\udcff", numeric));
        assertTrue(service.getMessage().startsWith("getaddrinfo: the service") && service.getMessage().contains("index 2"),
                service.getMessage());

        try (Arena arena = Arena.ofConfined()) {
            IllegalArgumentException pton = assertThrows(IllegalArgumentException.class,
                    () -> ArpaInet.inet_pton(AF_INET, "127.0.0.1\udcff", arena.allocate(4)));
            assertTrue(pton.getMessage().startsWith("inet_pton: ") && pton.getMessage().contains("index 9"), pton.getMessage());
        }
        try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                    () -> s.setOption(PosixSocketOptions.SO_BINDTODEVICE, "lo\udcff"));
            assertTrue(option.getMessage().startsWith("SO_BINDTODEVICE: ") && option.getMessage().contains("index 2"),
                    option.getMessage());
        }

        // A surrogate pair is one character, which UTF-8 encodes: accepted, and read back exactly.
        String smile = dir + "/\ud83d\ude00.sock";
        assertEquals(smile, SockaddrUn.of(smile).path());
        assertArrayEquals("\ud83d\ude00".getBytes(StandardCharsets.UTF_8), SockaddrUn.abstractName("\ud83d\ude00").abstractNameBytes());
    }
}
