package io.github.panamasockets.internal;

import io.github.panamasockets.Errno;
import io.github.panamasockets.PosixBindException;
import io.github.panamasockets.PosixConnectException;
import io.github.panamasockets.PosixNoRouteToHostException;
import io.github.panamasockets.PosixSocketException;
import io.github.panamasockets.PosixTimeoutException;
import io.github.panamasockets.ResolverException;
import io.github.panamasockets.SocketConstants;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where an errno, or a resolver's {@code EAI_*} code, becomes an exception. {@link NativeCall}
 * calls it for every failed call; nothing else in the library chooses an exception class for an errno or an
 * EAI code.
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

    // ---------------------------------------------------------------------------------------------------------
    // Resolver failures: getaddrinfo and getnameinfo return an EAI code instead of setting errno

    /**
     * The EAI codes' names. glibc has no {@code strerrorname_np} for them, so the table is built here from the
     * platform's values in {@link SocketConstants}; a code missing from it is named {@code "EAI <n>"}.
     */
    private static final Map<Integer, String> EAI_NAMES = eaiNames();

    private static Map<Integer, String> eaiNames() {
        Object[] pairs = {
            SocketConstants.EAI_BADFLAGS, "EAI_BADFLAGS", SocketConstants.EAI_NONAME, "EAI_NONAME",
            SocketConstants.EAI_AGAIN, "EAI_AGAIN", SocketConstants.EAI_FAIL, "EAI_FAIL",
            SocketConstants.EAI_NODATA, "EAI_NODATA", SocketConstants.EAI_FAMILY, "EAI_FAMILY",
            SocketConstants.EAI_SOCKTYPE, "EAI_SOCKTYPE", SocketConstants.EAI_SERVICE, "EAI_SERVICE",
            SocketConstants.EAI_ADDRFAMILY, "EAI_ADDRFAMILY", SocketConstants.EAI_MEMORY, "EAI_MEMORY",
            SocketConstants.EAI_SYSTEM, "EAI_SYSTEM", SocketConstants.EAI_OVERFLOW, "EAI_OVERFLOW",
            SocketConstants.EAI_INPROGRESS, "EAI_INPROGRESS", SocketConstants.EAI_CANCELED, "EAI_CANCELED",
            SocketConstants.EAI_NOTCANCELED, "EAI_NOTCANCELED", SocketConstants.EAI_ALLDONE, "EAI_ALLDONE",
            SocketConstants.EAI_INTR, "EAI_INTR", SocketConstants.EAI_IDN_ENCODE, "EAI_IDN_ENCODE",
        };
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.putIfAbsent((Integer) pairs[i], (String) pairs[i + 1]);
        }
        return Map.copyOf(names);
    }

    /**
     * @param eai an {@code EAI_*} code
     * @return its name, such as {@code "EAI_NONAME"}, or {@code "EAI <n>"} for an unknown code
     */
    public static String eaiName(int eai) {
        String name = EAI_NAMES.get(eai);
        return name != null ? name : "EAI " + eai;
    }

    /**
     * The exception for a resolver call that returned an EAI code. There is one class for every code: they
     * all mean that a name, service or address could not be translated, which is what
     * {@link java.net.UnknownHostException} stands for in the JDK.
     *
     * @param call {@code "getaddrinfo"} or {@code "getnameinfo"}
     * @param eai the code it returned (not 0)
     * @param errno the errno it left, meaningful for {@code EAI_SYSTEM} only
     * @param detail what was asked, or {@code null}
     * @return the exception, not thrown
     */
    public static ResolverException ofEai(String call, int eai, int errno, String detail) {
        return new ResolverException(call, eai, errno, detail);
    }

    /**
     * The message of a resolver failure:
     * {@code "getaddrinfo: EAI_NONAME (-2) Name or service not known [node "x", service "80"]"}; for
     * {@code EAI_SYSTEM} the errno follows: {@code "... EAI_SYSTEM (-11) System error: EMFILE (24) Too many
     * open files [...]"}.
     *
     * @param call the resolver function
     * @param eai the code it returned
     * @param errno the errno it left
     * @param detail what was asked, or {@code null}
     * @return the message
     */
    public static String eaiMessage(String call, int eai, int errno, String detail) {
        String text = call + ": " + eaiName(eai) + " (" + eai + ") " + Libc.gai_strerror(eai);
        if (eai == SocketConstants.EAI_SYSTEM) {
            text += ": " + Errno.name(errno) + " (" + errno + ") " + Errno.description(errno);
        }
        return detail == null ? text : text + " [" + detail + "]";
    }
}
