package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.ConnectException;

/**
 * A refused connection: {@code ECONNREFUSED}, from {@code connect}, or from a later call on a connected datagram socket.
 *
 * <p>It is a {@link ConnectException}, so code written for {@code java.net} catches it, and a {@link PosixError},
 * which gives the call and the errno.
 *
 * {@snippet :
 * try {
 *     s.connect(SockaddrIn.of("127.0.0.1", 9));
 * } catch (ConnectException e) {              // a PosixConnectException
 *     System.err.println(e.getMessage());     // connect: ECONNREFUSED (111) Connection refused [127.0.0.1:9]
 * }
 * }
 */
public class PosixConnectException extends ConnectException implements PosixError {
    @Serial private static final long serialVersionUID = 1L;

    /** The C function that failed. */
    private final String call;
    /** The errno it set. */
    private final int errno;

    /**
     * An exception for {@code call} failing with {@code errno}.
     *
     * @param call the C function that failed
     * @param errno the errno it set
     * @param detail what the call was given (an address, a path), or {@code null}
     */
    public PosixConnectException(String call, int errno, String detail) {
        super(ErrnoExceptions.message(call, errno, detail));
        this.call = call;
        this.errno = errno;
    }

    @Override public int errno() { return errno; }
    @Override public String errnoName() { return Errno.name(errno); }
    @Override public String call() { return call; }
}
