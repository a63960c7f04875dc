package io.github.panamasockets.internal;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_RAW;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

/**
 * The sockets an option applies to, by the family and type they were created with. An option outside its
 * scope is refused in Java, before any native call; within it, the kernel decides.
 */
public enum OptionScope {
    /** Every socket: the {@code SOL_SOCKET} options. */
    ANY("every socket"),
    /** {@code AF_UNIX} sockets. */
    UNIX("AF_UNIX sockets"),
    /** {@code AF_INET} sockets of any type. */
    IPV4("AF_INET sockets"),
    /** {@code AF_INET6} sockets of any type. */
    IPV6("AF_INET6 sockets"),
    /** {@code AF_INET} and {@code AF_INET6} sockets of any type. */
    IP("AF_INET and AF_INET6 sockets"),
    /** {@code SOCK_STREAM} sockets of {@code AF_INET} and {@code AF_INET6}: TCP. */
    TCP("SOCK_STREAM sockets of AF_INET and AF_INET6"),
    /** {@code SOCK_DGRAM} sockets of {@code AF_INET} and {@code AF_INET6}: UDP. */
    UDP("SOCK_DGRAM sockets of AF_INET and AF_INET6"),
    /** {@code SOCK_DGRAM} and {@code SOCK_RAW} sockets of {@code AF_INET}: IPv4 multicast. */
    IPV4_MULTICAST("SOCK_DGRAM and SOCK_RAW sockets of AF_INET"),
    /** {@code SOCK_DGRAM} and {@code SOCK_RAW} sockets of {@code AF_INET6}: IPv6 multicast. */
    IPV6_MULTICAST("SOCK_DGRAM and SOCK_RAW sockets of AF_INET6"),
    /** {@code SOCK_DGRAM} and {@code SOCK_RAW} sockets of either IP family: the JDK's multicast options. */
    IP_MULTICAST("SOCK_DGRAM and SOCK_RAW sockets of AF_INET and AF_INET6");

    private final String description;

    OptionScope(String description) {
        this.description = description;
    }

    /**
     * @param family the socket's family
     * @param type the socket's type, without {@code SOCK_NONBLOCK}/{@code SOCK_CLOEXEC}
     * @return whether options of this scope apply to it
     */
    public boolean covers(int family, int type) {
        boolean ip = family == AF_INET || family == AF_INET6;
        boolean datagram = type == SOCK_DGRAM || type == SOCK_RAW;
        return switch (this) {
            case ANY -> true;
            case UNIX -> family == AF_UNIX;
            case IPV4 -> family == AF_INET;
            case IPV6 -> family == AF_INET6;
            case IP -> ip;
            case TCP -> ip && type == SOCK_STREAM;
            case UDP -> ip && type == SOCK_DGRAM;
            case IPV4_MULTICAST -> family == AF_INET && datagram;
            case IPV6_MULTICAST -> family == AF_INET6 && datagram;
            case IP_MULTICAST -> ip && datagram;
        };
    }

    /** @return the sockets it covers, in words, for messages */
    public String description() {
        return description;
    }
}
