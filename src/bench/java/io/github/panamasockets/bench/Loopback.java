package io.github.panamasockets.bench;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockAddr;
import io.github.panamasockets.SockaddrIn;
import io.github.panamasockets.SockaddrUn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Connected stream sockets on this machine, made the same way by both implementations: TCP over 127.0.0.1 with
 * a port the kernel picks, or a Unix socket bound to a path in a fresh temporary directory, which is removed
 * again once the connection is accepted (the connection does not need the name). The TCP sockets are
 * {@code AF_INET} on both sides: NIO's channels are opened with {@link StandardProtocolFamily#INET}, not as
 * dual-stack IPv6 sockets. Host names are never looked up.
 */
final class Loopback {
    /** The {@code transport} parameter value for TCP over 127.0.0.1. */
    static final String TCP = "tcp";
    /** The {@code transport} parameter value for a Unix stream socket. */
    static final String UNIX = "unix";

    private Loopback() {}

    /** @return 127.0.0.1, built from its bytes */
    static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always a valid IPv4 address
        }
    }

    /**
     * @param transport {@link #TCP} or {@link #UNIX}
     * @return a connected pair of the library's sockets: the connecting end, then the accepted end
     */
    static PosixSocket[] libraryPair(String transport) throws IOException {
        boolean tcp = isTcp(transport);
        Path path = tcp ? null : freshSocketPath();
        try (PosixSocket listener = tcp ? PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
                : PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            listener.bind(tcp ? SockaddrIn.loopback(0) : SockaddrUn.of(path));
            listener.listen(1);
            SockAddr address = tcp ? listener.getsockname() : SockaddrUn.of(path);
            PosixSocket client = tcp ? PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
                    : PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
            try {
                client.connect(address);
                return new PosixSocket[] {client, listener.accept()};
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        } finally {
            removeSocketPath(path);
        }
    }

    /**
     * @param transport {@link #TCP} or {@link #UNIX}
     * @return a connected pair of NIO channels, blocking: the connecting end, then the accepted end
     */
    static SocketChannel[] nioPair(String transport) throws IOException {
        boolean tcp = isTcp(transport);
        Path path = tcp ? null : freshSocketPath();
        try (ServerSocketChannel listener = ServerSocketChannel.open(
                tcp ? StandardProtocolFamily.INET : StandardProtocolFamily.UNIX)) {
            listener.bind(tcp ? new InetSocketAddress(ipv4Loopback(), 0) : UnixDomainSocketAddress.of(path), 1);
            SocketChannel client = SocketChannel.open(tcp ? StandardProtocolFamily.INET : StandardProtocolFamily.UNIX);
            try {
                client.connect(listener.getLocalAddress());
                return new SocketChannel[] {client, listener.accept()};
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        } finally {
            removeSocketPath(path);
        }
    }

    private static boolean isTcp(String transport) {
        if (TCP.equals(transport)) {
            return true;
        }
        if (UNIX.equals(transport)) {
            return false;
        }
        throw new IllegalArgumentException("transport must be " + TCP + " or " + UNIX + ": " + transport);
    }

    /** A path for a Unix socket in a new, private temporary directory; short enough for {@code sun_path}. */
    private static Path freshSocketPath() throws IOException {
        return Files.createTempDirectory("panama-bench").resolve("s");
    }

    private static void removeSocketPath(Path path) throws IOException {
        if (path != null) {
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.getParent());
        }
    }
}
