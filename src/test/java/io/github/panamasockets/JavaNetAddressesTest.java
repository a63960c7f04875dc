package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A socket in a Java developer's hands: it is a {@link Closeable}, and {@code localAddress()},
 * {@code remoteAddress()} and {@code localPort()} give the JDK's own address types. Every address is checked
 * against what the JDK's sockets at the other end report, so both sides must agree on the same connection.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JavaNetAddressesTest {
    @TempDir
    Path dir;

    @Test
    void aSocketGoesWhereACloseableGoes() throws IOException {
        List<Closeable> resources = new ArrayList<>();
        Closeable socket = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);   // compiles only if it is a Closeable
        resources.add(socket);
        for (Closeable c : resources) {
            c.close();
        }
        assertTrue(((PosixSocket) socket).isClosed());
    }

    @Test
    void tcpIpv4AddressesMatchTheJdkSocketAtTheOtherEnd() throws IOException {
        try (PosixSocket listener = Loopback.tcpListener();
             Socket jdk = new Socket()) {
            InetSocketAddress listening = (InetSocketAddress) listener.localAddress();
            assertEquals(InetAddress.getByName("127.0.0.1"), listening.getAddress());
            assertEquals(listening.getPort(), listener.localPort());
            assertTrue(listener.localPort() > 0, "the port the kernel chose");

            jdk.connect(listening, 5_000);
            try (PosixSocket accepted = listener.accept()) {
                assertEquals(jdk.getLocalSocketAddress(), accepted.remoteAddress());
                assertEquals(jdk.getRemoteSocketAddress(), accepted.localAddress());
                assertEquals(jdk.getPort(), accepted.localPort());
            }
        }
    }

    @Test
    void tcpIpv6AddressesMatchTheJdkServerAtTheOtherEnd() throws IOException {
        try (ServerSocketChannel jdkServer = ServerSocketChannel.open(StandardProtocolFamily.INET6);
             PosixSocket client = PosixSocket.socket(AF_INET6, SOCK_STREAM, 0)) {
            jdkServer.bind(new InetSocketAddress("::1", 0));
            client.setTimeout(Loopback.WAIT);
            client.connect(SockAddr.of(jdkServer.getLocalAddress()));
            try (SocketChannel accepted = jdkServer.accept()) {
                assertEquals(jdkServer.getLocalAddress(), client.remoteAddress());
                assertEquals(accepted.getRemoteAddress(), client.localAddress());
                assertEquals(((InetSocketAddress) accepted.getRemoteAddress()).getPort(), client.localPort());
            }
        }
    }

    @Test
    void udpAddressesMatchTheJdkDatagramChannel() throws IOException {
        try (DatagramChannel jdk = DatagramChannel.open(StandardProtocolFamily.INET);
             PosixSocket udp = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)) {
            jdk.bind(new InetSocketAddress("127.0.0.1", 0));
            udp.bind(SockaddrIn.loopback(0));
            udp.connect(SockAddr.of(jdk.getLocalAddress()));
            jdk.connect(udp.localAddress());
            assertEquals(jdk.getLocalAddress(), udp.remoteAddress());
            assertEquals(jdk.getRemoteAddress(), udp.localAddress());
        }
    }

    @Test
    void unixAddressesMatchTheJdkUnixChannels() throws IOException {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("server.sock"));
        try (ServerSocketChannel jdkServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            jdkServer.bind(path);
            client.connect(SockaddrUn.of(path.getPath()));
            try (SocketChannel accepted = jdkServer.accept()) {
                assertEquals(path, client.remoteAddress());
                // An unnamed client: the JDK says so with an empty path, on both sides.
                assertEquals(accepted.getRemoteAddress(), client.localAddress());
                assertEquals(UnixDomainSocketAddress.of(""), client.localAddress());
                assertEquals(-1, client.localPort(), "a Unix socket has no port");
            }
        }
    }

    @Test
    void aJdkClientSeesTheUnixPathTheLibraryBound() throws IOException {
        Path file = dir.resolve("library.sock");
        try (PosixSocket server = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            server.bind(SockaddrUn.of(file));
            server.listen(1);
            try (SocketChannel jdk = SocketChannel.open(server.localAddress())) {
                assertEquals(UnixDomainSocketAddress.of(file), server.localAddress());
                assertEquals(server.localAddress(), jdk.getRemoteAddress());
            }
        }
    }

    @Test
    void aSocketNotConnectedHasNoRemoteAddressAndPortZeroBeforeBind() throws IOException {
        try (PosixSocket tcp = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
             ServerSocket jdk = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertNull(tcp.remoteAddress(), "ENOTCONN is null, as SocketChannel.getRemoteAddress()");
            assertEquals(0, tcp.localPort(), "not bound yet: the kernel reports port 0");
            assertEquals(new InetSocketAddress("0.0.0.0", 0), tcp.localAddress());
            tcp.setTimeout(Loopback.WAIT);
            tcp.connect(SockAddr.of(jdk.getLocalSocketAddress()));
            try (Socket accepted = jdk.accept()) {
                assertEquals(accepted.getPort(), tcp.localPort(), "the port connect bound implicitly");
            }
        }
    }

    @Test
    void anAbstractUnixNameHasNoJdkFormAndSaysWhereToLook() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0)) {
            s.bind(SockaddrUn.abstractName("panama-addresses-" + ProcessHandle.current().pid()));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, s::localAddress);
            assertTrue(e.getMessage().contains("abstract"), e.getMessage());
        }
    }
}
