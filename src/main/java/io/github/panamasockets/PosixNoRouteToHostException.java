package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.NoRouteToHostException;

/**
 * No route to the peer: {@code EHOSTUNREACH} or {@code ENETUNREACH}.
 *
 * <p>It is a {@link NoRouteToHostException}, so code written for {@code java.net} catches it, and a {@link PosixError},
 * which gives the call and the errno.
 *
 * {@snippet :
 * try {
 *     s.connect(address);
 * } catch (NoRouteToHostException e) {        // a PosixNoRouteToHostException
 *     String why = ((PosixError) e).errnoName();   // "EHOSTUNREACH" or "ENETUNREACH"
 * }
 * }
 */
public class PosixNoRouteToHostException extends NoRouteToHostException implements PosixError {
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
    public PosixNoRouteToHostException(String call, int errno, String detail) {
        super(ErrnoExceptions.message(call, errno, detail));
        this.call = call;
        this.errno = errno;
    }

    @Override public int errno() { return errno; }
    @Override public String errnoName() { return Errno.name(errno); }
    @Override public String call() { return call; }
}
