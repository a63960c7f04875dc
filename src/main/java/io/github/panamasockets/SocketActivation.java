package io.github.panamasockets;

import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * systemd's socket-activation protocol, as {@code sd_listen_fds(3)} reads it: when {@code LISTEN_PID} names this
 * process, descriptors {@code 3} to {@code 3 + LISTEN_FDS - 1} were passed to it. {@link #PROCESS} reads this
 * process's environment and is what {@link PosixSocket#listenFds()} uses; tests make their own instances over
 * descriptor numbers they opened, since they cannot set the environment of the JVM they run in.
 */
final class SocketActivation {
    /** {@code SD_LISTEN_FDS_START}: the first passed descriptor. */
    static final int FIRST_FD = 3;

    /** This process's environment and pid. */
    static final SocketActivation PROCESS =
            new SocketActivation(System::getenv, ProcessHandle.current().pid(), FIRST_FD);

    private final Function<String, String> environment;
    private final long pid;
    private final int first;

    /**
     * @param environment the variables, by name ({@code LISTEN_PID}, {@code LISTEN_FDS})
     * @param pid the pid {@code LISTEN_PID} must name
     * @param first the number of the first passed descriptor
     */
    SocketActivation(Function<String, String> environment, long pid, int first) {
        this.environment = environment;
        this.pid = pid;
        this.first = first;
    }

    /**
     * Takes the passed descriptors over as sockets: see {@link PosixSocket#listenFds()}.
     *
     * @return the sockets, in order; empty when none were passed
     * @throws IOException when a passed descriptor is not a socket
     */
    List<PosixSocket> take() throws IOException {
        String listenPid = environment.apply("LISTEN_PID");
        String count = environment.apply("LISTEN_FDS");
        if (listenPid == null || count == null || !listenPid.trim().equals(Long.toString(pid))) {
            return List.of();
        }
        int n = Integer.parseInt(count.trim());
        List<PosixSocket> sockets = new ArrayList<>(n);
        for (int fd = first; fd < first + n; fd++) {
            Libc.fcntl(fd, SocketConstants.F_SETFD, SocketConstants.FD_CLOEXEC);
            sockets.add(PosixSocket.adoptShared(fd));
        }
        return List.copyOf(sockets);
    }
}
