package example.consumer;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockaddrIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Echoes a message through a socket pair and through a TCP connection on loopback, then says which modules it
 * ran in: the consumer test runs it as a named module and on the class path, and checks these lines.
 */
public final class Echo {
    private Echo() {}

    /**
     * @param args none
     * @throws IOException when a socket call fails
     */
    public static void main(String[] args) throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            System.out.println("socketpair echo: " + echo(a, b, "ping"));
        }
        try (PosixSocket server = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            server.bind(SockaddrIn.of("127.0.0.1", 0));
            server.listen(1);
            try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
                client.connect(server.getsockname());
                try (PosixSocket conn = server.accept()) {
                    System.out.println("tcp echo: " + echo(client, conn, "pong"));
                }
            }
        }
        System.out.println("library: " + describe(PosixSocket.class.getModule()));
        System.out.println("consumer: " + describe(Echo.class.getModule()));
    }

    private static String describe(Module m) {
        return m.isNamed() ? "module " + m.getName() : "the unnamed module";
    }

    /** Sends {@code text} from {@code from}, sends it back from {@code to}, and returns what came back. */
    private static String echo(PosixSocket from, PosixSocket to, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        from.send(out, 0);
        byte[] buf = new byte[64];
        int n = to.recv(buf, 0);
        to.send(buf, 0, n, 0);
        int m = from.recv(buf, 0);
        return new String(buf, 0, m, StandardCharsets.UTF_8);
    }
}
