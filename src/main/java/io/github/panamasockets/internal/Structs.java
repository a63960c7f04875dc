package io.github.panamasockets.internal;

import io.github.panamasockets.bindings.linux.x86_64.cmsghdr;
import io.github.panamasockets.bindings.linux.x86_64.epoll_event;
import io.github.panamasockets.bindings.linux.x86_64.in6_pktinfo;
import io.github.panamasockets.bindings.linux.x86_64.in_pktinfo;
import io.github.panamasockets.bindings.linux.x86_64.iovec;
import io.github.panamasockets.bindings.linux.x86_64.mmsghdr;
import io.github.panamasockets.bindings.linux.x86_64.msghdr;
import io.github.panamasockets.bindings.linux.x86_64.sock_extended_err;
import io.github.panamasockets.bindings.linux.x86_64.timespec;
import io.github.panamasockets.bindings.linux.x86_64.timeval;
import io.github.panamasockets.bindings.linux.x86_64.ucred;
import io.github.panamasockets.bindings.linux.x86_64.pollfd;
import io.github.panamasockets.bindings.linux.x86_64.addrinfo;
import io.github.panamasockets.bindings.linux.x86_64.if_nameindex;
import io.github.panamasockets.bindings.linux.x86_64.protoent;
import io.github.panamasockets.bindings.linux.x86_64.servent;
import io.github.panamasockets.bindings.linux.x86_64.in6_addr;
import io.github.panamasockets.bindings.linux.x86_64.in_addr;
import io.github.panamasockets.bindings.linux.x86_64.ip_mreqn;
import io.github.panamasockets.bindings.linux.x86_64.ipv6_mreq;
import io.github.panamasockets.bindings.linux.x86_64.linger;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in6;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_storage;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_un;
import io.github.panamasockets.bindings.linux.x86_64.tcp_info;
import io.github.panamasockets.bindings.linux.x86_64.timeval;
import io.github.panamasockets.bindings.linux.x86_64.ucred;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform facade for struct layouts: sizes and field offsets of the socket address structs, read once
 * from the generated bindings. The address classes use these numbers and never name a generated class, so a
 * platform whose structs differ (BSD's {@code sin_len}) changes this class, not them.
 */
public final class Structs {
    private Structs() {}

    static {
        Platform.check();
    }

    /** {@code struct servent} ({@code getservbyname_r}). */
    public static final MemoryLayout SERVENT = servent.layout();
    public static final long S_NAME = servent.s_name$offset();
    public static final long S_ALIASES = servent.s_aliases$offset();
    public static final long S_PORT = servent.s_port$offset();
    public static final long S_PROTO = servent.s_proto$offset();

    /** {@code struct protoent} ({@code getprotobyname_r}). */
    public static final MemoryLayout PROTOENT = protoent.layout();
    public static final long P_NAME = protoent.p_name$offset();
    public static final long P_ALIASES = protoent.p_aliases$offset();
    public static final long P_PROTO = protoent.p_proto$offset();

    /** {@code struct if_nameindex} ({@code if_nameindex}). */
    public static final MemoryLayout IF_NAMEINDEX = if_nameindex.layout();
    public static final long IF_INDEX = if_nameindex.if_index$offset();
    public static final long IF_NAME = if_nameindex.if_name$offset();

    /** {@code struct sockaddr_in}. */
    public static final MemoryLayout SOCKADDR_IN = sockaddr_in.layout();
    public static final long SIN_FAMILY = sockaddr_in.sin_family$offset();
    public static final long SIN_PORT = sockaddr_in.sin_port$offset();
    public static final long SIN_ADDR = sockaddr_in.sin_addr$offset();

    /** {@code struct sockaddr_in6}. */
    public static final MemoryLayout SOCKADDR_IN6 = sockaddr_in6.layout();
    public static final long SIN6_FAMILY = sockaddr_in6.sin6_family$offset();
    public static final long SIN6_PORT = sockaddr_in6.sin6_port$offset();
    public static final long SIN6_FLOWINFO = sockaddr_in6.sin6_flowinfo$offset();
    public static final long SIN6_ADDR = sockaddr_in6.sin6_addr$offset();
    public static final long SIN6_SCOPE_ID = sockaddr_in6.sin6_scope_id$offset();

    /** {@code struct sockaddr_un}. */
    public static final MemoryLayout SOCKADDR_UN = sockaddr_un.layout();
    public static final long SUN_FAMILY = sockaddr_un.sun_family$offset();
    public static final long SUN_PATH = sockaddr_un.sun_path$offset();
    /** Bytes in {@code sun_path}, the terminating NUL included (108 on Linux). */
    public static final int SUN_PATH_SIZE = (int) sockaddr_un.sun_path$layout().byteSize();

    /** {@code struct sockaddr_storage}: room for any address. */
    public static final MemoryLayout SOCKADDR_STORAGE = sockaddr_storage.layout();
    public static final long SS_FAMILY = sockaddr_storage.ss_family$offset();

    /** {@code struct pollfd}. */
    public static final MemoryLayout POLLFD = pollfd.layout();
    public static final long POLLFD_FD = pollfd.fd$offset();
    public static final long POLLFD_EVENTS = pollfd.events$offset();
    public static final long POLLFD_REVENTS = pollfd.revents$offset();

    /** {@code struct epoll_event}: packed on x86_64 (12 bytes), so {@code data} is unaligned. */
    public static final MemoryLayout EPOLL_EVENT = epoll_event.layout();
    public static final long EPOLL_EVENT_EVENTS = epoll_event.events$offset();
    public static final long EPOLL_EVENT_DATA = epoll_event.data$offset();

    /** {@code struct msghdr}. */
    public static final MemoryLayout MSGHDR = msghdr.layout();
    public static final long MSG_NAME = msghdr.msg_name$offset();
    public static final long MSG_NAMELEN = msghdr.msg_namelen$offset();
    public static final long MSG_IOV = msghdr.msg_iov$offset();
    public static final long MSG_IOVLEN = msghdr.msg_iovlen$offset();
    public static final long MSG_CONTROL = msghdr.msg_control$offset();
    public static final long MSG_CONTROLLEN = msghdr.msg_controllen$offset();
    public static final long MSG_FLAGS = msghdr.msg_flags$offset();

    /** {@code struct mmsghdr}: a msghdr and the byte count of its message. */
    public static final MemoryLayout MMSGHDR = mmsghdr.layout();
    public static final long MMSG_HDR = mmsghdr.msg_hdr$offset();
    public static final long MMSG_LEN = mmsghdr.msg_len$offset();

    /** {@code struct iovec}. */
    public static final MemoryLayout IOVEC = iovec.layout();
    public static final long IOV_BASE = iovec.iov_base$offset();
    public static final long IOV_LEN = iovec.iov_len$offset();

    /** {@code struct cmsghdr}; its data follows the header, aligned as {@link #CMSG_ALIGNMENT} says. */
    public static final MemoryLayout CMSGHDR = cmsghdr.layout();
    public static final long CMSG_LEN_FIELD = cmsghdr.cmsg_len$offset();
    public static final long CMSG_LEVEL = cmsghdr.cmsg_level$offset();
    public static final long CMSG_TYPE = cmsghdr.cmsg_type$offset();
    /** glibc's CMSG_ALIGN rounds to {@code sizeof(size_t)}, the type of {@code cmsg_len}. */
    public static final long CMSG_ALIGNMENT = cmsghdr.cmsg_len$layout().byteSize();

    // ---------------------------------------------------------------------------------------------------------
    // Socket option values

    /** {@code struct timeval}: {@code SO_RCVTIMEO}, {@code SO_SNDTIMEO}. */
    public static final MemoryLayout TIMEVAL = timeval.layout();
    public static final long TV_SEC = timeval.tv_sec$offset();
    public static final long TV_USEC = timeval.tv_usec$offset();

    /** {@code struct linger}: {@code SO_LINGER}. */
    public static final MemoryLayout LINGER = linger.layout();
    public static final long L_ONOFF = linger.l_onoff$offset();
    public static final long L_LINGER = linger.l_linger$offset();

    /** {@code struct ucred}: {@code SO_PEERCRED}, {@code SCM_CREDENTIALS}. */
    public static final MemoryLayout UCRED = ucred.layout();
    public static final long UCRED_PID = ucred.pid$offset();
    public static final long UCRED_UID = ucred.uid$offset();
    public static final long UCRED_GID = ucred.gid$offset();

    /** {@code struct in_pktinfo} (IP_PKTINFO). */
    public static final MemoryLayout IN_PKTINFO = in_pktinfo.layout();
    public static final long IPI_IFINDEX = in_pktinfo.ipi_ifindex$offset();
    public static final long IPI_SPEC_DST = in_pktinfo.ipi_spec_dst$offset();
    public static final long IPI_ADDR = in_pktinfo.ipi_addr$offset();

    /** {@code struct in6_pktinfo} (IPV6_PKTINFO). */
    public static final MemoryLayout IN6_PKTINFO = in6_pktinfo.layout();
    public static final long IPI6_ADDR = in6_pktinfo.ipi6_addr$offset();
    public static final long IPI6_IFINDEX = in6_pktinfo.ipi6_ifindex$offset();

    /** {@code struct sock_extended_err} (IP_RECVERR, IPV6_RECVERR); the offender's address follows it. */
    public static final MemoryLayout SOCK_EXTENDED_ERR = sock_extended_err.layout();
    public static final long EE_ERRNO = sock_extended_err.ee_errno$offset();
    public static final long EE_ORIGIN = sock_extended_err.ee_origin$offset();
    public static final long EE_TYPE = sock_extended_err.ee_type$offset();
    public static final long EE_CODE = sock_extended_err.ee_code$offset();
    public static final long EE_INFO = sock_extended_err.ee_info$offset();
    public static final long EE_DATA = sock_extended_err.ee_data$offset();

    /** {@code struct timespec} (SCM_TIMESTAMPNS). */
    public static final MemoryLayout TIMESPEC = timespec.layout();
    public static final long TIMESPEC_SEC = timespec.tv_sec$offset();
    public static final long TIMESPEC_NSEC = timespec.tv_nsec$offset();


    /**
     * {@code struct addrinfo}: {@code getaddrinfo}'s hints and the entries of its result list. Read and written
     * through the accessors below, which delegate to the generated ones, so that {@code Netdb} names no
     * generated class.
     */
    public static final MemoryLayout ADDRINFO = addrinfo.layout();

    /** @param ai a {@code struct addrinfo} @return {@code ai_flags} */
    public static int ai_flags(MemorySegment ai) { return addrinfo.ai_flags(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_family} */
    public static int ai_family(MemorySegment ai) { return addrinfo.ai_family(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_socktype} */
    public static int ai_socktype(MemorySegment ai) { return addrinfo.ai_socktype(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_protocol} */
    public static int ai_protocol(MemorySegment ai) { return addrinfo.ai_protocol(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_addrlen} */
    public static int ai_addrlen(MemorySegment ai) { return addrinfo.ai_addrlen(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_addr}, a zero-length pointer segment (or NULL) */
    public static MemorySegment ai_addr(MemorySegment ai) { return addrinfo.ai_addr(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_canonname}, a zero-length pointer segment (or NULL) */
    public static MemorySegment ai_canonname(MemorySegment ai) { return addrinfo.ai_canonname(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_next}, a zero-length pointer segment (or NULL) */
    public static MemorySegment ai_next(MemorySegment ai) { return addrinfo.ai_next(ai); }

    /**
     * Fills in the four fields of {@code getaddrinfo}'s hints; the caller has zeroed the rest, as C requires.
     *
     * @param ai a zeroed {@code struct addrinfo}
     * @param flags {@code ai_flags}
     * @param family {@code ai_family}
     * @param socktype {@code ai_socktype}
     * @param protocol {@code ai_protocol}
     */
    public static void addrinfoHints(MemorySegment ai, int flags, int family, int socktype, int protocol) {
        addrinfo.ai_flags(ai, flags);
        addrinfo.ai_family(ai, family);
        addrinfo.ai_socktype(ai, socktype);
        addrinfo.ai_protocol(ai, protocol);
    }

    /** {@code struct in_addr}: what {@code getsockopt(IP_MULTICAST_IF)} returns. */
    public static final MemoryLayout IN_ADDR = in_addr.layout();

    /** {@code struct in6_addr}. */
    public static final MemoryLayout IN6_ADDR = in6_addr.layout();

    /** {@code struct ip_mreqn}: {@code IP_ADD_MEMBERSHIP}, {@code IP_DROP_MEMBERSHIP}, {@code IP_MULTICAST_IF}. */
    public static final MemoryLayout IP_MREQN = ip_mreqn.layout();
    public static final long IMR_MULTIADDR = ip_mreqn.imr_multiaddr$offset();
    public static final long IMR_ADDRESS = ip_mreqn.imr_address$offset();
    public static final long IMR_IFINDEX = ip_mreqn.imr_ifindex$offset();

    /** {@code struct ipv6_mreq}: {@code IPV6_JOIN_GROUP}, {@code IPV6_LEAVE_GROUP}. */
    public static final MemoryLayout IPV6_MREQ = ipv6_mreq.layout();
    public static final long IPV6MR_MULTIADDR = ipv6_mreq.ipv6mr_multiaddr$offset();
    public static final long IPV6MR_INTERFACE = ipv6_mreq.ipv6mr_interface$offset();

    /**
     * The byte after {@code tcpi_options}, which holds the bitfields {@code tcpi_snd_wscale : 4} (low nibble)
     * and {@code tcpi_rcv_wscale : 4} (high nibble). jextract cannot express bitfields and leaves padding in
     * their place, so the offset is taken from the field before them; the nibble order is the x86_64 ABI's
     * (bitfields fill a byte from its least significant bit).
     */
    public static final long TCPI_WSCALE = tcp_info.tcpi_options$offset() + tcp_info.tcpi_options$layout().byteSize();

    /**
     * {@code struct tcp_info} as the kernel fills it for {@code TCP_INFO}: glibc's struct (generated, up to
     * {@code tcpi_total_retrans}) followed by the fields Linux has appended since, as {@code <linux/tcp.h>}
     * declares them (up to {@code tcpi_snd_wnd}). glibc's {@code <netinet/tcp.h>} never grew those fields and
     * cannot be included together with the kernel's header, so they are not in the generated bindings; they are
     * written here by hand. The kernel only ever appends to this struct (it is ABI), and it reports how many
     * bytes it filled, so a reader checks each field against that length.
     */
    public static final StructLayout TCP_INFO = tcpInfoLayout();

    /**
     * The kernel's {@code TCP_CA_NAME_MAX} ({@code <linux/tcp.h>}, not in glibc's headers): the room for a
     * congestion-control name, its terminating NUL included.
     */
    public static final int TCP_CA_NAME_MAX = 16;

    private static StructLayout tcpInfoLayout() {
        List<MemoryLayout> members = new ArrayList<>(tcp_info.layout().memberLayouts());
        for (String name : List.of("tcpi_pacing_rate", "tcpi_max_pacing_rate", "tcpi_bytes_acked",
                "tcpi_bytes_received")) {
            members.add(ValueLayout.JAVA_LONG.withName(name));
        }
        for (String name : List.of("tcpi_segs_out", "tcpi_segs_in", "tcpi_notsent_bytes", "tcpi_min_rtt",
                "tcpi_data_segs_in", "tcpi_data_segs_out")) {
            members.add(ValueLayout.JAVA_INT.withName(name));
        }
        for (String name : List.of("tcpi_delivery_rate", "tcpi_busy_time", "tcpi_rwnd_limited",
                "tcpi_sndbuf_limited")) {
            members.add(ValueLayout.JAVA_LONG.withName(name));
        }
        for (String name : List.of("tcpi_delivered", "tcpi_delivered_ce")) {
            members.add(ValueLayout.JAVA_INT.withName(name));
        }
        for (String name : List.of("tcpi_bytes_sent", "tcpi_bytes_retrans")) {
            members.add(ValueLayout.JAVA_LONG.withName(name));
        }
        for (String name : List.of("tcpi_dsack_dups", "tcpi_reord_seen", "tcpi_rcv_ooopack", "tcpi_snd_wnd")) {
            members.add(ValueLayout.JAVA_INT.withName(name));
        }
        // structLayout checks every member's alignment, so a wrong offset fails here, not in a read.
        return MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName("tcp_info");
    }
}
