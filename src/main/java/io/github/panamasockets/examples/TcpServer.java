package io.github.panamasockets.examples;

import static io.github.panamasockets.ArpaInet.htonl;
import static io.github.panamasockets.ArpaInet.htons;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.INADDR_LOOPBACK;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.PF_INET;
import static io.github.panamasockets.SocketConstants.SHUT_RDWR;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockaddrIn;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/**
 * The seed's C TCP server, ported line for line: the same calls in the same order, with exceptions in place of
 * {@code -1}, {@code perror} and {@code exit}. Three changes make it safe to run as a demo and a test, each
 * marked {@code CHANGE} below: it binds 127.0.0.1 instead of {@code INADDR_ANY}, on the port given (0 lets the
 * kernel choose one, read back with {@code getsockname}); it accepts a given number of connections instead of
 * looping forever; and its "read write operations" read one message and answer it.
 */
public final class TcpServer {
    private TcpServer() {}

    /**
     * Runs the server.
     *
     * @param port the port to bind; 0 for any free one
     * @param connections how many connections to serve before returning
     * @param onListening told the port once the socket listens
     * @param log told each message received and each reply sent
     * @throws IOException where the C program would {@code perror} and exit
     */
    public static void run(int port, int connections, IntConsumer onListening, java.util.function.Consumer<String> log)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SockaddrIn sa = SockaddrIn.allocate(arena);                                    // struct sockaddr_in sa; (zeroed: memset below)
            try (PosixSocket socketFD = PosixSocket.socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) { // socket(); -1 -> exception

                sa.segment().fill((byte) 0);                                               // memset(&sa, 0, sizeof sa);

                sa.sin_family(AF_INET);                                                    // sa.sin_family = AF_INET;
                sa.sin_port(htons(port));                                                  // sa.sin_port = htons(1100);   CHANGE: port given, 0 = any
                sa.s_addr(htonl(INADDR_LOOPBACK));                                         // sa.sin_addr.s_addr = htonl(INADDR_ANY);   CHANGE: loopback only

                socketFD.bind(sa);                                                         // bind(); "bind failed" -> exception

                socketFD.listen(10);                                                       // listen(); "listen failed" -> exception
                onListening.accept(((SockaddrIn) socketFD.getsockname()).port());          // CHANGE: tell the port the kernel chose

                for (int i = 0; i < connections; i++) {                                    // for (;;) {   CHANGE: a bounded number
                    PosixSocket connectedFD = socketFD.accept();                           // accept(SocketFD, NULL, NULL); "accept failed" -> exception

                    /* perform read write operations ... */                                // CHANGE: read one message, answer it
                    byte[] buffer = new byte[256];
                    int n = connectedFD.read(buffer, 0, buffer.length);
                    String request = new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
                    log.accept("server received: " + request);
                    byte[] reply = ("hello, client; you sent \"" + request + "\"").getBytes(StandardCharsets.UTF_8);
                    connectedFD.write(reply, 0, reply.length);
                    log.accept("server sent:     " + new String(reply, StandardCharsets.UTF_8));

                    connectedFD.shutdown(SHUT_RDWR);                                       // shutdown(); "shutdown failed" -> exception
                    connectedFD.close();                                                   // close(ConnectedFD);
                }
            }                                                                              // close(SocketFD);
        }
    }

    /**
     * Serves one connection on a free loopback port and prints the port first.
     *
     * @param args optional: the port
     * @throws IOException as {@link #run}
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        run(port, 1, p -> System.out.println("listening on 127.0.0.1:" + p), System.out::println);
    }
}
