package io.github.panamasockets;

import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a descriptor from elsewhere is, read from the kernel before any object takes it over: its domain, type
 * and protocol ({@code SO_DOMAIN}, {@code SO_TYPE}, {@code SO_PROTOCOL}), and {@code SOCK_NONBLOCK} in the type
 * when its {@code O_NONBLOCK} flag is set. Looking first and taking over second is what lets every adoption fail
 * ({@code ENOTSOCK}, {@code EBADF}) before an owner of the number exists; making the owner afterwards cannot fail
 * but for want of memory.
 *
 * @param domain the socket's family
 * @param type its type, with {@code SOCK_NONBLOCK} when the descriptor is non-blocking
 * @param protocol its protocol
 */
record SocketKind(int domain, int type, int protocol) {
    /**
     * Reads what the socket at {@code fd} is. The caller holds the number open for the duration.
     *
     * @param fd an open descriptor
     * @return what it is
     * @throws IOException {@code ENOTSOCK} for a descriptor that is not a socket, {@code EBADF}, ...
     */
    static SocketKind of(int fd) throws IOException {
        // Its own small arena rather than the thread's scratch memory: adoption is rare, and this keeps it
        // independent of the data path's buffers.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            int[] values = new int[3];
            int[] names = {SocketConstants.SO_DOMAIN, SocketConstants.SO_TYPE, SocketConstants.SO_PROTOCOL};
            for (int i = 0; i < 3; i++) {
                value.set(ValueLayout.JAVA_INT, 0, 0);
                length.set(ValueLayout.JAVA_INT, 0, 4);
                Libc.getsockopt(fd, SocketConstants.SOL_SOCKET, names[i], value, length);
                values[i] = value.get(ValueLayout.JAVA_INT, 0);
            }
            boolean nonBlocking = (Libc.fcntl(fd, SocketConstants.F_GETFL) & SocketConstants.O_NONBLOCK) != 0;
            return new SocketKind(values[0], values[1] | (nonBlocking ? SocketConstants.SOCK_NONBLOCK : 0), values[2]);
        }
    }
}
