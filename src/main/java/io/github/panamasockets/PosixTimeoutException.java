package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.SocketTimeoutException;

/**
 * A call that gave up waiting: {@code ETIMEDOUT}, or {@code EAGAIN}/{@code EWOULDBLOCK} from a socket that is non-blocking (or from {@code MSG_DONTWAIT}) or whose {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO} ran out.
 *
 * <p>It is a {@link SocketTimeoutException}, so code written for {@code java.net} catches it, and a {@link PosixError},
 * which gives the call and the errno.
 *
 * {@snippet :
 * s.setTimeout(Duration.ofSeconds(2));
 * try {
 *     int n = s.recv(buf, 0);
 * } catch (SocketTimeoutException e) {        // a PosixTimeoutException
 *     ...                                     // nothing arrived within two seconds
 * }
 * }
 */
public class PosixTimeoutException extends SocketTimeoutException implements PosixError {
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
    public PosixTimeoutException(String call, int errno, String detail) {
        super(ErrnoExceptions.message(call, errno, detail));
        this.call = call;
        this.errno = errno;
    }

    @Override public int errno() { return errno; }
    @Override public String errnoName() { return Errno.name(errno); }
    @Override public String call() { return call; }
}
