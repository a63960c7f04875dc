package io.github.panamasockets;

/**
 * What every exception for a failed C call carries: the call, the errno value and its symbolic name.
 *
 * <p>The exceptions themselves extend the JDK's standard classes where one fits, so existing catch blocks keep
 * working: {@link PosixBindException} is a {@link java.net.BindException}, {@link PosixConnectException} a
 * {@link java.net.ConnectException}, {@link PosixNoRouteToHostException} a
 * {@link java.net.NoRouteToHostException}, {@link PosixTimeoutException} a
 * {@link java.net.SocketTimeoutException}, and everything else a {@link PosixSocketException}, which is a
 * {@link java.net.SocketException}. This interface reads the C facts from any of them, the way Python's
 * {@code OSError.errno} does:
 *
 * {@snippet :
 * try {
 *     s.connect(address);
 * } catch (IOException e) {
 *     if (e instanceof PosixError p && p.errno() == Errno.ECONNREFUSED) {
 *         // ...
 *     }
 * }
 * }
 */
public interface PosixError {
    /** {@return the errno value, e.g. 111 for {@code ECONNREFUSED} on Linux} */
    int errno();

    /** {@return the errno's symbolic name, e.g. {@code "ECONNREFUSED"}} */
    String errnoName();

    /** {@return the C function that failed, e.g. {@code "connect"}} */
    String call();
}
