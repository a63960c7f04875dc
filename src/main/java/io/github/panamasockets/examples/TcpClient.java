package io.github.panamasockets.examples;

import static io.github.panamasockets.ArpaInet.htons;
import static io.github.panamasockets.ArpaInet.inet_pton;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.PF_INET;
import static io.github.panamasockets.SocketConstants.SHUT_RDWR;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockaddrIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;

/**
 * The seed's C TCP client, ported line for line. Changes, marked {@code CHANGE}: the port is a parameter
 * (the server's, read back with {@code getsockname}), and its "read write operations" send one message and
 * read the answer until the server closes.
 */
public final class TcpClient {
    private TcpClient() {}

    /**
     * Runs the client.
     *
     * @param port the server's port on 127.0.0.1
     * @param message what to send
     * @return the server's answer
     * @throws IOException where the C program would {@code perror} and exit
     */
    public static String run(int port, String message) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SockaddrIn sa = SockaddrIn.allocate(arena);                                    // struct sockaddr_in sa;
            int res;
            try (PosixSocket socketFD = PosixSocket.socket(PF_INET, SOCK_STREAM, IPPROTO_TCP)) { // socket(); -1 -> exception

                sa.segment().fill((byte) 0);                                               // memset(&sa, 0, sizeof sa);

                sa.sin_family(AF_INET);                                                    // sa.sin_family = AF_INET;
                sa.sin_port(htons(port));                                                  // sa.sin_port = htons(1100);   CHANGE: the server's port
                res = inet_pton(AF_INET, "127.0.0.1", sa.sin_addr());                      // res = inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
                assert res == 1;

                socketFD.connect(sa);                                                      // connect(); "connect failed" -> exception

                /* perform read write operations ... */                                    // CHANGE: send one message, read the answer
                byte[] request = message.getBytes(StandardCharsets.UTF_8);
                socketFD.write(request, 0, request.length);
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                byte[] buffer = new byte[256];
                for (int n; (n = socketFD.read(buffer, 0, buffer.length)) > 0; ) {
                    answer.write(buffer, 0, n);
                }

                socketFD.shutdown(SHUT_RDWR);                                              // shutdown(SocketFD, SHUT_RDWR);
                return answer.toString(StandardCharsets.UTF_8);
            }                                                                              // close(SocketFD);
        }
    }

    /**
     * Sends a message to a server on 127.0.0.1.
     *
     * @param args the port, then optionally the message
     * @throws IOException as {@link #run}
     */
    public static void main(String[] args) throws IOException {
        String answer = run(Integer.parseInt(args[0]), args.length > 1 ? args[1] : "hello, server");
        System.out.println("client received: " + answer);
    }
}
