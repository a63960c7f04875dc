package io.github.panamasockets.internal;

import io.github.panamasockets.Errno;
import io.github.panamasockets.PosixBindException;
import io.github.panamasockets.PosixConnectException;
import io.github.panamasockets.PosixNoRouteToHostException;
import io.github.panamasockets.PosixSocketException;
import io.github.panamasockets.PosixTimeoutException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where an errno becomes an exception. {@link NativeCall} calls it for every failed call;
 * nothing else in the library chooses an exception class for an errno.
 */
public final class ErrnoExceptions {
    private ErrnoExceptions() {}

    /**
     * The exception for a call that failed with an errno: the JDK's standard class where one fits
     * (so existing catch blocks work), a {@link PosixSocketException} otherwise.
     *
     * @param call the C function that failed
     * @param errno the errno it set
     * @param detail what it was given (an address, a path), or {@code null}
     * @return the exception, not thrown
     */
    public static IOException of(String call, int errno, String detail) {
        if (errno == Errno.EADDRINUSE || errno == Errno.EADDRNOTAVAIL) {
            return new PosixBindException(call, errno, detail);
        }
        if (errno == Errno.ECONNREFUSED) {
            return new PosixConnectException(call, errno, detail);
        }
        if (errno == Errno.EHOSTUNREACH || errno == Errno.ENETUNREACH) {
            return new PosixNoRouteToHostException(call, errno, detail);
        }
        if (errno == Errno.EAGAIN || errno == Errno.EWOULDBLOCK || errno == Errno.ETIMEDOUT) {
            return new PosixTimeoutException(call, errno, detail);
        }
        return new PosixSocketException(call, errno, detail);
    }

    /**
     * The errnos that get a class of their own, with that class; every other errno gives a
     * {@link PosixSocketException}. Read from {@link #of} itself, so documentation built from it cannot drift.
     *
     * @return errno name to exception class, in errno order
     */
    public static Map<String, Class<? extends IOException>> specialCases() {
        Map<String, Class<? extends IOException>> table = new LinkedHashMap<>();
        for (int errno = 1; errno < 4096; errno++) {
            Class<? extends IOException> type = of("call", errno, null).getClass();
            if (type != PosixSocketException.class) {
                table.putIfAbsent(Errno.name(errno), type);
            }
        }
        return table;
    }

    /**
     * The message every errno exception carries: {@code "connect: ECONNREFUSED (111) Connection refused"},
     * followed by {@code " [detail]"} when there is one.
     *
     * @param call the C function that failed
     * @param errno the errno it set
     * @param detail what it was given, or {@code null}
     * @return the message
     */
    public static String message(String call, int errno, String detail) {
        String text = call + ": " + Errno.name(errno) + " (" + errno + ") " + Errno.description(errno);
        return detail == null ? text : text + " [" + detail + "]";
    }
}
