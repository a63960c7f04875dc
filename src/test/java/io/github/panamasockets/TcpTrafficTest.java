package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.IPPROTO_IPV6;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPV6_V6ONLY;
import static io.github.panamasockets.SocketConstants.SHUT_WR;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketIo.recvExactly;
import static io.github.panamasockets.SocketIo.recvTimeout;
import static io.github.panamasockets.SocketIo.sendAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TCP over loopback, IPv4 (127.0.0.1) and IPv6 (::1), between {@link PosixSocket} and the JDK's own
 * {@code java.net} sockets as the independent peer, in both roles: bytes arrive exactly both ways, a 4 MiB
 * transfer survives partial sends and receives with the same checksum, {@code getsockname}/{@code getpeername}
 * agree with what the JDK side reports, {@code recv} returns 0 at end of stream, {@code shutdown(SHUT_WR)}
 * gives the JDK peer end of stream while it can still answer, and a dual-stack {@code AF_INET6} socket reports
 * an IPv4 client as an IPv4-mapped {@link SockaddrIn6} whose address stays an {@link Inet6Address}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpTrafficTest {
    private static final int TIMEOUT_MS = 5_000;
    private static final int LARGE = 4 << 20;

    enum Family {
        V4(AF_INET, new byte[] {127, 0, 0, 1}, SockaddrIn.class),
        V6(AF_INET6, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, SockaddrIn6.class);

        final int af;
        final InetAddress loopback;
        final Class<? extends SockAddr> type;

        Family(int af, byte[] address, Class<? extends SockAddr> type) {
            this.af = af;
            this.loopback = literal(address);
            this.type = type;
        }

        /** The loopback address with a port, built from text as C code would. */
        SockAddr sockaddr(int port) {
            return af == AF_INET ? SockaddrIn.of("127.0.0.1", port) : SockaddrIn6.of("::1", port);
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void posixServerTalksWithJdkClient(Family f) throws Exception {
        try (PosixSocket server = PosixSocket.socket(f.af, SOCK_STREAM, IPPROTO_TCP)) {
            recvTimeout(server);
            server.bind(f.sockaddr(0));
            server.listen(4);
            SockAddr bound = server.getsockname();
            assertInstanceOf(f.type, bound);
            assertEquals(f.af, bound.family());
            InetSocketAddress boundJdk = (InetSocketAddress) bound.toSocketAddress();
            assertEquals(f.loopback, boundJdk.getAddress());
            int port = boundJdk.getPort();
            assertTrue(port > 0 && port <= 0xFFFF, "kernel-chosen port " + port);

            try (Socket client = new Socket()) {
                client.setSoTimeout(TIMEOUT_MS);
                client.connect(new InetSocketAddress(f.loopback, port), TIMEOUT_MS);
                SockaddrStorage peer = SockaddrStorage.allocate();
                try (PosixSocket conn = server.accept(peer)) {
                    recvTimeout(conn);
                    assertEquals(f.af, peer.family());
                    assertInstanceOf(f.type, peer.decode());
                    assertEquals(client.getLocalSocketAddress(), peer.toSocketAddress());
                    assertEquals(client.getLocalSocketAddress(), conn.getpeername().toSocketAddress());
                    assertEquals(client.getRemoteSocketAddress(), conn.getsockname().toSocketAddress());
                    assertEquals(f.af, conn.family());
                    assertEquals(SOCK_STREAM, conn.type());

                    byte[] hello = ("hello from java.net over " + f).getBytes(UTF_8);
                    OutputStream out = client.getOutputStream();
                    out.write(hello);
                    out.flush();
                    assertArrayEquals(hello, recvExactly(conn, hello.length));

                    byte[] reply = ("and back from PosixSocket over " + f + " \u00e9\u4e2d").getBytes(UTF_8);
                    sendAll(conn, reply);
                    assertArrayEquals(reply, client.getInputStream().readNBytes(reply.length));

                    client.close();
                    byte[] buf = new byte[16];
                    assertEquals(0, conn.recv(buf, 0), "end of stream after the JDK peer closed");
                    assertEquals(0, conn.recv(buf, 0), "end of stream stays");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void posixClientTalksWithJdkServerAndHalfCloses(Family f) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 4, f.loopback);
             PosixSocket client = PosixSocket.socket(f.af, SOCK_STREAM, 0)) {
            ss.setSoTimeout(TIMEOUT_MS);
            recvTimeout(client);
            client.connect(f.sockaddr(ss.getLocalPort()));
            try (Socket accepted = ss.accept()) {
                accepted.setSoTimeout(TIMEOUT_MS);
                SockAddr peer = client.getpeername();
                assertInstanceOf(f.type, peer);
                assertEquals(ss.getLocalSocketAddress(), peer.toSocketAddress());
                assertEquals(accepted.getLocalSocketAddress(), peer.toSocketAddress());
                assertEquals(accepted.getRemoteSocketAddress(), client.getsockname().toSocketAddress());

                byte[] request = ("GET / from PosixSocket over " + f).getBytes(UTF_8);
                sendAll(client, request);
                InputStream in = accepted.getInputStream();
                OutputStream out = accepted.getOutputStream();
                assertArrayEquals(request, in.readNBytes(request.length));
                byte[] response = ("200 from java.net over " + f).getBytes(UTF_8);
                out.write(response);
                out.flush();
                assertArrayEquals(response, recvExactly(client, response.length));

                client.shutdown(SHUT_WR);
                assertEquals(-1, in.read(), "the JDK peer sees end of stream after SHUT_WR");
                byte[] late = "still answering after your FIN".getBytes(UTF_8);
                out.write(late);
                out.flush();
                assertArrayEquals(late, recvExactly(client, late.length), "the half-closed socket still receives");
                PosixSocketException epipe = assertThrows(PosixSocketException.class, () -> client.send(new byte[] {1}, 0));
                assertEquals(Errno.EPIPE, epipe.errno());
                assertEquals("send", epipe.call());

                accepted.close();
                assertEquals(0, client.recv(new byte[8], 0), "end of stream after the JDK peer closed");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void fourMebibytesEachWayWithPartialCounts(Family f) throws Exception {
        byte[] up = randomBytes(LARGE, 1);
        byte[] down = randomBytes(LARGE, 2);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ServerSocket ss = new ServerSocket(0, 4, f.loopback);
             PosixSocket client = PosixSocket.socket(f.af, SOCK_STREAM, 0)) {
            ss.setSoTimeout(TIMEOUT_MS);
            recvTimeout(client);
            client.connect(new InetSocketAddress(f.loopback, ss.getLocalPort()));
            try (Socket accepted = ss.accept()) {
                accepted.setSoTimeout(TIMEOUT_MS);

                // PosixSocket -> JDK: sends from a byte[] in pieces, the JDK reads on another thread.
                Future<byte[]> jdkRead = pool.submit(() -> accepted.getInputStream().readNBytes(LARGE));
                for (int off = 0; off < LARGE; ) {
                    int n = client.send(up, off, LARGE - off, 0);
                    assertTrue(n > 0 && n <= LARGE - off, "send returned " + n);
                    off += n;
                }
                byte[] gotUp = jdkRead.get(20, TimeUnit.SECONDS);
                assertEquals(crc(up), crc(gotUp));
                assertArrayEquals(up, gotUp);

                // JDK -> PosixSocket: received into a direct buffer of an odd size, then the JDK closes.
                Future<Void> jdkWrite = pool.submit(() -> {
                    accepted.getOutputStream().write(down);
                    accepted.shutdownOutput();
                    return null;
                });
                byte[] gotDown = new byte[LARGE];
                ByteBuffer chunk = ByteBuffer.allocateDirect(100_003);
                int total = 0;
                while (total < LARGE) {
                    chunk.clear();
                    int n = client.recv(chunk, 0);
                    assertTrue(n > 0, "recv returned " + n + " after " + total + " of " + LARGE + " bytes");
                    assertEquals(n, chunk.position());
                    chunk.flip().get(gotDown, total, n);
                    total += n;
                }
                jdkWrite.get(20, TimeUnit.SECONDS);
                assertEquals(0, client.recv(new byte[1], 0), "nothing after the 4 MiB but end of stream");
                assertEquals(crc(down), crc(gotDown));
                assertArrayEquals(down, gotDown);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dualStackSocketSeesIpv4ClientAsMappedIpv6() throws Exception {
        try (PosixSocket server = PosixSocket.socket(AF_INET6, SOCK_STREAM, 0)) {
            recvTimeout(server);
            server.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0);
            assertEquals(0, server.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY));
            server.bind(SockaddrIn6.of("::", 0));
            server.listen(1);
            SockaddrIn6 bound = assertInstanceOf(SockaddrIn6.class, server.getsockname());
            int port = bound.port();

            Inet4Address v4 = (Inet4Address) literal(new byte[] {127, 0, 0, 1});
            try (Socket client = new Socket()) {
                client.setSoTimeout(TIMEOUT_MS);
                client.connect(new InetSocketAddress(v4, port), TIMEOUT_MS);
                SockaddrStorage peer = SockaddrStorage.allocate();
                try (PosixSocket conn = server.accept(peer)) {
                    recvTimeout(conn);
                    assertEquals(AF_INET6, peer.family());
                    SockaddrIn6 mapped = assertInstanceOf(SockaddrIn6.class, peer.decode());
                    assertTrue(mapped.isV4Mapped(), mapped.toString());
                    assertEquals(client.getLocalPort(), mapped.port());
                    InetAddress address = mapped.address();
                    assertInstanceOf(Inet6Address.class, address);
                    assertFalse(address instanceof Inet4Address, "an IPv4-mapped address must stay IPv6");
                    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1}, address.getAddress());
                    assertEquals("::ffff:127.0.0.1", ArpaInet.inet_ntop(AF_INET6, mapped.sin6_addr()));
                    InetSocketAddress jdkForm = mapped.toSocketAddress();
                    assertInstanceOf(Inet6Address.class, jdkForm.getAddress());
                    assertEquals(client.getLocalPort(), jdkForm.getPort());

                    assertEquals(mapped, conn.getpeername());
                    SockaddrIn6 local = assertInstanceOf(SockaddrIn6.class, conn.getsockname());
                    assertTrue(local.isV4Mapped());
                    assertEquals(port, local.port());

                    client.getOutputStream().write("v4 in".getBytes(UTF_8));
                    assertArrayEquals("v4 in".getBytes(UTF_8), recvExactly(conn, 5));
                    sendAll(conn, "v6 out".getBytes(UTF_8));
                    assertArrayEquals("v6 out".getBytes(UTF_8), client.getInputStream().readNBytes(6));
                }
            }
        }
    }

    @Test
    void ipv6SocketConnectsToIpv4JdkServerThroughMappedAddress() throws Exception {
        Inet4Address v4 = (Inet4Address) literal(new byte[] {127, 0, 0, 1});
        try (ServerSocket ss = new ServerSocket(0, 1, v4);
             PosixSocket client = PosixSocket.socket(AF_INET6, SOCK_STREAM, 0)) {
            ss.setSoTimeout(TIMEOUT_MS);
            recvTimeout(client);
            client.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0);
            client.connect(new InetSocketAddress(v4, ss.getLocalPort()));
            try (Socket accepted = ss.accept()) {
                accepted.setSoTimeout(TIMEOUT_MS);
                SockaddrIn6 peer = assertInstanceOf(SockaddrIn6.class, client.getpeername());
                assertTrue(peer.isV4Mapped());
                assertEquals(ss.getLocalPort(), peer.port());
                SockaddrIn6 local = assertInstanceOf(SockaddrIn6.class, client.getsockname());
                assertTrue(local.isV4Mapped());
                InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteSocketAddress();
                assertEquals(v4, remote.getAddress());
                assertEquals(remote.getPort(), local.port());

                sendAll(client, new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {1, 2, 3}, accepted.getInputStream().readNBytes(3));
            }
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

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
