package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.MSG_EOR;
import static io.github.panamasockets.SocketConstants.MSG_MORE;
import static io.github.panamasockets.SocketConstants.MSG_OOB;
import static io.github.panamasockets.SocketConstants.MSG_PEEK;
import static io.github.panamasockets.SocketConstants.MSG_TRUNC;
import static io.github.panamasockets.SocketConstants.MSG_WAITALL;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sendmsg}/{@code recvmsg} as scatter/gather calls on real sockets: every buffer kind mixed in one call
 * over a socketpair and over UDP; the flags a caller gives ({@code MSG_PEEK}, {@code MSG_WAITALL},
 * {@code MSG_DONTWAIT}, {@code MSG_OOB} against a java.net peer's urgent byte, {@code MSG_MORE} on TCP and UDP,
 * {@code MSG_EOR}) and the flags the kernel reports ({@code MSG_TRUNC}); the sender's address of a datagram;
 * {@code writev}/{@code readv}; and {@code sendfile} of part of a file to a java.net peer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScatterGatherTest {
    @TempDir
    Path dir;

    /** Five kinds of buffer whose bytes, in order, spell {@code text}; each kind is a different path in MessageMemory. */
    private static List<IoBuffer> gather(String text, Arena arena) {
        byte[] all = text.getBytes(US_ASCII);
        // Split points chosen so every kind carries at least one byte.
        byte[] array = new byte[3 + 4];
        System.arraycopy(all, 0, array, 2, 3); // an array part with an offset
        ByteBuffer heap = ByteBuffer.wrap(all, 3, 4).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put(all, 7, 5).flip();
        MemorySegment nativeSeg = arena.allocate(6);
        MemorySegment.copy(all, 12, nativeSeg, ValueLayout.JAVA_BYTE, 0, 6);
        MemorySegment heapSeg = MemorySegment.ofArray(Arrays.copyOfRange(all, 18, all.length));
        return List.of(IoBuffer.of(array, 2, 3), IoBuffer.of(heap), IoBuffer.of(direct), IoBuffer.of(nativeSeg),
                IoBuffer.of(heapSeg));
    }

    @Test
    void everyBufferKindMixedOverASocketpair() throws Exception {
        String text = "abcdefghijklmnopqrstuvwxyz0123"; // 30 bytes: 3 + 4 + 5 + 6 + 12
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (Arena arena = Arena.ofConfined(); PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            List<IoBuffer> out = gather(text, arena);
            assertEquals(30, a.sendmsg(out, List.of(), 0, null));
            assertFalse(((IoBuffer.Buffer) out.get(1)).buffer().hasRemaining(), "heap ByteBuffer advanced");
            assertFalse(((IoBuffer.Buffer) out.get(2)).buffer().hasRemaining(), "direct ByteBuffer advanced");

            // Scatter with a different split, and kinds in another order.
            MemorySegment nativeIn = arena.allocate(7);
            byte[] heapSegBacking = new byte[5];
            ByteBuffer directIn = ByteBuffer.allocateDirect(8);
            byte[] arrayIn = new byte[10];
            ByteBuffer heapIn = ByteBuffer.allocate(20);
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(nativeIn), IoBuffer.of(MemorySegment.ofArray(heapSegBacking)),
                    IoBuffer.of(directIn), IoBuffer.of(arrayIn, 1, 4), IoBuffer.of(heapIn)), 0, 0);
            assertEquals(30, r.bytes());
            assertNull(r.from(), "a connected stream names no sender");
            assertEquals(List.of(), r.control());
            assertEquals(8, directIn.position());
            assertEquals(6, heapIn.position());
            String got = new String(nativeIn.toArray(ValueLayout.JAVA_BYTE), US_ASCII)
                    + new String(heapSegBacking, US_ASCII)
                    + new String(bytes(directIn.flip()), US_ASCII)
                    + new String(arrayIn, 1, 4, US_ASCII)
                    + new String(heapIn.array(), 0, 6, US_ASCII);
            assertEquals(text, got);
            assertEquals(0, arrayIn[0], "bytes outside the array part are untouched");
            assertEquals(0, arrayIn[5]);
        }
    }

    private static byte[] bytes(ByteBuffer flipped) {
        byte[] b = new byte[flipped.remaining()];
        flipped.get(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void everyBufferKindMixedOverUdpWithTheSendersAddress(int ipVersion) throws Exception {
        int af = ipVersion == 4 ? AF_INET : AF_INET6;
        String text = "UDP gathered from five kinds!!"; // 30 bytes
        try (Arena arena = Arena.ofConfined(); PosixSocket sender = Loopback.udp(af); PosixSocket receiver = Loopback.udp(af)) {
            assertEquals(30, sender.sendmsg(gather(text, arena), List.of(), 0, receiver.getsockname()));
            byte[] first = new byte[13];
            MemorySegment second = arena.allocate(64);
            MsgResult r = receiver.recvmsg(List.of(IoBuffer.of(first), IoBuffer.of(second)), 0, 0);
            assertEquals(30, r.bytes());
            assertFalse(r.isTruncated());
            assertEquals(text, new String(first, US_ASCII) + new String(second.asSlice(0, 17).toArray(ValueLayout.JAVA_BYTE), US_ASCII));
            assertEquals(Loopback.local(sender), r.from().toSocketAddress(), "msg_name is the sender");
            assertEquals(af, r.from().family());
        }
    }

    @Test
    void peekLeavesTheDataQueued() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            a.send("peekaboo".getBytes(US_ASCII), 0);
            byte[] p1 = new byte[4], p2 = new byte[4];
            assertEquals(8, b.recvmsg(List.of(IoBuffer.of(p1), IoBuffer.of(p2)), 0, MSG_PEEK).bytes());
            byte[] again = new byte[8];
            assertEquals(8, b.recvmsg(List.of(IoBuffer.of(again)), 0, 0).bytes());
            assertEquals("peekaboo", new String(p1, US_ASCII) + new String(p2, US_ASCII));
            assertArrayEquals("peekaboo".getBytes(US_ASCII), again);
            assertEquals(PosixSocket.WOULD_BLOCK, b.recvmsg(List.of(IoBuffer.of(again)), 0, MSG_DONTWAIT).bytes(),
                    "the real read consumed it");
        }
    }

    @Test
    void waitAllWaitsForEveryBufferToFill() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (String chunk : new String[] {"one-", "two-", "three"}) {
                        Thread.sleep(30);
                        a.send(chunk.getBytes(US_ASCII), 0);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] head = new byte[6];
            ByteBuffer tail = ByteBuffer.allocate(7);
            // Blocking mode: MSG_WAITALL goes to the kernel as it is (with a timeout each attempt is non-blocking).
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(head), IoBuffer.of(tail)), 0, MSG_WAITALL);
            assertEquals(13, r.bytes(), "three sends, one receive");
            assertEquals("one-two-three", new String(head, US_ASCII) + new String(tail.array(), US_ASCII));
            writer.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void dontWaitOnAnEmptySocketIsWouldBlock() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            ByteBuffer buf = ByteBuffer.allocate(8);
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(buf)), 64, MSG_DONTWAIT);
            assertEquals(PosixSocket.WOULD_BLOCK, r.bytes());
            assertEquals(List.of(), r.control());
            assertEquals(0, buf.position(), "nothing stored");
            assertTrue(b.isBlocking(), "MSG_DONTWAIT is per call, not a mode");
            a.send(new byte[] {42}, 0);
            assertEquals(1, b.recvmsg(List.of(IoBuffer.of(buf)), 0, MSG_DONTWAIT).bytes());
        }
    }

    @Test
    void urgentByteFromAJavaNetPeerIsReadWithMsgOob() throws Exception {
        try (PosixSocket listener = Loopback.tcpListener(); Socket peer = new Socket()) {
            peer.connect(listener.getsockname().toSocketAddress(), 5_000);
            try (PosixSocket s = listener.accept()) {
                s.setTimeout(Loopback.WAIT);
                peer.getOutputStream().write("abc".getBytes(US_ASCII));
                peer.sendUrgentData('!');
                peer.getOutputStream().write("def".getBytes(US_ASCII));

                byte[] urgent = new byte[1];
                MsgResult r = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() - deadline < 0) {
                    try {
                        r = s.recvmsg(List.of(IoBuffer.of(urgent)), 0, MSG_OOB);
                        break;
                    } catch (PosixSocketException e) {
                        // EINVAL: the urgent segment has not arrived yet.
                        assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
                        Thread.sleep(5);
                    }
                }
                assertEquals(1, r.bytes());
                assertEquals('!', urgent[0]);
                assertTrue((r.flags() & MSG_OOB) != 0, "msg_flags says it was out-of-band");

                // The urgent byte was taken out of band: the stream itself is the rest, in order. (A read stops
                // at the urgent mark, so it takes two.)
                byte[] normal = new byte[6];
                int got = 0;
                for (int i = 0; i < 10 && got < 6; i++) {
                    got += s.recvmsg(List.of(IoBuffer.of(normal, got, 6 - got)), 0, 0).bytes();
                }
                assertEquals("abcdef", new String(normal, 0, got, US_ASCII));
            }
        }
    }

    @Test
    void msgMoreHoldsTcpDataUntilASendWithoutIt() throws Exception {
        PosixSocket[] tcp = Loopback.tcpPair();
        try (PosixSocket client = tcp[0]; PosixSocket server = tcp[1]) {
            client.sendmsg(List.of(IoBuffer.of("part1|".getBytes(US_ASCII))), List.of(), MSG_MORE, null);
            client.sendmsg(List.of(IoBuffer.of("part2|".getBytes(US_ASCII))), List.of(), MSG_MORE, null);
            byte[] buf = new byte[64];
            // Loopback delivers a plain send before it returns; corked data is not on the wire yet.
            assertEquals(PosixSocket.WOULD_BLOCK, server.recv(buf, MSG_DONTWAIT), "MSG_MORE corks the data");
            client.sendmsg(List.of(IoBuffer.of("end".getBytes(US_ASCII))), List.of(), 0, null);
            int n = server.recv(buf, 0);
            assertEquals("part1|part2|end", new String(buf, 0, n, US_ASCII), "all three arrive together");
        }
    }

    @Test
    void msgMoreMakesOneUdpDatagramOfThreeSends() throws Exception {
        try (PosixSocket sender = Loopback.udp(AF_INET); PosixSocket receiver = Loopback.udp(AF_INET)) {
            sender.connect(receiver.getsockname());
            sender.sendmsg(List.of(IoBuffer.of("a".getBytes(US_ASCII))), List.of(), MSG_MORE, null);
            sender.sendmsg(List.of(IoBuffer.of("bc".getBytes(US_ASCII))), List.of(), MSG_MORE, null);
            sender.sendmsg(List.of(IoBuffer.of("def".getBytes(US_ASCII))), List.of(), 0, null);
            byte[] buf = new byte[64];
            MsgResult r = receiver.recvmsg(List.of(IoBuffer.of(buf)), 0, 0);
            assertEquals("abcdef", new String(buf, 0, r.bytes(), US_ASCII), "one datagram");
            assertEquals(PosixSocket.WOULD_BLOCK, receiver.recvmsg(List.of(IoBuffer.of(buf)), 0, MSG_DONTWAIT).bytes());
        }
    }

    @Test
    void aDatagramLongerThanTheBuffersIsTruncatedAndMsgTruncTellsItsLength() throws Exception {
        byte[] datagram = new byte[100];
        new Random(7).nextBytes(datagram);
        try (PosixSocket sender = Loopback.udp(AF_INET); PosixSocket receiver = Loopback.udp(AF_INET)) {
            byte[] a = new byte[4];
            ByteBuffer b = ByteBuffer.allocateDirect(6);
            sender.sendto(datagram, 0, 100, 0, receiver.getsockname());
            MsgResult r = receiver.recvmsg(List.of(IoBuffer.of(a), IoBuffer.of(b)), 0, 0);
            assertEquals(10, r.bytes());
            assertTrue(r.isTruncated(), "msg_flags has MSG_TRUNC");
            assertArrayEquals(Arrays.copyOf(datagram, 4), a);
            assertEquals(6, b.position());
            assertArrayEquals(Arrays.copyOfRange(datagram, 4, 10), bytes(b.flip()));

            // With MSG_TRUNC given, the return value is the datagram's real length; only what fits is stored.
            sender.sendto(datagram, 0, 100, 0, receiver.getsockname());
            byte[] c = new byte[4];
            ByteBuffer d = ByteBuffer.allocate(6);
            MsgResult t = receiver.recvmsg(List.of(IoBuffer.of(c), IoBuffer.of(d)), 0, MSG_TRUNC);
            assertEquals(100, t.bytes());
            assertTrue(t.isTruncated());
            assertEquals(6, d.position(), "the position never passes the limit");
            assertArrayEquals(Arrays.copyOf(datagram, 4), c);
            assertArrayEquals(Arrays.copyOfRange(datagram, 4, 10), d.array());
        }
    }

    @Test
    void seqpacketKeepsRecordsAndAcceptsMsgEor() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_SEQPACKET, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.setTimeout(Loopback.WAIT);
            assertEquals(5, a.sendmsg(List.of(IoBuffer.of("first".getBytes(US_ASCII))), List.of(), MSG_EOR, null));
            assertEquals(6, a.sendmsg(List.of(IoBuffer.of("second".getBytes(US_ASCII))), List.of(), MSG_EOR, null));
            byte[] buf = new byte[64];
            MsgResult r1 = b.recvmsg(List.of(IoBuffer.of(buf)), 0, 0);
            assertEquals("first", new String(buf, 0, r1.bytes(), US_ASCII), "a record is never merged with the next");
            byte[] small = new byte[3];
            MsgResult r2 = b.recvmsg(List.of(IoBuffer.of(small)), 0, 0);
            assertEquals(3, r2.bytes());
            assertTrue(r2.isTruncated(), "a record cut short says so, like a datagram");
            // Linux's AF_UNIX does not set MSG_EOR in msg_flags on receipt (SCTP does): a whole record is
            // marked by the absence of MSG_TRUNC instead. Nothing else is reported (not even the
            // MSG_CMSG_CLOEXEC the library adds to every recvmsg).
            assertEquals(0, r1.flags() & ~MSG_EOR, "flags of a whole record: " + r1.flags());
            assertEquals(MSG_TRUNC, r2.flags() & ~MSG_EOR, "flags of a cut record: " + r2.flags());
            assertEquals(PosixSocket.WOULD_BLOCK, b.recvmsg(List.of(IoBuffer.of(buf)), 0, MSG_DONTWAIT).bytes(),
                    "the rest of a cut record is discarded");
        }
    }

    @Test
    void writevAndReadv() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (Arena arena = Arena.ofConfined(); PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            MemorySegment seg = arena.allocateFrom("-native", US_ASCII).asSlice(0, 7);
            ByteBuffer bb = ByteBuffer.wrap("-heap".getBytes(US_ASCII));
            assertEquals(17, a.writev(IoBuffer.of("array".getBytes(US_ASCII)), IoBuffer.of(bb), IoBuffer.of(seg)));
            byte[] x = new byte[9];
            ByteBuffer y = ByteBuffer.allocateDirect(32);
            assertEquals(17, b.readv(IoBuffer.of(x), IoBuffer.of(y)));
            assertEquals("array-hea", new String(x, US_ASCII));
            assertEquals("p-native", new String(bytes(y.flip()), US_ASCII));
            a.close();
            assertEquals(0, b.readv(IoBuffer.of(x)), "end of stream");
        }
    }

    @Test
    void sendfileSendsPartOfAFileFromAnOffsetToAJavaNetPeer() throws Exception {
        byte[] content = new byte[300_000];
        new Random(11).nextBytes(content);
        Path file = Files.write(dir.resolve("payload.bin"), content);
        int offset = 12_345, count = 200_000;
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
             OwnedFd in = OwnedFd.open(file)) {
            server.setSoTimeout(5_000);
            s.connect(SockAddr.of(new InetSocketAddress(server.getInetAddress(), server.getLocalPort())));
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(5_000);
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(peer));
                long sent = 0;
                for (int i = 0; sent < count && i < 1000; i++) {
                    long n = s.sendfile(in, offset + sent, count - sent);
                    assertTrue(n > 0, "progress");
                    sent += n;
                }
                assertEquals(count, sent);
                assertEquals(0, s.sendfile(in, content.length, 10), "0 at the end of the file");
                s.shutdown(SocketConstants.SHUT_WR);
                assertArrayEquals(Arrays.copyOfRange(content, offset, offset + count), received.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void sendfileHonoursNonBlockingModeAndTimeouts() throws Exception {
        byte[] content = new byte[8 << 20]; // far more than a socketpair holds
        Path file = Files.write(dir.resolve("big.bin"), content);
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; OwnedFd in = OwnedFd.open(file)) {
            a.setBlocking(false);
            long offset = 0, r = 0;
            for (int i = 0; i < 10_000 && (r = a.sendfile(in, offset, content.length - offset)) > 0; i++) {
                offset += r;
            }
            assertEquals(PosixSocket.WOULD_BLOCK, r, "nobody reads: the socket fills up, and the call says so");
            assertTrue(offset > 0 && offset < content.length, "sent " + offset);

            a.setTimeout(java.time.Duration.ofMillis(100));
            long from = offset, start = System.nanoTime();
            PosixTimeoutException e = assertThrows(PosixTimeoutException.class,
                    () -> a.sendfile(in, from, content.length - from));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 90 && waited < 3_000, "waited " + waited + " ms");
            assertEquals("sendfile", e.call());
            assertTrue(b.recv(new byte[16], 0) > 0, "what was sent is there to read");
        }
    }

    private static byte[] readAll(Socket peer) {
        try (InputStream in = peer.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void wouldBlockResultIsTheSharedConstant() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.setBlocking(false);
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(new byte[4])), 0, 0);
            assertSame(MsgResult.WOULD_BLOCK, r, "non-blocking mode allocates no result for would-block");
        }
    }
}
