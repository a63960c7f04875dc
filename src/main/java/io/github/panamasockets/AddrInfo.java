package io.github.panamasockets;

import java.util.Objects;

/**
 * One entry of {@link Netdb#getaddrinfo}'s result: C's {@code struct addrinfo} without {@code ai_next}, ready
 * for {@code socket}, {@code connect} and {@code bind}:
 *
 * {@snippet :
 * for (AddrInfo ai : Netdb.getaddrinfo("localhost", "8080", AddrInfo.Hints.of(AF_UNSPEC, SOCK_STREAM))) {
 *     PosixSocket s = PosixSocket.socket(ai.family(), ai.socktype(), ai.protocol());
 *     s.connect(ai.address());
 *     // ...
 * }
 * }
 *
 * <p>The address is a copy with memory of its own ({@link SockaddrIn}, {@link SockaddrIn6}, or a
 * {@link SockaddrStorage} for another family), so nothing points into the list that {@code freeaddrinfo}
 * released. An IPv6 address keeps its scope id and flow info.
 *
 * @param flags {@code ai_flags}: glibc repeats the hints' flags
 * @param family {@code ai_family}: {@code AF_INET}, {@code AF_INET6}
 * @param socktype {@code ai_socktype}: {@code SOCK_STREAM}, {@code SOCK_DGRAM}, {@code SOCK_RAW}
 * @param protocol {@code ai_protocol}: {@code IPPROTO_TCP}, {@code IPPROTO_UDP}, or 0
 * @param address {@code ai_addr} and {@code ai_addrlen}, copied
 * @param canonname {@code ai_canonname}: the canonical name, on the first entry only and only when
 *                  {@code AI_CANONNAME} was asked for; {@code null} otherwise
 */
public record AddrInfo(int flags, int family, int socktype, int protocol, SockAddr address, String canonname) {
    /**
     * Checks that the entry has an address.
     *
     * @throws NullPointerException when {@code address} is null: every entry has an address
     */
    public AddrInfo {
        Objects.requireNonNull(address, "address");
    }

    /**
     * {@code getaddrinfo}'s hints: C's {@code struct addrinfo} with only the four fields a caller may set (the
     * others are zero, as C requires). A field left 0 means "any": {@code AF_UNSPEC}, any socket type, any
     * protocol. Note that {@code getaddrinfo} with {@code null} hints is not the same as zero hints: glibc then
     * uses {@code AI_V4MAPPED | AI_ADDRCONFIG}, as POSIX allows.
     *
     * @param flags {@code AI_PASSIVE}, {@code AI_CANONNAME}, {@code AI_NUMERICHOST}, {@code AI_NUMERICSERV},
     *              {@code AI_ADDRCONFIG}, {@code AI_V4MAPPED}, {@code AI_ALL}, or'ed together
     * @param family {@code AF_UNSPEC}, {@code AF_INET} or {@code AF_INET6}
     * @param socktype 0, {@code SOCK_STREAM}, {@code SOCK_DGRAM}, ...
     * @param protocol 0, {@code IPPROTO_TCP}, {@code IPPROTO_UDP}, ...
     */
    public record Hints(int flags, int family, int socktype, int protocol) {
        /**
         * Hints for a family and a socket type, as most callers give them.
         *
         * @param family {@code AF_UNSPEC}, {@code AF_INET} or {@code AF_INET6}
         * @param socktype 0 for any, {@code SOCK_STREAM}, {@code SOCK_DGRAM}, ...
         * @return hints with no flags and any protocol
         */
        public static Hints of(int family, int socktype) {
            return new Hints(0, family, socktype, 0);
        }

        /**
         * Hints for a listening or receiving socket: {@code AI_PASSIVE}, so that a {@code null} node gives the
         * wildcard address ({@code 0.0.0.0}, {@code ::}) rather than loopback.
         *
         * @param family {@code AF_UNSPEC}, {@code AF_INET} or {@code AF_INET6}
         * @param socktype 0 for any, {@code SOCK_STREAM}, {@code SOCK_DGRAM}, ...
         * @return the hints
         */
        public static Hints passive(int family, int socktype) {
            return new Hints(SocketConstants.AI_PASSIVE, family, socktype, 0);
        }

        /**
         * Hints that forbid any lookup: {@code AI_NUMERICHOST | AI_NUMERICSERV}, so the node must be an address
         * literal and the service a port number, and nothing is asked of {@code /etc/hosts}, DNS or
         * {@code /etc/services}.
         *
         * @param family {@code AF_UNSPEC}, {@code AF_INET} or {@code AF_INET6}
         * @param socktype 0 for any, {@code SOCK_STREAM}, {@code SOCK_DGRAM}, ...
         * @return the hints
         */
        public static Hints numeric(int family, int socktype) {
            return new Hints(SocketConstants.AI_NUMERICHOST | SocketConstants.AI_NUMERICSERV, family, socktype, 0);
        }

        /**
         * Adds flags.
         *
         * @param more {@code AI_*} flags to add
         * @return these hints with {@code more} or'ed into the flags
         */
        public Hints withFlags(int more) {
            return new Hints(flags | more, family, socktype, protocol);
        }

        /**
         * Sets the protocol.
         *
         * @param protocol {@code IPPROTO_TCP}, {@code IPPROTO_UDP}, ...
         * @return these hints with that protocol
         */
        public Hints withProtocol(int protocol) {
            return new Hints(flags, family, socktype, protocol);
        }
    }
}
