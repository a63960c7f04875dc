package io.github.panamasockets.internal;

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

    /** {@code struct ucred}: {@code SO_PEERCRED}. */
    public static final MemoryLayout UCRED = ucred.layout();
    public static final long UCRED_PID = ucred.pid$offset();
    public static final long UCRED_UID = ucred.uid$offset();
    public static final long UCRED_GID = ucred.gid$offset();

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
