package io.github.panamasockets.outside;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixConnectException;
import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockAddr;
import io.github.panamasockets.SockaddrIn;
import io.github.panamasockets.SocketConstants;

/**
 * What {@link TraceTest} runs in a JVM of its own, since the trace switch is read once per JVM: a listening
 * socket, a connection, five bytes, a few option and name calls, a half-close, and a connect that is refused.
 */
public final class TracedProgram {
    private TracedProgram() {}

    /**
     * @param args none
     * @throws Exception on any failure but the expected refusal
     */
    public static void main(String[] args) throws Exception {
        SockAddr refusedAt;
        try (PosixSocket server = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            server.bind(SockaddrIn.of("127.0.0.1", 0));
            server.listen(1);
            refusedAt = server.getsockname();
            try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
                client.connect(refusedAt);
                try (PosixSocket conn = server.accept()) {
                    client.send("hello".getBytes(), 0);
                    byte[] buf = new byte[64];
                    int n = conn.recv(buf, 0);
                    System.out.println("received " + n);
                    client.setsockopt(SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, 1);
                    client.getpeername();
                    client.shutdown(SocketConstants.SHUT_WR);
                    conn.recv(buf, SocketConstants.MSG_PEEK);
                }
            }
        }
        PosixSocket[] pair = PosixSocket.socketpair(SocketConstants.AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            a.peerCredentials();
        }
        try (PosixSocket late = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            late.connect(refusedAt); // nothing listens there any more
            throw new AssertionError("connect to a closed port succeeded");
        } catch (PosixConnectException expected) {
            System.out.println("refused: " + expected.errnoName());
        }
    }
}
