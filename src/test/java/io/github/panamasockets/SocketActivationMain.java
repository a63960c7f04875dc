package io.github.panamasockets;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.panamasockets.internal.Libc;
import java.util.List;

/**
 * The second JVM of {@link FdHandoverTest}'s socket-activation test: started by a shell that put a connected
 * TCP socket at descriptor 3 and set {@code LISTEN_PID}/{@code LISTEN_FDS}, as systemd does. It takes the socket
 * with {@link PosixSocket#listenFds()}, checks that a second call returns nothing, and reports what it found
 * through the socket.
 */
public final class SocketActivationMain {
    private SocketActivationMain() {}

    /**
     * @param args none
     * @throws Exception on any failure, which the parent reports with this process's output
     */
    public static void main(String[] args) throws Exception {
        List<PosixSocket> passed = PosixSocket.listenFds();
        if (passed.size() != 1) {
            throw new IllegalStateException("expected one socket from LISTEN_FDS, got " + passed);
        }
        // The first call took the socket: a second must not make another owner of descriptor 3.
        List<PosixSocket> again = PosixSocket.listenFds();
        if (!again.isEmpty()) {
            throw new IllegalStateException("a second listenFds() returned new owners of the same numbers: " + again);
        }
        try (PosixSocket s = passed.get(0)) {
            boolean cloexec = (Libc.fcntl(s.fileno(), SocketConstants.F_GETFD) & SocketConstants.FD_CLOEXEC) != 0;
            String report = "pid=" + ProcessHandle.current().pid() + " fd=" + s.fileno() + " family=" + s.family()
                    + " type=" + s.type() + " cloexec=" + cloexec + " peer=" + s.getpeername() + "\n";
            s.send(report.getBytes(UTF_8), 0);
        }
    }
}
