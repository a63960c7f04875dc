package io.github.panamasockets;

import java.net.SocketOption;
import java.time.Duration;

/**
 * Typed socket options the JDK does not define, for {@link PosixSocket#setOption} and
 * {@link PosixSocket#getOption}. Each constant is one C option at one level; its Java type replaces the C
 * {@code int}, struct or string.
 *
 * <p>For the options the JDK already names, use its constants, which {@link PosixSocket} maps to the same C
 * options: {@link java.net.StandardSocketOptions} ({@code SO_RCVBUF}, {@code SO_SNDBUF}, {@code SO_REUSEADDR},
 * {@code SO_REUSEPORT}, {@code SO_KEEPALIVE}, {@code SO_LINGER}, {@code SO_BROADCAST}, {@code TCP_NODELAY},
 * {@code IP_TOS}, {@code IP_MULTICAST_IF}, {@code IP_MULTICAST_TTL}, {@code IP_MULTICAST_LOOP}) and
 * {@code jdk.net.ExtendedSocketOptions} ({@code TCP_KEEPIDLE}, {@code TCP_KEEPINTERVAL} for C's
 * {@code TCP_KEEPINTVL}, {@code TCP_KEEPCOUNT} for {@code TCP_KEEPCNT}, {@code TCP_QUICKACK},
 * {@code SO_PEERCRED}, {@code IP_DONTFRAGMENT}). The JDK's IP-level options follow the socket's family as
 * the JDK does: on an {@code AF_INET6} socket {@code IP_TOS} is {@code IPV6_TCLASS} and
 * {@code IP_MULTICAST_*} are the {@code IPV6_MULTICAST_*} options.
 *
 * <p>The rules every option follows:
 * <ul>
 *   <li>An option applies to the families and types named on it. On any other socket {@code setOption} and
 *       {@code getOption} throw {@link UnsupportedOperationException} before any native call, and
 *       {@link PosixSocket#supportedOptions()} leaves it out. Within that, the kernel has the last word: an
 *       option its configuration lacks, or a protocol that does not implement it, fails with the kernel's
 *       errno ({@code ENOPROTOOPT}, {@code EOPNOTSUPP}).</li>
 *   <li>Read-only options throw {@link UnsupportedOperationException} from {@code setOption}, write-only ones
 *       from {@code getOption}.</li>
 *   <li>A {@code null} value throws {@link NullPointerException}; a value of the wrong class (through a raw
 *       {@code SocketOption}), a negative value where the kernel accepts none, or a string too long for the
 *       kernel's buffer throws {@link IllegalArgumentException}. Each names the option. Other range limits
 *       are the kernel's, reported as {@code EINVAL}.</li>
 *   <li>The kernel may transform what it is given: {@code getOption} returns what the kernel reports, not what
 *       was set. The transforms are noted on each option.</li>
 * </ul>
 *
 * {@snippet :
 * s.setOption(PosixSocketOptions.TCP_USER_TIMEOUT, 5_000);           // milliseconds
 * s.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofMillis(250));
 * TcpInfo info = s.getOption(PosixSocketOptions.TCP_INFO);
 * }
 */
public final class PosixSocketOptions {
    private PosixSocketOptions() {}

    /** A socket option known by name and value type; compared by identity, as the JDK's are. */
    private static final class Option<T> implements SocketOption<T> {
        private final String name;
        private final Class<T> type;

        Option(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Class<T> type() {
            return type;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ---- SOL_SOCKET: every socket.

    /**
     * {@code SO_RCVLOWAT}: the least number of bytes a receive waits for. The kernel stores 0 as 1, and TCP caps
     * the value at half the receive buffer.
     */
    public static final SocketOption<Integer> SO_RCVLOWAT = new Option<>("SO_RCVLOWAT", Integer.class);

    /**
     * {@code SO_RCVTIMEO}: how long a blocking receive waits before failing with {@code EAGAIN}
     * ({@link PosixTimeoutException}); {@link Duration#ZERO} waits for ever. Written as {@code struct timeval}:
     * the duration is rounded up to whole microseconds, and the kernel rounds it up again to its clock tick
     * (1 to 10 ms), which is what reads back.
     */
    public static final SocketOption<Duration> SO_RCVTIMEO = new Option<>("SO_RCVTIMEO", Duration.class);

    /** {@code SO_SNDTIMEO}: as {@link #SO_RCVTIMEO}, for sends. */
    public static final SocketOption<Duration> SO_SNDTIMEO = new Option<>("SO_SNDTIMEO", Duration.class);

    /** {@code SO_OOBINLINE}: urgent data stays in the normal data stream. */
    public static final SocketOption<Boolean> SO_OOBINLINE = new Option<>("SO_OOBINLINE", Boolean.class);

    /**
     * {@code SO_ERROR}, read-only: the pending error as an errno value (0 for none), such as the outcome of a
     * non-blocking {@code connect} or an ICMP error on a connected datagram socket. Reading it clears it.
     */
    public static final SocketOption<Integer> SO_ERROR = new Option<>("SO_ERROR", Integer.class);

    /** {@code SO_TYPE}, read-only: {@code SOCK_STREAM}, {@code SOCK_DGRAM}, ... */
    public static final SocketOption<Integer> SO_TYPE = new Option<>("SO_TYPE", Integer.class);

    /** {@code SO_DOMAIN}, read-only: {@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}, ... */
    public static final SocketOption<Integer> SO_DOMAIN = new Option<>("SO_DOMAIN", Integer.class);

    /**
     * {@code SO_PROTOCOL}, read-only: the protocol, such as {@code IPPROTO_TCP}, also when the socket was
     * created with protocol 0.
     */
    public static final SocketOption<Integer> SO_PROTOCOL = new Option<>("SO_PROTOCOL", Integer.class);

    /** {@code SO_ACCEPTCONN}, read-only: whether the socket is listening. */
    public static final SocketOption<Boolean> SO_ACCEPTCONN = new Option<>("SO_ACCEPTCONN", Boolean.class);

    /**
     * {@code SO_PRIORITY}: the queueing priority of outgoing packets. Values outside 0..6 need
     * {@code CAP_NET_ADMIN} or {@code CAP_NET_RAW}; without them the kernel fails with {@code EPERM}.
     */
    public static final SocketOption<Integer> SO_PRIORITY = new Option<>("SO_PRIORITY", Integer.class);

    /**
     * {@code SO_MARK}: the firewall and routing mark of outgoing packets (an unsigned 32-bit value in an
     * {@code int}). Setting it needs {@code CAP_NET_ADMIN} or {@code CAP_NET_RAW}, otherwise {@code EPERM}.
     */
    public static final SocketOption<Integer> SO_MARK = new Option<>("SO_MARK", Integer.class);

    /**
     * {@code SO_BINDTODEVICE}: the interface the socket is bound to, by name ({@code "lo"}); {@code ""} unbinds
     * and reads back when unbound. At most 15 bytes ({@code IFNAMSIZ - 1}). An unknown name fails with
     * {@code ENODEV}. Without {@code CAP_NET_RAW} a socket may be bound once (Linux 5.7 and newer); changing or
     * removing the binding then fails with {@code EPERM}.
     */
    public static final SocketOption<String> SO_BINDTODEVICE = new Option<>("SO_BINDTODEVICE", String.class);

    /**
     * {@code SO_TIMESTAMP}: receive timestamps as {@code struct timeval} control messages. It reads back
     * {@code false} while {@link #SO_TIMESTAMPNS} is on, since the kernel keeps one timestamp format.
     */
    public static final SocketOption<Boolean> SO_TIMESTAMP = new Option<>("SO_TIMESTAMP", Boolean.class);

    /** {@code SO_TIMESTAMPNS}: receive timestamps as {@code struct timespec} control messages. */
    public static final SocketOption<Boolean> SO_TIMESTAMPNS = new Option<>("SO_TIMESTAMPNS", Boolean.class);

    /**
     * {@code SO_BUSY_POLL}: microseconds to busy-poll the device queue on a blocking receive. Needs a kernel
     * built with {@code CONFIG_NET_RX_BUSY_POLL}, otherwise {@code ENOPROTOOPT}; older kernels also want
     * {@code CAP_NET_ADMIN} to raise it ({@code EPERM}).
     */
    public static final SocketOption<Integer> SO_BUSY_POLL = new Option<>("SO_BUSY_POLL", Integer.class);

    /**
     * {@code SO_RCVBUFFORCE}, write-only: as {@code SO_RCVBUF} without the {@code net.core.rmem_max} ceiling
     * (the kernel still doubles the value). Needs {@code CAP_NET_ADMIN}, otherwise {@code EPERM}. Read the result
     * with {@link java.net.StandardSocketOptions#SO_RCVBUF}.
     */
    public static final SocketOption<Integer> SO_RCVBUFFORCE = new Option<>("SO_RCVBUFFORCE", Integer.class);

    /** {@code SO_SNDBUFFORCE}, write-only: as {@link #SO_RCVBUFFORCE}, for {@code SO_SNDBUF} and {@code wmem_max}. */
    public static final SocketOption<Integer> SO_SNDBUFFORCE = new Option<>("SO_SNDBUFFORCE", Integer.class);

    /**
     * {@code SO_PEERCRED}, read-only, {@code AF_UNIX} sockets: the peer's process id, user id and group id
     * ({@code struct ucred}); on a socket without a peer, what the kernel reports: pid 0, uid and gid -1. The
     * JDK's {@code jdk.net.ExtendedSocketOptions.SO_PEERCRED} gives the user and group as principals instead,
     * and throws {@link java.net.SocketException} when there is no peer.
     */
    public static final SocketOption<PeerCredentials> SO_PEERCRED = new Option<>("SO_PEERCRED", PeerCredentials.class);

    // ---- IPPROTO_TCP: SOCK_STREAM sockets of AF_INET and AF_INET6.

    /**
     * {@code TCP_USER_TIMEOUT}: milliseconds that sent data may stay unacknowledged before the connection is
     * dropped with {@code ETIMEDOUT}; 0 leaves it to the system.
     */
    public static final SocketOption<Integer> TCP_USER_TIMEOUT = new Option<>("TCP_USER_TIMEOUT", Integer.class);

    /** {@code TCP_CORK}: hold back partial segments until uncorked (or for at most 200 ms). */
    public static final SocketOption<Boolean> TCP_CORK = new Option<>("TCP_CORK", Boolean.class);

    /**
     * {@code TCP_NOTSENT_LOWAT}: the unsent bytes above which the socket does not count as writable. It reads 0
     * until set, meaning that the system's {@code net.ipv4.tcp_notsent_lowat} applies (usually 4294967295: no
     * limit).
     */
    public static final SocketOption<Integer> TCP_NOTSENT_LOWAT = new Option<>("TCP_NOTSENT_LOWAT", Integer.class);

    /**
     * {@code TCP_CONGESTION}: the congestion-control algorithm by name ({@code "reno"}, {@code "cubic"},
     * {@code "bbr"}); at most 15 bytes. A name the kernel does not have fails with {@code ENOENT}; one outside
     * {@code net.ipv4.tcp_allowed_congestion_control} needs {@code CAP_NET_ADMIN}, otherwise {@code EPERM}.
     */
    public static final SocketOption<String> TCP_CONGESTION = new Option<>("TCP_CONGESTION", String.class);

    /**
     * {@code TCP_MAXSEG}: the maximum segment size. Set before connecting it caps what is announced; it reads
     * back as set until the connection exists, then as the segment size in use.
     */
    public static final SocketOption<Integer> TCP_MAXSEG = new Option<>("TCP_MAXSEG", Integer.class);

    /**
     * {@code TCP_DEFER_ACCEPT}: seconds a listener waits for data before completing {@code accept}. The kernel
     * keeps it as a number of SYN-ACK retransmissions, so it reads back rounded up to the next 1, 3, 7, 15, ...
     * seconds (with the default 1-second initial timeout).
     */
    public static final SocketOption<Integer> TCP_DEFER_ACCEPT = new Option<>("TCP_DEFER_ACCEPT", Integer.class);

    /**
     * {@code TCP_FASTOPEN}: the queue length for TCP Fast Open connections on a listener (0 turns it off); the
     * kernel caps it at {@code net.core.somaxconn}. Servers also need bit 2 of {@code net.ipv4.tcp_fastopen}.
     */
    public static final SocketOption<Integer> TCP_FASTOPEN = new Option<>("TCP_FASTOPEN", Integer.class);

    /**
     * {@code TCP_FASTOPEN_CONNECT}: send data in the SYN on the first {@code send} after {@code connect}. Set it
     * before connecting; it fails with {@code EOPNOTSUPP} when bit 1 of {@code net.ipv4.tcp_fastopen} is off.
     */
    public static final SocketOption<Boolean> TCP_FASTOPEN_CONNECT = new Option<>("TCP_FASTOPEN_CONNECT", Boolean.class);

    /** {@code TCP_INFO}, read-only: the connection's state and counters; see {@link TcpInfo}. */
    public static final SocketOption<TcpInfo> TCP_INFO = new Option<>("TCP_INFO", TcpInfo.class);

    // ---- IPPROTO_IP: AF_INET sockets.

    /** {@code IP_TTL}: the time-to-live of outgoing unicast packets, 1..255; -1 restores the system default. */
    public static final SocketOption<Integer> IP_TTL = new Option<>("IP_TTL", Integer.class);

    /**
     * {@code IP_ADD_MEMBERSHIP}, write-only, {@code SOCK_DGRAM} and {@code SOCK_RAW}: join a multicast group
     * ({@code struct ip_mreqn}). Joining twice fails with {@code EADDRINUSE}.
     */
    public static final SocketOption<IpMembership> IP_ADD_MEMBERSHIP = new Option<>("IP_ADD_MEMBERSHIP", IpMembership.class);

    /**
     * {@code IP_DROP_MEMBERSHIP}, write-only, {@code SOCK_DGRAM} and {@code SOCK_RAW}: leave a group joined with
     * {@link #IP_ADD_MEMBERSHIP}; a group not joined fails with {@code EADDRNOTAVAIL}.
     */
    public static final SocketOption<IpMembership> IP_DROP_MEMBERSHIP = new Option<>("IP_DROP_MEMBERSHIP", IpMembership.class);

    /** {@code IP_PKTINFO}: receive {@code struct in_pktinfo} control messages. */
    public static final SocketOption<Boolean> IP_PKTINFO = new Option<>("IP_PKTINFO", Boolean.class);

    /** {@code IP_RECVTOS}: receive the TOS byte of incoming packets as control messages. */
    public static final SocketOption<Boolean> IP_RECVTOS = new Option<>("IP_RECVTOS", Boolean.class);

    /** {@code IP_RECVERR}: queue extended errors, to be read with {@code MSG_ERRQUEUE}. */
    public static final SocketOption<Boolean> IP_RECVERR = new Option<>("IP_RECVERR", Boolean.class);

    /**
     * {@code IP_MTU_DISCOVER}: path-MTU discovery, one of {@code SocketConstants.IP_PMTUDISC_DONT},
     * {@code _WANT}, {@code _DO}, {@code _PROBE}, {@code _INTERFACE}, {@code _OMIT}.
     */
    public static final SocketOption<Integer> IP_MTU_DISCOVER = new Option<>("IP_MTU_DISCOVER", Integer.class);

    /** {@code IP_FREEBIND}: allow binding to an address that is not (yet) local. */
    public static final SocketOption<Boolean> IP_FREEBIND = new Option<>("IP_FREEBIND", Boolean.class);

    // ---- IPPROTO_IPV6: AF_INET6 sockets.

    /**
     * {@code IPV6_V6ONLY}: refuse IPv4-mapped traffic. The default is {@code net.ipv6.bindv6only}; it cannot
     * change once the socket is bound ({@code EINVAL}).
     */
    public static final SocketOption<Boolean> IPV6_V6ONLY = new Option<>("IPV6_V6ONLY", Boolean.class);

    /** {@code IPV6_UNICAST_HOPS}: the hop limit of outgoing unicast packets, 0..255; -1 restores the default. */
    public static final SocketOption<Integer> IPV6_UNICAST_HOPS = new Option<>("IPV6_UNICAST_HOPS", Integer.class);

    /**
     * {@code IPV6_MULTICAST_HOPS}, {@code SOCK_DGRAM} and {@code SOCK_RAW}: the hop limit of outgoing multicast
     * packets, 0..255; -1 restores the default, 1.
     */
    public static final SocketOption<Integer> IPV6_MULTICAST_HOPS = new Option<>("IPV6_MULTICAST_HOPS", Integer.class);

    /** {@code IPV6_MULTICAST_LOOP}, {@code SOCK_DGRAM} and {@code SOCK_RAW}: loop sent multicast back locally. */
    public static final SocketOption<Boolean> IPV6_MULTICAST_LOOP = new Option<>("IPV6_MULTICAST_LOOP", Boolean.class);

    /**
     * {@code IPV6_MULTICAST_IF}, {@code SOCK_DGRAM} and {@code SOCK_RAW}: the index of the interface for
     * outgoing multicast; 0 lets the routing table choose.
     */
    public static final SocketOption<Integer> IPV6_MULTICAST_IF = new Option<>("IPV6_MULTICAST_IF", Integer.class);

    /**
     * {@code IPV6_JOIN_GROUP}, write-only, {@code SOCK_DGRAM} and {@code SOCK_RAW}: join a multicast group
     * ({@code struct ipv6_mreq}).
     */
    public static final SocketOption<Ipv6Membership> IPV6_JOIN_GROUP = new Option<>("IPV6_JOIN_GROUP", Ipv6Membership.class);

    /** {@code IPV6_LEAVE_GROUP}, write-only, {@code SOCK_DGRAM} and {@code SOCK_RAW}: leave a group. */
    public static final SocketOption<Ipv6Membership> IPV6_LEAVE_GROUP = new Option<>("IPV6_LEAVE_GROUP", Ipv6Membership.class);

    /** {@code IPV6_RECVPKTINFO}: receive {@code struct in6_pktinfo} control messages. */
    public static final SocketOption<Boolean> IPV6_RECVPKTINFO = new Option<>("IPV6_RECVPKTINFO", Boolean.class);

    /** {@code IPV6_RECVERR}: queue extended errors, to be read with {@code MSG_ERRQUEUE}. */
    public static final SocketOption<Boolean> IPV6_RECVERR = new Option<>("IPV6_RECVERR", Boolean.class);

    // ---- IPPROTO_UDP: SOCK_DGRAM sockets of AF_INET and AF_INET6.

    /**
     * {@code UDP_SEGMENT}: the segment size for UDP generic segmentation offload, 0..65535; 0 turns it off.
     * Linux 4.18 and newer.
     */
    public static final SocketOption<Integer> UDP_SEGMENT = new Option<>("UDP_SEGMENT", Integer.class);

    /** {@code UDP_GRO}: receive coalesced datagrams (generic receive offload). Linux 5.0 and newer. */
    public static final SocketOption<Boolean> UDP_GRO = new Option<>("UDP_GRO", Boolean.class);
}
