package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.SocketException;

/**
 * A failed socket call whose errno has no more specific JDK exception class: {@code ECONNRESET},
 * {@code EPIPE}, {@code EINVAL}, {@code ENOTCONN}, {@code EMSGSIZE}, ... The message names the call, the
 * errno's name and value and the C library's text: {@code "send: EPIPE (32) Broken pipe"}.
 *
 * {@snippet :
 * try {
 *     s.send(data, 0);
 * } catch (PosixSocketException e) {
 *     if (e.errno() == Errno.ECONNRESET) { ... }
 *     System.err.println(e.getMessage());     // send: ECONNRESET (104) Connection reset by peer
 * }
 * }
 */
public class PosixSocketException extends SocketException implements PosixError {
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
     */
    public PosixSocketException(String call, int errno) {
        this(call, errno, null);
    }

    /**
     * An exception for {@code call} failing with {@code errno}, naming what the call was given.
     *
     * @param call the C function that failed
     * @param errno the errno it set
     * @param detail what the call was given (an address, a path), or {@code null}
     */
    public PosixSocketException(String call, int errno, String detail) {
        super(ErrnoExceptions.message(call, errno, detail));
        this.call = call;
        this.errno = errno;
    }

    /**
     * For subclasses whose message is not the errno's text.
     *
     * @param call the C function, or the method, that failed
     * @param errno the errno it stands for
     * @param message the whole message
     * @param unused distinguishes this constructor
     */
    protected PosixSocketException(String call, int errno, String message, boolean unused) {
        super(message);
        this.call = call;
        this.errno = errno;
    }

    @Override public int errno() { return errno; }
    @Override public String errnoName() { return Errno.name(errno); }
    @Override public String call() { return call; }
}
