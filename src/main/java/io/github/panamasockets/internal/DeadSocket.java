package io.github.panamasockets.internal;

import io.github.panamasockets.SocketConstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One socket per process that is shut down in both directions and whose peer is closed: what a closing
 * descriptor is pointed at ({@link FdHandle#preClose}) while calls are still in flight on it. Every call on it
 * ends at once — {@code recv} returns 0, {@code send} fails with {@code EPIPE}, {@code accept} with
 * {@code EINVAL}, {@code poll} reports {@code POLLHUP} — so nothing can wait on it, and nothing sent to it goes
 * anywhere.
 */
final class DeadSocket {
    /** The dead socket's descriptor, open (and close-on-exec) for the life of the process. */
    static final int FD = make();

    private DeadSocket() {}

    private static int make() {
        try {
            MemorySegment pair = Scratch.get().fdPair;
            Libc.socketpair(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0, pair);
            int live = pair.get(ValueLayout.JAVA_INT, 0);
            Libc.close(pair.get(ValueLayout.JAVA_INT, 4));
            Libc.shutdown(live, SocketConstants.SHUT_RDWR);
            return live;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the socket that closing descriptors are pointed at", e);
        }
    }
}
