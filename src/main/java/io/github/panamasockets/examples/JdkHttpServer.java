package io.github.panamasockets.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@link HttpServer}'s twin on the JDK's {@code java.net.ServerSocket}: the same loop, the same virtual thread
 * per connection, the same {@link HelloHttp}; only the sockets differ. It is here to be measured against.
 */
public final class JdkHttpServer {
    private JdkHttpServer() {}

    /**
     * Serves on 127.0.0.1 until the process is stopped.
     *
     * @param args the port (default 8080; 0 for any free one, printed once listening)
     * @throws IOException when the listener cannot be made
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
            System.out.println("listening on " + listener.getLocalSocketAddress());
            for (;;) {
                Socket connection = listener.accept();
                Thread.ofVirtual().start(() -> {
                    try (connection) {
                        HelloHttp.serve(connection.getInputStream(), connection.getOutputStream());
                    } catch (IOException clientWentAway) {
                        // a reset or a broken pipe ends this connection only
                    }
                });
            }
        }
    }
}
