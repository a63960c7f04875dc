package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Sockets on loopback for the message tests: bound to port 0, with timeouts so that no test waits forever. */
final class Loopback {
    static final Duration WAIT = Duration.ofSeconds(5);

    private Loopback() {}

    /** @param af {@code AF_INET} or {@code AF_INET6} @return the loopback address of that family, port 0 */
    static SockAddr any(int af) {
        return af == AF_INET ? SockaddrIn.loopback(0) : SockaddrIn6.of("::1", 0);
    }

    /** @param af the family @return a UDP socket bound to loopback, port 0, with a timeout */
    static PosixSocket udp(int af) throws IOException {
        PosixSocket s = PosixSocket.socket(af, SOCK_DGRAM, IPPROTO_UDP);
        try {
            s.bind(any(af));
            s.setTimeout(WAIT);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** @return a TCP listener on 127.0.0.1, port 0, with a timeout */
    static PosixSocket tcpListener() throws IOException {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        try {
            s.bind(SockaddrIn.loopback(0));
            s.listen(16);
            s.setTimeout(WAIT);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** @return two connected TCP sockets over 127.0.0.1: client, then server side; both with timeouts */
    static PosixSocket[] tcpPair() throws IOException {
        try (PosixSocket listener = tcpListener()) {
            PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            try {
                client.setTimeout(WAIT);
                client.connect(listener.getsockname());
                PosixSocket server = listener.accept();
                server.setTimeout(WAIT);
                return new PosixSocket[] {client, server};
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }

    /** @param s a bound socket @return its address as the JDK's type */
    static InetSocketAddress local(PosixSocket s) throws IOException {
        return (InetSocketAddress) s.getsockname().toSocketAddress();
    }

    /** @param af the family @return {@code IPPROTO_IP} or {@code IPPROTO_IPV6} */
    static int level(int af) {
        return af == AF_INET6 ? SocketConstants.IPPROTO_IPV6 : SocketConstants.IPPROTO_IP;
    }
}
