package io.github.panamasockets.examples;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_REUSEADDR;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockaddrIn;
import java.io.IOException;

/**
 * A keep-alive HTTP/1.1 server on this library, one virtual thread per connection, written as a Java user
 * would write it: accept in a loop, hand each connection to a new virtual thread, and serve it through the
 * socket's {@link PosixSocket#inputStream() inputStream()} and {@link PosixSocket#outputStream()
 * outputStream()} ({@link HelloHttp} does the HTTP). {@link JdkHttpServer} is the same program on
 * {@code java.net.ServerSocket}; the two are compared under {@code wrk} and {@code ab} by
 * {@code scripts/bench-http}.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp panama-sockets.jar io.github.panamasockets.examples.HttpServer 8080
 * curl http://127.0.0.1:8080/
 * }</pre>
 */
public final class HttpServer {
    private HttpServer() {}

    /**
     * Serves on 127.0.0.1 until the process is stopped.
     *
     * @param args the port (default 8080; 0 for any free one, printed once listening)
     * @throws IOException when the listener cannot be made
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            listener.bind(SockaddrIn.loopback(port));
            listener.listen(4096);
            System.out.println("listening on " + listener.getsockname());
            for (;;) {
                PosixSocket connection = listener.accept();
                Thread.ofVirtual().start(() -> {
                    try (connection) {
                        HelloHttp.serve(connection.inputStream(), connection.outputStream());
                    } catch (IOException clientWentAway) {
                        // a reset or a broken pipe ends this connection only
                    }
                });
            }
        }
    }
}
