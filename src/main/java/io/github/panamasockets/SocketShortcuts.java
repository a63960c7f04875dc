package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static io.github.panamasockets.SocketConstants.IPPROTO_IPV6;
import static io.github.panamasockets.SocketConstants.IPV6_V6ONLY;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_REUSEADDR;
import static io.github.panamasockets.SocketConstants.SO_REUSEPORT;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The bodies of {@link PosixSocket#createConnection} and {@link PosixSocket#createServer}, Python's
 * {@code socket.create_connection} and {@code socket.create_server}, kept apart so that {@code PosixSocket}
 * stays the C calls.
 */
final class SocketShortcuts {
    private SocketShortcuts() {}

    static PosixSocket createConnection(String host, int port, Duration timeout) throws IOException {
        SockAddr.checkPort(port);
        List<AddrInfo> candidates = Netdb.getaddrinfo(host, Integer.toString(port), AddrInfo.Hints.of(AF_UNSPEC, SOCK_STREAM));
        return createConnection(candidates, timeout);
    }

    static PosixSocket createConnection(List<AddrInfo> candidates, Duration timeout) throws IOException {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("createConnection: no address to try");
        }
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("createConnection: negative timeout " + timeout); // before any socket
        }
        IOException first = null;
        for (AddrInfo candidate : candidates) {
            try {
                return connectOne(candidate, timeout);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    /** One attempt: a socket that is connected, or closed and the failure thrown. */
    private static PosixSocket connectOne(AddrInfo candidate, Duration timeout) throws IOException {
        PosixSocket s = PosixSocket.socket(candidate.family(), candidate.socktype(), candidate.protocol());
        try {
            s.setTimeout(timeout);
            s.connect(candidate.address());
            return s;
        } catch (IOException | RuntimeException | Error e) {
            closeAfterFailure(s, e);
            throw e;
        }
    }

    static PosixSocket createServer(SocketAddress address, int backlog, boolean reusePort, boolean dualStack)
            throws IOException {
        if (!(address instanceof InetSocketAddress inet) || inet.isUnresolved()) {
            throw new IllegalArgumentException("createServer: needs a resolved InetSocketAddress, got " + address);
        }
        boolean v4 = inet.getAddress() instanceof Inet4Address;
        if (dualStack && v4) {
            throw new IllegalArgumentException("createServer: dual stack needs an IPv6 address (such as ::), got "
                    + address);
        }
        PosixSocket s = PosixSocket.socket(v4 ? AF_INET : AF_INET6, SOCK_STREAM, 0);
        try {
            // A restarted server can bind at once although connections of its predecessor are in TIME_WAIT.
            s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            if (reusePort) {
                s.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
            }
            if (!v4) {
                // Set either way: the system default (net.ipv6.bindv6only) is not to be relied on.
                s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, dualStack ? 0 : 1);
            }
            s.bind(inet);
            s.listen(backlog);
            return s;
        } catch (IOException | RuntimeException | Error e) {
            closeAfterFailure(s, e);
            throw e;
        }
    }

    private static void closeAfterFailure(PosixSocket s, Throwable failure) {
        try {
            s.close();
        } catch (IOException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
