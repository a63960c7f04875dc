package io.github.panamasockets;

import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * systemd's socket-activation protocol, as {@code sd_listen_fds(3)} reads it: when {@code LISTEN_PID} names this
 * process, descriptors {@code 3} to {@code 3 + LISTEN_FDS - 1} were passed to it. {@link #PROCESS} reads this
 * process's environment and is what {@link PosixSocket#listenFds()} uses; tests make their own instances over
 * descriptor numbers they opened, since they cannot set the environment of the JVM they run in.
 *
 * <p>Each instance hands the descriptors out once, as {@code sd_listen_fds} does when asked to unset the variables:
 * the first successful {@link #take()} owns them, and later calls return nothing.
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
    /** Set by the call that takes the descriptors; they have one owner from then on, whoever asks again. */
    private final AtomicBoolean taken = new AtomicBoolean();

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
     * Takes the passed descriptors over as sockets, once: see {@link PosixSocket#listenFds()}.
     *
     * @return the sockets, in order; empty when none were passed, or when an earlier call took them
     * @throws IOException when a passed descriptor is not a socket; then none was taken
     */
    List<PosixSocket> take() throws IOException {
        String listenPid = environment.apply("LISTEN_PID");
        String count = environment.apply("LISTEN_FDS");
        if (listenPid == null || count == null || !listenPid.trim().equals(Long.toString(pid))) {
            return List.of();
        }
        // The environment cannot be unset for the JVM's own readers, so the first call marks the descriptors
        // taken here instead: a second set of owners for the same numbers would close them twice, the second
        // time under whatever files had the numbers by then.
        if (!taken.compareAndSet(false, true)) {
            return List.of();
        }
        boolean done = false;
        try {
            int n = Integer.parseInt(count.trim());
            // All or nothing: every descriptor is inspected before any owner is made, so a descriptor that is not
            // a socket (a FIFO from ListenFIFO=, say) fails the call with no socket made for the ones before it.
            List<SocketKind> kinds = new ArrayList<>();
            for (long fd = first; fd < (long) first + n; fd++) {
                kinds.add(SocketKind.of((int) fd));
            }
            for (int i = 0; i < kinds.size(); i++) {
                Libc.fcntl(first + i, SocketConstants.F_SETFD, SocketConstants.FD_CLOEXEC);
            }
            List<PosixSocket> sockets = new ArrayList<>(kinds.size());
            try {
                for (int i = 0; i < kinds.size(); i++) {
                    sockets.add(PosixSocket.adopt(first + i, kinds.get(i)));
                }
            } catch (RuntimeException | Error e) {
                // Out of memory while making the owners: give the numbers back untouched, as if never taken.
                for (PosixSocket s : sockets) {
                    s.detach();
                }
                throw e;
            }
            done = true;
            return List.copyOf(sockets);
        } finally {
            if (!done) {
                taken.set(false); // nothing was taken: a later call may look again
            }
        }
    }
}
