package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.MSG_PEEK;
import static io.github.panamasockets.SocketConstants.MSG_TRUNC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketIo.recvTimeout;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UDP over loopback, IPv4 and IPv6, between {@link PosixSocket} and the JDK's {@link DatagramSocket} and
 * {@link DatagramChannel} as the independent peer, both ways: {@code sendto}/{@code recvfrom} carry exact
 * datagrams and the {@link SockaddrStorage} filled in by {@code recvfrom} decodes to the JDK sender's address
 * and port (and is overwritten when reused); connected UDP sends and receives without addresses; an empty
 * datagram is received as 0 bytes; {@code MSG_TRUNC} returns a datagram's real length while storing only what
 * fits, for {@code byte[]}, heap and direct {@link ByteBuffer}s (whose position advances by what was stored)
 * and native and heap {@link MemorySegment}s; {@code MSG_PEEK} leaves the datagram queued.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UdpTrafficTest {
    private static final int TIMEOUT_MS = 5_000;
    private static final byte SENTINEL = (byte) 0xA5;

    enum Family {
        V4(AF_INET, new byte[] {127, 0, 0, 1}, StandardProtocolFamily.INET, SockaddrIn.class, 16),
        V6(AF_INET6, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, StandardProtocolFamily.INET6,
                SockaddrIn6.class, 28);

        final int af;
        final InetAddress loopback;
        final ProtocolFamily jdkFamily;
        final Class<? extends SockAddr> type;
        final int addrlen;

        Family(int af, byte[] address, ProtocolFamily jdkFamily, Class<? extends SockAddr> type, int addrlen) {
            this.af = af;
            this.loopback = literal(address);
            this.jdkFamily = jdkFamily;
            this.type = type;
            this.addrlen = addrlen;
        }

        SockAddr sockaddr(int port) {
            return af == AF_INET ? SockaddrIn.loopback(port) : SockaddrIn6.of("::1", port);
        }

        InetSocketAddress jdk(int port) {
            return new InetSocketAddress(loopback, port);
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void sendtoAndRecvfromWithJdkDatagramSockets(Family f) throws Exception {
        try (DatagramSocket jdk = new DatagramSocket(f.jdk(0));
             DatagramSocket jdk2 = new DatagramSocket(f.jdk(0));
             PosixSocket u = PosixSocket.socket(f.af, SOCK_DGRAM, IPPROTO_UDP)) {
            jdk.setSoTimeout(TIMEOUT_MS);
            recvTimeout(u);
            u.bind(f.sockaddr(0));
            SockAddr local = u.getsockname();
            assertInstanceOf(f.type, local);
            InetSocketAddress uAddr = (InetSocketAddress) local.toSocketAddress();
            assertEquals(f.loopback, uAddr.getAddress());
            assertTrue(uAddr.getPort() > 0);

            byte[] out = ("datagram from PosixSocket over " + f).getBytes(UTF_8);
            assertEquals(out.length, u.sendto(out, 0, out.length, 0, SockAddr.of(jdk.getLocalSocketAddress())));
            DatagramPacket p = new DatagramPacket(new byte[200], 200);
            jdk.receive(p);
            assertArrayEquals(out, Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()));
            assertEquals(uAddr, p.getSocketAddress(), "the JDK sees the address getsockname reported");

            // Two JDK senders; one SockaddrStorage, reused, must name each in turn.
            SockaddrStorage from = SockaddrStorage.allocate();
            byte[] buf = new byte[200];
            DatagramSocket[] senders = {jdk, jdk2, jdk};
            for (int i = 0; i < senders.length; i++) {
                byte[] in = ("reply " + i + " from java.net").getBytes(UTF_8);
                senders[i].send(new DatagramPacket(in, in.length, uAddr));
                int n = u.recvfrom(buf, 0, buf.length, 0, from);
                assertEquals(in.length, n);
                assertArrayEquals(in, Arrays.copyOf(buf, n));
                assertEquals(f.af, from.family());
                assertEquals(f.addrlen, from.length());
                assertInstanceOf(f.type, from.decode());
                assertEquals(senders[i].getLocalSocketAddress(), from.toSocketAddress());
            }
            assertNotEquals(jdk.getLocalPort(), jdk2.getLocalPort());

            // The storage filled in by recvfrom is itself a destination.
            byte[] back = "answer to whoever wrote last".getBytes(UTF_8);
            assertEquals(back.length, u.sendto(back, 0, back.length, 0, from));
            p = new DatagramPacket(new byte[200], 200);
            jdk.receive(p);
            assertEquals(back.length, p.getLength());
            assertArrayEquals(back, Arrays.copyOf(p.getData(), p.getLength()));
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void sendtoAndRecvfromWithBuffersAndSegments(Family f) throws Exception {
        try (DatagramSocket jdk = new DatagramSocket(f.jdk(0));
             PosixSocket u = PosixSocket.socket(f.af, SOCK_DGRAM, 0);
             Arena arena = Arena.ofConfined()) {
            jdk.setSoTimeout(TIMEOUT_MS);
            recvTimeout(u);
            u.bind(f.sockaddr(0));
            InetSocketAddress uAddr = (InetSocketAddress) u.getsockname().toSocketAddress();
            SockAddr to = SockAddr.of(jdk.getLocalSocketAddress());

            byte[] a = "heap buffer".getBytes(UTF_8);
            ByteBuffer heap = ByteBuffer.wrap(a);
            assertEquals(a.length, u.sendto(heap, 0, to));
            assertEquals(a.length, heap.position());
            assertArrayEquals(a, jdkReceive(jdk));

            byte[] b = "direct buffer".getBytes(UTF_8);
            ByteBuffer direct = ByteBuffer.allocateDirect(64).put(b).flip();
            assertEquals(b.length, u.sendto(direct, 0, to));
            assertEquals(b.length, direct.position());
            assertArrayEquals(b, jdkReceive(jdk));

            byte[] c = "native segment".getBytes(UTF_8);
            assertEquals(c.length, u.sendto(arena.allocateFrom(ValueLayout.JAVA_BYTE, c), 0, to));
            assertArrayEquals(c, jdkReceive(jdk));

            SockaddrStorage from = SockaddrStorage.allocate();
            byte[] d = "into a heap buffer".getBytes(UTF_8);
            jdk.send(new DatagramPacket(d, d.length, uAddr));
            ByteBuffer heapIn = ByteBuffer.allocate(64);
            assertEquals(d.length, u.recvfrom(heapIn, 0, from));
            assertEquals(d.length, heapIn.position());
            assertArrayEquals(d, Arrays.copyOf(heapIn.array(), d.length));
            assertEquals(jdk.getLocalSocketAddress(), from.toSocketAddress());

            byte[] e = "into a direct buffer".getBytes(UTF_8);
            jdk.send(new DatagramPacket(e, e.length, uAddr));
            ByteBuffer directIn = ByteBuffer.allocateDirect(64);
            assertEquals(e.length, u.recvfrom(directIn, 0, null));
            assertEquals(e.length, directIn.position());
            byte[] gotE = new byte[e.length];
            directIn.flip().get(gotE);
            assertArrayEquals(e, gotE);

            byte[] g = "into a native segment".getBytes(UTF_8);
            jdk.send(new DatagramPacket(g, g.length, uAddr));
            MemorySegment seg = arena.allocate(64);
            SockaddrStorage from2 = SockaddrStorage.allocate(arena);
            assertEquals(g.length, u.recvfrom(seg, 0, from2));
            assertArrayEquals(g, seg.asSlice(0, g.length).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(jdk.getLocalSocketAddress(), from2.toSocketAddress());
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void connectedUdpWithDatagramChannel(Family f) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open(f.jdkFamily);
             PosixSocket u = PosixSocket.socket(f.af, SOCK_DGRAM, 0)) {
            recvTimeout(u);
            ch.bind(f.jdk(0));
            InetSocketAddress chAddr = (InetSocketAddress) ch.getLocalAddress();
            u.connect(f.sockaddr(chAddr.getPort()));
            assertEquals(chAddr, u.getpeername().toSocketAddress());
            InetSocketAddress uAddr = (InetSocketAddress) u.getsockname().toSocketAddress();
            assertEquals(f.loopback, uAddr.getAddress());
            assertTrue(uAddr.getPort() > 0, "connect bound the socket to a port");
            ch.connect(uAddr);
            ch.socket().setSoTimeout(TIMEOUT_MS);

            byte[] out = ("connected send over " + f).getBytes(UTF_8);
            assertEquals(out.length, u.send(out, 0));
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            ch.socket().receive(p);
            assertArrayEquals(out, Arrays.copyOf(p.getData(), p.getLength()));
            assertEquals(uAddr, p.getSocketAddress());

            byte[] in = ("connected reply over " + f).getBytes(UTF_8);
            assertEquals(in.length, ch.write(ByteBuffer.wrap(in)));
            byte[] buf = new byte[100];
            int n = u.recv(buf, 0);
            assertEquals(in.length, n);
            assertArrayEquals(in, Arrays.copyOf(buf, n));

            // write/read are send/recv without flags on a connected socket.
            assertEquals(3, u.write(new byte[] {7, 8, 9}, 0, 3));
            p = new DatagramPacket(new byte[100], 100);
            ch.socket().receive(p);
            assertArrayEquals(new byte[] {7, 8, 9}, Arrays.copyOf(p.getData(), p.getLength()));
            ch.write(ByteBuffer.wrap(new byte[] {4, 5}));
            assertEquals(2, u.read(buf, 10, 5));
            assertEquals(4, buf[10]);
            assertEquals(5, buf[11]);
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void connectedUdpToAClosedPortReportsConnectionRefused(Family f) throws Exception {
        int port;
        try (DatagramSocket gone = new DatagramSocket(f.jdk(0))) {
            port = gone.getLocalPort();
        }
        try (PosixSocket u = PosixSocket.socket(f.af, SOCK_DGRAM, 0)) {
            recvTimeout(u);
            u.connect(f.sockaddr(port));
            assertEquals(1, u.send(new byte[] {1}, 0));
            // The ICMP port-unreachable comes back as ECONNREFUSED on the next call.
            PosixConnectException e = assertThrows(PosixConnectException.class, () -> u.recv(new byte[8], 0));
            assertEquals(Errno.ECONNREFUSED, e.errno());
            assertEquals("recv", e.call());
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void emptyDatagramBothWays(Family f) throws Exception {
        try (DatagramSocket jdk = new DatagramSocket(f.jdk(0));
             PosixSocket u = PosixSocket.socket(f.af, SOCK_DGRAM, 0)) {
            jdk.setSoTimeout(TIMEOUT_MS);
            recvTimeout(u);
            u.bind(f.sockaddr(0));
            InetSocketAddress uAddr = (InetSocketAddress) u.getsockname().toSocketAddress();

            jdk.send(new DatagramPacket(new byte[0], 0, uAddr));
            jdk.send(new DatagramPacket(new byte[] {42}, 1, uAddr));
            byte[] buf = {SENTINEL, SENTINEL};
            SockaddrStorage from = SockaddrStorage.allocate();
            assertEquals(0, u.recvfrom(buf, 0, buf.length, 0, from), "an empty datagram is 0 bytes");
            assertEquals(jdk.getLocalSocketAddress(), from.toSocketAddress());
            assertEquals(SENTINEL, buf[0]);
            assertEquals(1, u.recv(buf, 0), "the empty datagram was one datagram, not merged");
            assertEquals(42, buf[0]);

            u.connect(SockAddr.of(jdk.getLocalSocketAddress()));
            assertEquals(0, u.send(new byte[0], 0));
            assertEquals(0, u.send(ByteBuffer.allocate(0), 0));
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[10], 10);
                jdk.receive(p);
                assertEquals(0, p.getLength());
                assertEquals(uAddr, p.getSocketAddress());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void msgTruncGivesTheRealLengthAndStoresWhatFits(Family f) throws Exception {
        try (DatagramSocket jdk = new DatagramSocket(f.jdk(0));
             PosixSocket u = PosixSocket.socket(f.af, SOCK_DGRAM, 0);
             Arena arena = Arena.ofConfined()) {
            recvTimeout(u);
            u.bind(f.sockaddr(0));
            InetSocketAddress uAddr = (InetSocketAddress) u.getsockname().toSocketAddress();

            // byte[] with offset 5 and room for 10
            byte[] d1 = datagram(1);
            jdk.send(new DatagramPacket(d1, d1.length, uAddr));
            byte[] arr = filled(30);
            assertEquals(100, u.recv(arr, 5, 10, MSG_TRUNC));
            assertStoredTenAt5(d1, arr);

            // heap ByteBuffer: position 5, limit 15
            byte[] d2 = datagram(2);
            jdk.send(new DatagramPacket(d2, d2.length, uAddr));
            ByteBuffer heap = ByteBuffer.wrap(filled(30)).position(5).limit(15);
            assertEquals(100, u.recv(heap, MSG_TRUNC));
            assertEquals(15, heap.position(), "position advances by the 10 bytes stored, not 100");
            assertEquals(15, heap.limit());
            assertStoredTenAt5(d2, heap.array());

            // direct ByteBuffer: position 5, limit 15
            byte[] d3 = datagram(3);
            jdk.send(new DatagramPacket(d3, d3.length, uAddr));
            ByteBuffer direct = ByteBuffer.allocateDirect(30).put(filled(30)).position(5).limit(15);
            assertEquals(100, u.recv(direct, MSG_TRUNC));
            assertEquals(15, direct.position());
            assertEquals(15, direct.limit());
            byte[] directBytes = new byte[30];
            direct.clear().get(directBytes);
            assertStoredTenAt5(d3, directBytes);

            // native segment: a 10-byte slice of 30
            byte[] d4 = datagram(4);
            jdk.send(new DatagramPacket(d4, d4.length, uAddr));
            MemorySegment whole = arena.allocate(30).fill(SENTINEL);
            assertEquals(100, u.recv(whole.asSlice(5, 10), MSG_TRUNC));
            assertStoredTenAt5(d4, whole.toArray(ValueLayout.JAVA_BYTE));

            // heap segment: a 10-byte slice of an array
            byte[] d5 = datagram(5);
            jdk.send(new DatagramPacket(d5, d5.length, uAddr));
            byte[] backing = filled(30);
            assertEquals(100, u.recv(MemorySegment.ofArray(backing).asSlice(5, 10), MSG_TRUNC));
            assertStoredTenAt5(d5, backing);

            // recvfrom into a heap buffer that is a slice of a larger array, with the sender filled in
            byte[] d6 = datagram(6);
            jdk.send(new DatagramPacket(d6, d6.length, uAddr));
            byte[] outer = filled(40);
            ByteBuffer sliced = ByteBuffer.wrap(outer, 5, 30).slice().position(5).limit(15);
            SockaddrStorage from = SockaddrStorage.allocate();
            assertEquals(100, u.recvfrom(sliced, MSG_TRUNC, from));
            assertEquals(15, sliced.position());
            assertStoredTenAt5(d6, Arrays.copyOfRange(outer, 5, 35));
            assertEquals(SENTINEL, outer[0]);
            assertEquals(SENTINEL, outer[39]);
            assertEquals(jdk.getLocalSocketAddress(), from.toSocketAddress());

            // without MSG_TRUNC the same datagram gives the stored length
            byte[] d7 = datagram(7);
            jdk.send(new DatagramPacket(d7, d7.length, uAddr));
            byte[] small = filled(30);
            assertEquals(10, u.recv(small, 5, 10, 0));
            assertStoredTenAt5(d7, small);

            assertEquals(PosixSocket.WOULD_BLOCK, u.recv(new byte[1], MSG_DONTWAIT),
                    "the rest of each truncated datagram was discarded");
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void msgPeekLeavesTheDatagramQueued(Family f) throws Exception {
        try (DatagramSocket jdk = new DatagramSocket(f.jdk(0));
             PosixSocket u = PosixSocket.socket(f.af, SOCK_DGRAM, 0)) {
            recvTimeout(u);
            u.bind(f.sockaddr(0));
            InetSocketAddress uAddr = (InetSocketAddress) u.getsockname().toSocketAddress();
            byte[] first = "peekaboo".getBytes(UTF_8);
            byte[] second = "second".getBytes(UTF_8);
            jdk.send(new DatagramPacket(first, first.length, uAddr));
            jdk.send(new DatagramPacket(second, second.length, uAddr));

            byte[] buf = new byte[64];
            SockaddrStorage from = SockaddrStorage.allocate();
            assertEquals(first.length, u.recvfrom(buf, 0, buf.length, MSG_PEEK, from));
            assertArrayEquals(first, Arrays.copyOf(buf, first.length));
            assertEquals(jdk.getLocalSocketAddress(), from.toSocketAddress());

            ByteBuffer peeked = ByteBuffer.allocate(64);
            assertEquals(first.length, u.recv(peeked, MSG_PEEK));
            assertEquals(first.length, peeked.position());

            Arrays.fill(buf, (byte) 0);
            assertEquals(first.length, u.recv(buf, 0), "the peeked datagram is still there");
            assertArrayEquals(first, Arrays.copyOf(buf, first.length));
            assertEquals(second.length, u.recv(buf, MSG_PEEK));
            assertEquals(second.length, u.recv(buf, 0));
            assertArrayEquals(second, Arrays.copyOf(buf, second.length));

            assertEquals(PosixSocket.WOULD_BLOCK, u.recv(buf, MSG_DONTWAIT | MSG_PEEK), "nothing left to peek at");
        }
    }

    // -----------------------------------------------------------------------------------------------------

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] jdkReceive(DatagramSocket jdk) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[200], 200);
        jdk.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    /** 100 bytes, different for each seed. */
    private static byte[] datagram(int seed) {
        byte[] d = new byte[100];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (seed * 31 + i);
        }
        return d;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, SENTINEL);
        return b;
    }

    /** Bytes 5..15 of {@code actual} are the datagram's first 10; everything else is still the sentinel. */
    private static void assertStoredTenAt5(byte[] datagram, byte[] actual) {
        assertArrayEquals(Arrays.copyOf(datagram, 10), Arrays.copyOfRange(actual, 5, 15));
        for (int i = 0; i < actual.length; i++) {
            if (i < 5 || i >= 15) {
                assertEquals(SENTINEL, actual[i], "byte " + i + " outside the buffer was written");
            }
        }
    }
}
