package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.NoRouteToHostException;

/**
 * No route to the peer: {@code EHOSTUNREACH} or {@code ENETUNREACH}.
 *
 * <p>It is a {@link NoRouteToHostException}, so code written for {@code java.net} catches it, and a {@link PosixError},
 * which gives the call and the errno.
 */
public class PosixNoRouteToHostException extends NoRouteToHostException implements PosixError {
    @Serial private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
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
