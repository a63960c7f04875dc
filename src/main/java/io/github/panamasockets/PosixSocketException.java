package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.SocketException;

/**
 * A failed socket call whose errno has no more specific JDK exception class: {@code ECONNRESET},
 * {@code EPIPE}, {@code EINVAL}, {@code ENOTCONN}, {@code EMSGSIZE}, ... The message names the call, the
 * errno's name and value and the C library's text: {@code "send: EPIPE (32) Broken pipe"}.
 */
public class PosixSocketException extends SocketException implements PosixError {
    @Serial private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * @param call the C function that failed
     * @param errno the errno it set
     */
    public PosixSocketException(String call, int errno) {
        this(call, errno, null);
    }

    /**
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
