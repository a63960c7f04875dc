package io.github.panamasockets.child;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixError;
import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockaddrUn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Unix-socket client for {@code UnixAccessTest}, run in a JVM of its own, typically as another user under
 * {@code setpriv}. It prints {@code UID <n>} and {@code PID <n>}, then one line per socket path:
 * <ul>
 *   <li>{@code connect PATH}: {@code PATH CONNECTED} or {@code PATH <errno name>};</li>
 *   <li>{@code send PATH}: a datagram; {@code PATH SENT} or {@code PATH <errno name>};</li>
 *   <li>{@code request PATH}: connect, then read to the end; {@code PATH REPLY <text>}, {@code PATH EOF} when the
 *       server closed without a word, or {@code PATH <errno name>}.</li>
 * </ul>
 * Usage: {@code UnixClientMain (connect|send|request) PATH [(connect|send|request) PATH ...]}
 */
public final class UnixClientMain {
    private UnixClientMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("UID " + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        System.out.println("PID " + ProcessHandle.current().pid());
        for (int i = 0; i + 1 < args.length; i += 2) {
            String path = args[i + 1];
            String outcome;
            try {
                outcome = switch (args[i]) {
                    case "connect" -> connect(path);
                    case "send" -> send(path);
                    case "request" -> request(path);
                    default -> throw new IllegalArgumentException(args[i]);
                };
            } catch (IOException e) {
                outcome = e instanceof PosixError p ? p.errnoName() : e.toString();
            }
            System.out.println(path + " " + outcome);
        }
    }

    private static String connect(String path) throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            s.connect(SockaddrUn.of(path));
            return "CONNECTED";
        }
    }

    private static String send(String path) throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0)) {
            byte[] data = "datagram".getBytes(StandardCharsets.US_ASCII);
            s.sendto(data, 0, data.length, 0, SockaddrUn.of(path));
            return "SENT";
        }
    }

    private static String request(String path) throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            s.connect(SockaddrUn.of(path));
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            byte[] buf = new byte[256];
            for (int n; (n = s.recv(buf, 0)) > 0; ) {
                reply.write(buf, 0, n);
            }
            return reply.size() == 0 ? "EOF" : "REPLY " + reply.toString(StandardCharsets.UTF_8);
        }
    }
}
