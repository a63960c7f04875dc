package io.github.panamasockets.internal;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform facade for struct layouts: sizes and field offsets of the socket address structs, read once
 * from the generated layouts of the platform the JVM runs on ({@link PlatformTables#layout}). The address classes
 * use these numbers and never name a generated class, so a platform whose structs differ (aarch64's padded
 * {@code epoll_event}, BSD's {@code sin_len}) changes the generated table, not them.
 */
public final class Structs {
    private Structs() {}

    static {
        Platform.check();
    }

    /** {@code struct servent} ({@code getservbyname_r}). */
    public static final MemoryLayout SERVENT = layout("servent");
    public static final long S_NAME = offset("servent", "s_name");
    public static final long S_ALIASES = offset("servent", "s_aliases");
    public static final long S_PORT = offset("servent", "s_port");
    public static final long S_PROTO = offset("servent", "s_proto");

    /** {@code struct protoent} ({@code getprotobyname_r}). */
    public static final MemoryLayout PROTOENT = layout("protoent");
    public static final long P_NAME = offset("protoent", "p_name");
    public static final long P_ALIASES = offset("protoent", "p_aliases");
    public static final long P_PROTO = offset("protoent", "p_proto");

    /** {@code struct if_nameindex} ({@code if_nameindex}). */
    public static final MemoryLayout IF_NAMEINDEX = layout("if_nameindex");
    public static final long IF_INDEX = offset("if_nameindex", "if_index");
    public static final long IF_NAME = offset("if_nameindex", "if_name");

    /** {@code struct sockaddr_in}. */
    public static final MemoryLayout SOCKADDR_IN = layout("sockaddr_in");
    public static final long SIN_FAMILY = offset("sockaddr_in", "sin_family");
    public static final long SIN_PORT = offset("sockaddr_in", "sin_port");
    public static final long SIN_ADDR = offset("sockaddr_in", "sin_addr");

    /** {@code struct sockaddr_in6}. */
    public static final MemoryLayout SOCKADDR_IN6 = layout("sockaddr_in6");
    public static final long SIN6_FAMILY = offset("sockaddr_in6", "sin6_family");
    public static final long SIN6_PORT = offset("sockaddr_in6", "sin6_port");
    public static final long SIN6_FLOWINFO = offset("sockaddr_in6", "sin6_flowinfo");
    public static final long SIN6_ADDR = offset("sockaddr_in6", "sin6_addr");
    public static final long SIN6_SCOPE_ID = offset("sockaddr_in6", "sin6_scope_id");

    /** {@code struct sockaddr_un}. */
    public static final MemoryLayout SOCKADDR_UN = layout("sockaddr_un");
    public static final long SUN_FAMILY = offset("sockaddr_un", "sun_family");
    public static final long SUN_PATH = offset("sockaddr_un", "sun_path");
    /** Bytes in {@code sun_path}, the terminating NUL included (108 on Linux). */
    public static final int SUN_PATH_SIZE = (int) member("sockaddr_un", "sun_path").byteSize();

    /** {@code struct sockaddr_storage}: room for any address. */
    public static final MemoryLayout SOCKADDR_STORAGE = layout("sockaddr_storage");
    public static final long SS_FAMILY = offset("sockaddr_storage", "ss_family");

    /** {@code struct pollfd}. */
    public static final MemoryLayout POLLFD = layout("pollfd");
    public static final long POLLFD_FD = offset("pollfd", "fd");
    public static final long POLLFD_EVENTS = offset("pollfd", "events");
    public static final long POLLFD_REVENTS = offset("pollfd", "revents");

    /** {@code struct epoll_event}: packed on x86_64 (12 bytes), so {@code data} is unaligned. */
    public static final MemoryLayout EPOLL_EVENT = layout("epoll_event");
    public static final long EPOLL_EVENT_EVENTS = offset("epoll_event", "events");
    public static final long EPOLL_EVENT_DATA = offset("epoll_event", "data");

    /** {@code struct msghdr}. */
    public static final MemoryLayout MSGHDR = layout("msghdr");
    public static final long MSG_NAME = offset("msghdr", "msg_name");
    public static final long MSG_NAMELEN = offset("msghdr", "msg_namelen");
    public static final long MSG_IOV = offset("msghdr", "msg_iov");
    public static final long MSG_IOVLEN = offset("msghdr", "msg_iovlen");
    public static final long MSG_CONTROL = offset("msghdr", "msg_control");
    public static final long MSG_CONTROLLEN = offset("msghdr", "msg_controllen");
    public static final long MSG_FLAGS = offset("msghdr", "msg_flags");

    /** {@code struct mmsghdr}: a msghdr and the byte count of its message. */
    public static final MemoryLayout MMSGHDR = layout("mmsghdr");
    public static final long MMSG_HDR = offset("mmsghdr", "msg_hdr");
    public static final long MMSG_LEN = offset("mmsghdr", "msg_len");

    /** {@code struct iovec}. */
    public static final MemoryLayout IOVEC = layout("iovec");
    public static final long IOV_BASE = offset("iovec", "iov_base");
    public static final long IOV_LEN = offset("iovec", "iov_len");

    /** {@code struct cmsghdr}; its data follows the header, aligned as {@link #CMSG_ALIGNMENT} says. */
    public static final MemoryLayout CMSGHDR = layout("cmsghdr");
    public static final long CMSG_LEN_FIELD = offset("cmsghdr", "cmsg_len");
    public static final long CMSG_LEVEL = offset("cmsghdr", "cmsg_level");
    public static final long CMSG_TYPE = offset("cmsghdr", "cmsg_type");
    /** glibc's CMSG_ALIGN rounds to {@code sizeof(size_t)}, the type of {@code cmsg_len}. */
    public static final long CMSG_ALIGNMENT = member("cmsghdr", "cmsg_len").byteSize();

    /**
     * {@code struct sigaction}, read by {@link WakeSignal}: the handler ({@code sa_handler}, a member of the
     * union {@code __sigaction_handler} in glibc) and {@code sa_flags}.
     */
    public static final MemoryLayout SIGACTION = layout("sigaction");
    public static final long SA_HANDLER = layout("sigaction").byteOffset(groupElement("__sigaction_handler"),
            groupElement("sa_handler"));
    public static final long SA_FLAGS = offset("sigaction", "sa_flags");

    // ---------------------------------------------------------------------------------------------------------
    // Socket option values

    /** {@code struct timeval}: {@code SO_RCVTIMEO}, {@code SO_SNDTIMEO}. */
    public static final MemoryLayout TIMEVAL = layout("timeval");
    public static final long TV_SEC = offset("timeval", "tv_sec");
    public static final long TV_USEC = offset("timeval", "tv_usec");

    /** {@code struct linger}: {@code SO_LINGER}. */
    public static final MemoryLayout LINGER = layout("linger");
    public static final long L_ONOFF = offset("linger", "l_onoff");
    public static final long L_LINGER = offset("linger", "l_linger");

    /** {@code struct ucred}: {@code SO_PEERCRED}, {@code SCM_CREDENTIALS}. */
    public static final MemoryLayout UCRED = layout("ucred");
    public static final long UCRED_PID = offset("ucred", "pid");
    public static final long UCRED_UID = offset("ucred", "uid");
    public static final long UCRED_GID = offset("ucred", "gid");

    /** {@code struct in_pktinfo} (IP_PKTINFO). */
    public static final MemoryLayout IN_PKTINFO = layout("in_pktinfo");
    public static final long IPI_IFINDEX = offset("in_pktinfo", "ipi_ifindex");
    public static final long IPI_SPEC_DST = offset("in_pktinfo", "ipi_spec_dst");
    public static final long IPI_ADDR = offset("in_pktinfo", "ipi_addr");

    /** {@code struct in6_pktinfo} (IPV6_PKTINFO). */
    public static final MemoryLayout IN6_PKTINFO = layout("in6_pktinfo");
    public static final long IPI6_ADDR = offset("in6_pktinfo", "ipi6_addr");
    public static final long IPI6_IFINDEX = offset("in6_pktinfo", "ipi6_ifindex");

    /** {@code struct sock_extended_err} (IP_RECVERR, IPV6_RECVERR); the offender's address follows it. */
    public static final MemoryLayout SOCK_EXTENDED_ERR = layout("sock_extended_err");
    public static final long EE_ERRNO = offset("sock_extended_err", "ee_errno");
    public static final long EE_ORIGIN = offset("sock_extended_err", "ee_origin");
    public static final long EE_TYPE = offset("sock_extended_err", "ee_type");
    public static final long EE_CODE = offset("sock_extended_err", "ee_code");
    public static final long EE_INFO = offset("sock_extended_err", "ee_info");
    public static final long EE_DATA = offset("sock_extended_err", "ee_data");

    /** {@code struct timespec} (SCM_TIMESTAMPNS). */
    public static final MemoryLayout TIMESPEC = layout("timespec");
    public static final long TIMESPEC_SEC = offset("timespec", "tv_sec");
    public static final long TIMESPEC_NSEC = offset("timespec", "tv_nsec");


    /**
     * {@code struct addrinfo}: {@code getaddrinfo}'s hints and the entries of its result list. Read and written
     * through the accessors below, which delegate to the generated ones, so that {@code Netdb} names no
     * generated class.
     */
    public static final MemoryLayout ADDRINFO = layout("addrinfo");

    private static final long AI_FLAGS = offset("addrinfo", "ai_flags");
    private static final long AI_FAMILY = offset("addrinfo", "ai_family");
    private static final long AI_SOCKTYPE = offset("addrinfo", "ai_socktype");
    private static final long AI_PROTOCOL = offset("addrinfo", "ai_protocol");
    private static final long AI_ADDRLEN = offset("addrinfo", "ai_addrlen");
    private static final long AI_ADDR = offset("addrinfo", "ai_addr");
    private static final long AI_CANONNAME = offset("addrinfo", "ai_canonname");
    private static final long AI_NEXT = offset("addrinfo", "ai_next");
    /** The pointer fields' layout as the bindings declare it, so that what they return is what jextract's would. */
    private static final AddressLayout AI_POINTER = (AddressLayout) member("addrinfo", "ai_addr");

    /** @param ai a {@code struct addrinfo} @return {@code ai_flags} */
    public static int ai_flags(MemorySegment ai) { return ai.get(ValueLayout.JAVA_INT, AI_FLAGS); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_family} */
    public static int ai_family(MemorySegment ai) { return ai.get(ValueLayout.JAVA_INT, AI_FAMILY); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_socktype} */
    public static int ai_socktype(MemorySegment ai) { return ai.get(ValueLayout.JAVA_INT, AI_SOCKTYPE); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_protocol} */
    public static int ai_protocol(MemorySegment ai) { return ai.get(ValueLayout.JAVA_INT, AI_PROTOCOL); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_addrlen} */
    public static int ai_addrlen(MemorySegment ai) { return ai.get(ValueLayout.JAVA_INT, AI_ADDRLEN); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_addr}, a pointer segment (or NULL) */
    public static MemorySegment ai_addr(MemorySegment ai) { return ai.get(AI_POINTER, AI_ADDR); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_canonname}, a pointer segment (or NULL) */
    public static MemorySegment ai_canonname(MemorySegment ai) { return ai.get(AI_POINTER, AI_CANONNAME); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_next}, a pointer segment (or NULL) */
    public static MemorySegment ai_next(MemorySegment ai) { return ai.get(AI_POINTER, AI_NEXT); }

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
        ai.set(ValueLayout.JAVA_INT, AI_FLAGS, flags);
        ai.set(ValueLayout.JAVA_INT, AI_FAMILY, family);
        ai.set(ValueLayout.JAVA_INT, AI_SOCKTYPE, socktype);
        ai.set(ValueLayout.JAVA_INT, AI_PROTOCOL, protocol);
    }

    /** {@code struct in_addr}: what {@code getsockopt(IP_MULTICAST_IF)} returns. */
    public static final MemoryLayout IN_ADDR = layout("in_addr");

    /** {@code struct in6_addr}. */
    public static final MemoryLayout IN6_ADDR = layout("in6_addr");

    /** {@code struct ip_mreqn}: {@code IP_ADD_MEMBERSHIP}, {@code IP_DROP_MEMBERSHIP}, {@code IP_MULTICAST_IF}. */
    public static final MemoryLayout IP_MREQN = layout("ip_mreqn");
    public static final long IMR_MULTIADDR = offset("ip_mreqn", "imr_multiaddr");
    public static final long IMR_ADDRESS = offset("ip_mreqn", "imr_address");
    public static final long IMR_IFINDEX = offset("ip_mreqn", "imr_ifindex");

    /** {@code struct ipv6_mreq}: {@code IPV6_JOIN_GROUP}, {@code IPV6_LEAVE_GROUP}. */
    public static final MemoryLayout IPV6_MREQ = layout("ipv6_mreq");
    public static final long IPV6MR_MULTIADDR = offset("ipv6_mreq", "ipv6mr_multiaddr");
    public static final long IPV6MR_INTERFACE = offset("ipv6_mreq", "ipv6mr_interface");

    /**
     * The byte after {@code tcpi_options}, which holds the bitfields {@code tcpi_snd_wscale : 4} (low nibble)
     * and {@code tcpi_rcv_wscale : 4} (high nibble). jextract cannot express bitfields and leaves padding in
     * their place, so the offset is taken from the field before them; the nibble order is that of the x86_64 and
     * aarch64 ABIs (bitfields fill a byte from its least significant bit), as clang's recorded layout of the
     * kernel's struct confirms for each platform ({@code PlatformFactsTest}).
     */
    public static final long TCPI_WSCALE = tcpiWscale(layout("tcp_info"));

    /**
     * {@code struct tcp_info} as the kernel fills it for {@code TCP_INFO}: glibc's struct (generated, up to
     * {@code tcpi_total_retrans}) followed by the fields Linux has appended since, as {@code <linux/tcp.h>}
     * declares them (up to {@code tcpi_snd_wnd}). glibc's {@code <netinet/tcp.h>} never grew those fields and
     * cannot be included together with the kernel's header, so they are not in the generated bindings; they are
     * written here by hand. The kernel only ever appends to this struct (it is ABI), and it reports how many
     * bytes it filled, so a reader checks each field against that length.
     */
    public static final StructLayout TCP_INFO = tcpInfoLayout(layout("tcp_info"));

    /**
     * The kernel's {@code TCP_CA_NAME_MAX} ({@code <linux/tcp.h>}, not in glibc's headers): the room for a
     * congestion-control name, its terminating NUL included.
     */
    public static final int TCP_CA_NAME_MAX = 16;

    /**
     * @param glibcTcpInfo a platform's generated {@code struct tcp_info} (glibc's)
     * @return the offset of the byte holding the two window-scale nibbles in it
     */
    static long tcpiWscale(MemoryLayout glibcTcpInfo) {
        GroupLayout g = (GroupLayout) glibcTcpInfo;
        return g.byteOffset(groupElement("tcpi_options")) + g.select(groupElement("tcpi_options")).byteSize();
    }

    /**
     * @param glibcTcpInfo a platform's generated {@code struct tcp_info} (glibc's)
     * @return the kernel's {@code struct tcp_info}: glibc's followed by the fields the kernel appended since
     */
    static StructLayout tcpInfoLayout(MemoryLayout glibcTcpInfo) {
        List<MemoryLayout> members = new ArrayList<>(((GroupLayout) glibcTcpInfo).memberLayouts());
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

    /** @param tag an allow-listed struct @return its layout on this JVM's platform */
    private static GroupLayout layout(String tag) {
        return (GroupLayout) PlatformTables.layout(tag);
    }

    /** @return the byte offset of {@code field} in the struct {@code tag} on this JVM's platform */
    private static long offset(String tag, String field) {
        return layout(tag).byteOffset(path(layout(tag), field));
    }

    /** @return the layout of {@code field} in the struct {@code tag} on this JVM's platform */
    private static MemoryLayout member(String tag, String field) {
        return layout(tag).select(path(layout(tag), field));
    }

    /**
     * The path to a field as C names it: through the unnamed structs and unions on the way, as C lets a program
     * write {@code ee->ee_data} for a member of {@code sock_extended_err}'s unnamed union (jextract names
     * those {@code $anon$<line>:<column>}).
     */
    private static MemoryLayout.PathElement[] path(GroupLayout g, String field) {
        List<MemoryLayout.PathElement> path = new ArrayList<>();
        if (!find(g, field, path)) {
            throw new IllegalArgumentException("no field " + field + " in " + g);
        }
        return path.toArray(MemoryLayout.PathElement[]::new);
    }

    private static boolean find(GroupLayout g, String field, List<MemoryLayout.PathElement> path) {
        for (MemoryLayout m : g.memberLayouts()) {
            String name = m.name().orElse("");
            if (name.equals(field)) {
                path.add(groupElement(name));
                return true;
            }
            if (name.startsWith("$anon") && m instanceof GroupLayout inner) {
                path.add(groupElement(name));
                if (find(inner, field, path)) {
                    return true;
                }
                path.removeLast();
            }
        }
        return false;
    }
}
