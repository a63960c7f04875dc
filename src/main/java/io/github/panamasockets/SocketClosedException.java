package io.github.panamasockets;

import java.io.Serial;

/**
 * The socket was closed: a method was called after {@link PosixSocket#close()}. The call never reached the
 * kernel, since the descriptor number may already belong to another file. Its errno is {@code EBADF}, which
 * is what C would have seen on a descriptor that was closed and not yet reused.
 *
 * <p>It is a {@link java.net.SocketException}, as {@code java.net.Socket}'s "Socket is closed" is.
 *
 * {@snippet :
 * s.close();
 * s.send(data, 0);   // throws SocketClosedException: "send: socket is closed (EBADF)"; the number is never used
 * }
 */
public class SocketClosedException extends PosixSocketException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * The exception for a method called after {@link PosixSocket#close()}.
     *
     * @param call the method that found the socket closed
     */
    public SocketClosedException(String call) {
        this(call, call + ": socket is closed (EBADF)");
    }

    /**
     * For subclasses that say more about how the socket came to be closed.
     *
     * @param call the method that found the socket closed
     * @param message the whole message
     */
    protected SocketClosedException(String call, String message) {
        super(call, Errno.EBADF, message, true);
    }
}
