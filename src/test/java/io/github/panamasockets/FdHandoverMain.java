package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;

/**
 * The second JVM of {@link FdHandoverTest}: connects to the parent's Unix socket, receives a listening TCP
 * socket with {@code recvFds}, says so, accepts one connection on it and echoes one line with its own pid.
 * Every wait is bounded; any failure ends the process with a stack trace and a non-zero status.
 */
public final class FdHandoverMain {
    private FdHandoverMain() {}

    /**
     * @param args the path of the parent's Unix socket
     * @throws Exception on any failure, which the parent reports with this process's output
     */
    public static void main(String[] args) throws Exception {
        long pid = ProcessHandle.current().pid();
        Duration wait = Duration.ofSeconds(20);
        try (PosixSocket control = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            control.setTimeout(wait);
            control.connect(SockaddrUn.of(args[0]));
            RecvFdsResult handed = control.recvFds(16, 1);
            if (handed.fds().size() != 1) {
                throw new IllegalStateException("expected one descriptor, got " + handed);
            }
            try (PosixSocket listener = handed.fds().get(0).toSocket()) {
                int port = ((SockaddrIn) listener.getsockname()).port();
                System.out.println("child " + pid + ": received a listening socket on port " + port);
                control.send(("ready " + pid + " " + port + "\n").getBytes(UTF_8), 0);
                listener.setTimeout(wait);
                try (PosixSocket conn = listener.accept()) {
                    conn.setTimeout(wait);
                    String line = readLine(conn);
                    conn.send(("echo from " + pid + ": " + line + "\n").getBytes(UTF_8), 0);
                    conn.shutdown(SocketConstants.SHUT_WR);
                }
            }
        }
        System.out.println("child " + pid + ": done");
    }

    private static String readLine(PosixSocket s) throws Exception {
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        while (line.length() < 1_000 && s.recv(one, 0) == 1 && one[0] != '\n') {
            line.append((char) one[0]);
        }
        return line.toString();
    }
}
