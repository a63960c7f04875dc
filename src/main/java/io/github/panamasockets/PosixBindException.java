package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.BindException;

/**
 * A failed bind (or connect, for a local address) for {@code EADDRINUSE} or {@code EADDRNOTAVAIL}.
 *
 * <p>It is a {@link BindException}, so code written for {@code java.net} catches it, and a {@link PosixError},
 * which gives the call and the errno.
 *
 * {@snippet :
 * try {
 *     s.bind(SockaddrIn.of("127.0.0.1", 8080));
 * } catch (BindException e) {                 // a PosixBindException
 *     System.err.println(e.getMessage());     // bind: EADDRINUSE (98) Address already in use [127.0.0.1:8080]
 * }
 * }
 */
public class PosixBindException extends BindException implements PosixError {
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
    public PosixBindException(String call, int errno, String detail) {
        super(ErrnoExceptions.message(call, errno, detail));
        this.call = call;
        this.errno = errno;
    }

    @Override public int errno() { return errno; }
    @Override public String errnoName() { return Errno.name(errno); }
    @Override public String call() { return call; }
}
