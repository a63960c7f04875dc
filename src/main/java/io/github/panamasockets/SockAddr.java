package io.github.panamasockets;

import io.github.panamasockets.internal.Structs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A socket address in native memory, ready to pass to {@code bind}, {@code connect} or {@code sendto}: C's
 * {@code (struct sockaddr *)&sa, sizeof sa}, as one object.
 *
 * <p>The typed forms are {@link SockaddrIn} (IPv4), {@link SockaddrIn6} (IPv6) and {@link SockaddrUn} (Unix
 * domain, path or abstract); {@link SockaddrStorage} holds an address of any family, and is what
 * {@code accept}, {@code recvfrom}, {@code getsockname} and {@code getpeername} fill in.
 *
 * {@snippet :
 * s.connect(SockAddr.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080)));  // a SockaddrIn
 * SockAddr local = s.getsockname();                      // typed by its family
 * if (local instanceof SockaddrIn in) {
 *     int port = in.port();
 * }
 * }
 */
public sealed interface SockAddr permits SockaddrIn, SockaddrIn6, SockaddrUn, SockaddrStorage {
    /** {@return the struct in native memory; at least {@link #length()} bytes} */
    MemorySegment segment();

    /** {@return the address length to pass with it: C's {@code socklen_t addrlen}} */
    int length();

    /** {@return the address family: {@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}, ...} */
    int family();

    /**
     * The address as the JDK's type: an {@link InetSocketAddress} (an IPv4-mapped IPv6 address stays an
     * {@link Inet6Address}) or a {@link UnixDomainSocketAddress}.
     *
     * @return the address
     * @throws UnsupportedOperationException for what the JDK cannot express: an abstract Unix name, or a
     *         family other than {@code AF_INET}, {@code AF_INET6} and {@code AF_UNIX}
     */
    SocketAddress toSocketAddress();

    /**
     * The native form of a JDK address. Host names are not resolved: an {@link InetSocketAddress} must carry
     * an address ({@link InetSocketAddress#isUnresolved()} false).
     *
     * @param address an {@link InetSocketAddress} or {@link UnixDomainSocketAddress}
     * @return a {@link SockaddrIn}, {@link SockaddrIn6} or {@link SockaddrUn}
     * @throws IllegalArgumentException for an unresolved or unsupported address
     */
    static SockAddr of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address " + inet
                        + ": this library resolves nothing implicitly; give a numeric address");
            }
            if (inet.getAddress() instanceof Inet4Address v4) {
                return SockaddrIn.of(v4, inet.getPort());
            }
            return SockaddrIn6.of((Inet6Address) inet.getAddress(), inet.getPort());
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return SockaddrUn.of(unix.getPath());
        }
        throw new IllegalArgumentException("unsupported address type: "
                + (address == null ? "null" : address.getClass().getName()));
    }

    /**
     * Reads an address that the kernel wrote (for {@code accept}, {@code recvfrom}, {@code getsockname}) into a
     * new object of its family's type, with memory of its own.
     *
     * @param memory where the kernel wrote it
     * @param length the length the kernel reported
     * @return a {@link SockaddrIn}, {@link SockaddrIn6} or {@link SockaddrUn}, or a {@link SockaddrStorage} for
     *         another family
     */
    static SockAddr decode(MemorySegment memory, int length) {
        if (length < 2) {
            return SockaddrStorage.copyOf(memory, length);
        }
        int family = Short.toUnsignedInt(memory.get(ValueLayout.JAVA_SHORT, Structs.SS_FAMILY));
        if (family == SocketConstants.AF_INET && length >= Structs.SOCKADDR_IN.byteSize()) {
            return SockaddrIn.copyOf(memory);
        }
        if (family == SocketConstants.AF_INET6 && length >= Structs.SOCKADDR_IN6.byteSize()) {
            return SockaddrIn6.copyOf(memory);
        }
        if (family == SocketConstants.AF_UNIX) {
            return SockaddrUn.copyOf(memory, length);
        }
        return SockaddrStorage.copyOf(memory, length);
    }

    /**
     * Refuses a port outside 0..65535.
     *
     * @param port a port number
     * @return the port
     * @throws IllegalArgumentException when it is out of range
     */
    static int checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        return port;
    }
}
