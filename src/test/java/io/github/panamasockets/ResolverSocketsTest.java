package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.EAI_NONAME;
import static io.github.panamasockets.SocketConstants.IPPROTO_IPV6;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPV6_V6ONLY;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_REUSEADDR;
import static io.github.panamasockets.SocketConstants.SO_REUSEPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.internal.FaultInjection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PosixSocket#createConnection} and {@link PosixSocket#createServer} on loopback: a refused address
 * (a port bound but not listening) before a working one, all addresses refused, reused ports and a dual-stack
 * server reached over 127.0.0.1 and ::1.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ResolverSocketsTest {
    private static final InetAddress V4_LOOPBACK = address(127, 0, 0, 1);
    private static final InetAddress V6_LOOPBACK = address(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    private static final InetAddress V6_ANY = address(new int[16]);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        FaultInjection.clear();
        for (AutoCloseable c : resources.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    /** A port on 127.0.0.1 that refuses connections: bound, so nobody else takes it, but not listening. */
    private int refusingPort() throws IOException {
        PosixSocket s = keep(PosixSocket.socket(AF_INET, SOCK_STREAM, 0));
        s.bind(SockaddrIn.loopback(0));
        return ((SockaddrIn) s.getsockname()).port();
    }

    private ServerSocket listening() throws IOException {
        ServerSocket server = keep(new ServerSocket(0, 10, V4_LOOPBACK));
        server.setSoTimeout((int) TIMEOUT.toMillis());
        return server;
    }

    private static AddrInfo tcp4(int port) {
        return new AddrInfo(0, AF_INET, SOCK_STREAM, IPPROTO_TCP, SockaddrIn.loopback(port), null);
    }

    // ---- createConnection

    @Test
    void refusedAddressThenWorkingOne() throws Exception {
        for (Duration timeout : Arrays.asList(null, TIMEOUT)) {
            int refused = refusingPort();
            ServerSocket server = listening();
            FaultInjection.enable();
            long connects = FaultInjection.calls("connect");
            long closes = FaultInjection.calls("close");
            try (PosixSocket s = PosixSocket.createConnection(List.of(tcp4(refused), tcp4(server.getLocalPort())), timeout)) {
                assertEquals(2, FaultInjection.calls("connect") - connects, "the refused address was tried first");
                assertEquals(1, FaultInjection.calls("close") - closes, "and its socket closed");
                assertEquals(SockaddrIn.loopback(server.getLocalPort()), s.getpeername());
                assertEquals(timeout, s.getTimeout(), "the timeout stays set, as in Python");
                try (Socket accepted = server.accept()) {
                    assertEquals(((SockaddrIn) s.getsockname()).port(), accepted.getPort());
                }
            }
        }
    }

    @Test
    void allRefusedThrowsTheFirstWithTheOthersSuppressed() throws Exception {
        for (Duration timeout : Arrays.asList(null, TIMEOUT)) {
            int a = refusingPort();
            int b = refusingPort();
            int c = refusingPort();
            ConnectException e = assertThrows(ConnectException.class,
                    () -> PosixSocket.createConnection(List.of(tcp4(a), tcp4(b), tcp4(c)), timeout));
            PosixConnectException first = assertInstanceOf(PosixConnectException.class, e);
            assertEquals(Errno.ECONNREFUSED, first.errno());
            assertTrue(first.getMessage().contains("127.0.0.1:" + a), first.getMessage());
            Throwable[] others = first.getSuppressed();
            assertEquals(2, others.length);
            assertTrue(others[0].getMessage().contains("127.0.0.1:" + b), others[0].getMessage());
            assertTrue(others[1].getMessage().contains("127.0.0.1:" + c), others[1].getMessage());
            for (Throwable other : others) {
                assertEquals(Errno.ECONNREFUSED, assertInstanceOf(PosixConnectException.class, other).errno());
            }
        }
    }

    @Test
    void socketFailureIsOneMoreFailedAttempt() throws Exception {
        ServerSocket server = listening();
        AddrInfo impossible = new AddrInfo(0, 12345, SOCK_STREAM, 0, SockaddrIn.loopback(1), null);
        try (PosixSocket s = PosixSocket.createConnection(List.of(impossible, tcp4(server.getLocalPort())), null)) {
            assertEquals(SockaddrIn.loopback(server.getLocalPort()), s.getpeername());
            server.accept().close();
        }
        PosixSocketException e = assertThrows(PosixSocketException.class,
                () -> PosixSocket.createConnection(List.of(impossible), null));
        assertEquals("socket", e.call());
        assertEquals(Errno.EAFNOSUPPORT, e.errno());
    }

    @Test
    void byNameResolvesThenConnects() throws Exception {
        ServerSocket server = listening();
        try (PosixSocket s = PosixSocket.createConnection("127.0.0.1", server.getLocalPort(), TIMEOUT)) {
            assertEquals(AF_INET, s.family());
            assertEquals(SockaddrIn.loopback(server.getLocalPort()), s.getpeername());
            assertEquals(TIMEOUT, s.getTimeout());
            server.accept().close();
        }
    }

    @Test
    void byNameOverIpv6Literal() throws Exception {
        LocalNames.assumeIpv6Loopback();
        ServerSocket server = keep(new ServerSocket(0, 10, V6_LOOPBACK));
        server.setSoTimeout((int) TIMEOUT.toMillis());
        try (PosixSocket s = PosixSocket.createConnection("::1", server.getLocalPort(), null)) {
            assertEquals(SockaddrIn6.of("::1", server.getLocalPort()), s.getpeername());
            server.accept().close();
        }
    }

    @Test
    void resolverFailureOpensNoSocket() {
        FaultInjection.inject("getaddrinfo", EAI_NONAME, 0, 1);
        long sockets = FaultInjection.calls("socket");
        ResolverException e = assertThrows(ResolverException.class,
                () -> PosixSocket.createConnection("127.0.0.1", 80, null));
        assertEquals(EAI_NONAME, e.eai());
        assertTrue(e.getMessage().contains("[node \"127.0.0.1\", service \"80\"]"), e.getMessage());
        assertEquals(sockets, FaultInjection.calls("socket"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PosixSocket.createConnection("127.0.0.1", 65536, null));
        assertThrows(IllegalArgumentException.class, () -> PosixSocket.createConnection(List.of(), null));
        assertThrows(IllegalArgumentException.class,
                () -> PosixSocket.createConnection(List.of(tcp4(1)), Duration.ofSeconds(-1)));
    }

    // ---- createServer

    @Test
    void reusePortLetsTwoServersBindOnePort() throws Exception {
        PosixSocket a = keep(PosixSocket.createServer(new InetSocketAddress(V4_LOOPBACK, 0), 10, true, false));
        int port = ((SockaddrIn) a.getsockname()).port();
        PosixSocket b = keep(PosixSocket.createServer(new InetSocketAddress(V4_LOOPBACK, port), 10, true, false));
        assertEquals(SockaddrIn.loopback(port), b.getsockname());
        for (PosixSocket s : List.of(a, b)) {
            assertTrue(s.getsockopt(SOL_SOCKET, SO_REUSEADDR) != 0);
            assertTrue(s.getsockopt(SOL_SOCKET, SO_REUSEPORT) != 0);
        }
        // The kernel spreads connections over both; either may take this one.
        try (Socket client = new Socket(V4_LOOPBACK, port)) {
            assertTrue(client.isConnected());
        }
        // Without SO_REUSEPORT the port is taken.
        PosixBindException e = assertThrows(PosixBindException.class,
                () -> keep(PosixSocket.createServer(new InetSocketAddress(V4_LOOPBACK, port), 10, false, false)));
        assertEquals(Errno.EADDRINUSE, e.errno());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void dualStackAcceptsIpv4AndIpv6() throws Exception {
        LocalNames.assumeIpv6Loopback();
        PosixSocket server = keep(PosixSocket.createServer(new InetSocketAddress(V6_ANY, 0), 10, false, true));
        server.setTimeout(TIMEOUT);
        assertEquals(0, server.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY));
        int port = ((SockaddrIn6) server.getsockname()).port();
        try (Socket v4 = new Socket(V4_LOOPBACK, port); Socket v6 = new Socket(V6_LOOPBACK, port)) {
            SockaddrStorage peer = SockaddrStorage.allocate();
            try (PosixSocket first = server.accept(peer)) {
                assertEquals(SocketConstants.AF_INET6, first.family());
                SockaddrIn6 from = assertInstanceOf(SockaddrIn6.class, peer.decode());
                assertTrue(from.isV4Mapped(), from.toString());
                assertEquals(v4.getLocalPort(), from.port());
            }
            try (PosixSocket second = server.accept(peer)) {
                assertEquals(SocketConstants.AF_INET6, second.family());
                SockaddrIn6 from = assertInstanceOf(SockaddrIn6.class, peer.decode());
                assertFalse(from.isV4Mapped(), from.toString());
                assertEquals(SockaddrIn6.of("::1", v6.getLocalPort()), from);
            }
        }
    }

    @Test
    void ipv6WithoutDualStackIsV6Only() throws Exception {
        LocalNames.assumeIpv6Loopback();
        PosixSocket server = keep(PosixSocket.createServer(new InetSocketAddress(V6_LOOPBACK, 0), 10, false, false));
        assertEquals(1, server.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY));
    }

    @Test
    void dualStackNeedsAnIpv6Address() {
        assertThrows(IllegalArgumentException.class,
                () -> PosixSocket.createServer(new InetSocketAddress(V4_LOOPBACK, 0), 10, false, true));
        assertThrows(IllegalArgumentException.class,
                () -> PosixSocket.createServer(InetSocketAddress.createUnresolved("localhost", 0), 10, false, false));
    }

    private static InetAddress address(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(b); // no lookup: an address given as bytes
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
