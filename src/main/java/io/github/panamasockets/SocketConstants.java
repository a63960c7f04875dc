package io.github.panamasockets;

import io.github.panamasockets.bindings.linux.x86_64.sockets_h;

/**
 * The socket API's constants, named as in C, for a static import:
 * {@code import static io.github.panamasockets.SocketConstants.*;} then {@code AF_INET}, {@code SOCK_STREAM},
 * {@code SOL_SOCKET}, {@code SO_REUSEADDR}, {@code MSG_PEEK}, {@code SHUT_RDWR}, {@code INADDR_ANY}.
 *
 * <p>This class is the platform facade for constants: each value is read once, when the class initializes,
 * from the generated bindings of the platform the JVM runs on (today only Linux x86_64 with glibc). Code of
 * this library never writes a constant's number, so a second platform needs a second generated package and
 * a new source for these fields, not edits to the socket classes. The values differ between platforms
 * ({@code AF_INET6} is 10 on Linux and 30 on macOS), so do not persist them.
 *
 * <p>The errno values live in {@link Errno}. The raw generated class {@code sockets_h} has every constant of
 * the headers as a method ({@code AF_INET()}); this class holds the ones a socket program uses, as fields.
 *
 * {@snippet :
 * import static io.github.panamasockets.SocketConstants.*;
 *
 * PosixSocket s = PosixSocket.socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
 * s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
 * }
 */
public final class SocketConstants {
    private SocketConstants() {}

    static {
        io.github.panamasockets.internal.Platform.check();
    }

    // ---- Address families (AF_*) and their protocol-family twins (PF_*).
    /** C's {@code AF_ALG}. */
    public static final int AF_ALG = sockets_h.AF_ALG();
    /** C's {@code AF_APPLETALK}. */
    public static final int AF_APPLETALK = sockets_h.AF_APPLETALK();
    /** C's {@code AF_ASH}. */
    public static final int AF_ASH = sockets_h.AF_ASH();
    /** C's {@code AF_ATMPVC}. */
    public static final int AF_ATMPVC = sockets_h.AF_ATMPVC();
    /** C's {@code AF_ATMSVC}. */
    public static final int AF_ATMSVC = sockets_h.AF_ATMSVC();
    /** C's {@code AF_AX25}. */
    public static final int AF_AX25 = sockets_h.AF_AX25();
    /** C's {@code AF_BLUETOOTH}. */
    public static final int AF_BLUETOOTH = sockets_h.AF_BLUETOOTH();
    /** C's {@code AF_BRIDGE}. */
    public static final int AF_BRIDGE = sockets_h.AF_BRIDGE();
    /** C's {@code AF_CAIF}. */
    public static final int AF_CAIF = sockets_h.AF_CAIF();
    /** C's {@code AF_CAN}. */
    public static final int AF_CAN = sockets_h.AF_CAN();
    /** C's {@code AF_ECONET}. */
    public static final int AF_ECONET = sockets_h.AF_ECONET();
    /** C's {@code AF_FILE}. */
    public static final int AF_FILE = sockets_h.AF_FILE();
    /** C's {@code AF_IB}. */
    public static final int AF_IB = sockets_h.AF_IB();
    /** C's {@code AF_IEEE802154}. */
    public static final int AF_IEEE802154 = sockets_h.AF_IEEE802154();
    /** C's {@code AF_INET}. */
    public static final int AF_INET = sockets_h.AF_INET();
    /** C's {@code AF_INET6}. */
    public static final int AF_INET6 = sockets_h.AF_INET6();
    /** C's {@code AF_IPX}. */
    public static final int AF_IPX = sockets_h.AF_IPX();
    /** C's {@code AF_IRDA}. */
    public static final int AF_IRDA = sockets_h.AF_IRDA();
    /** C's {@code AF_ISDN}. */
    public static final int AF_ISDN = sockets_h.AF_ISDN();
    /** C's {@code AF_IUCV}. */
    public static final int AF_IUCV = sockets_h.AF_IUCV();
    /** C's {@code AF_KCM}. */
    public static final int AF_KCM = sockets_h.AF_KCM();
    /** C's {@code AF_KEY}. */
    public static final int AF_KEY = sockets_h.AF_KEY();
    /** C's {@code AF_LLC}. */
    public static final int AF_LLC = sockets_h.AF_LLC();
    /** C's {@code AF_LOCAL}. */
    public static final int AF_LOCAL = sockets_h.AF_LOCAL();
    /** C's {@code AF_MAX}. */
    public static final int AF_MAX = sockets_h.AF_MAX();
    /** C's {@code AF_MCTP}. */
    public static final int AF_MCTP = sockets_h.AF_MCTP();
    /** C's {@code AF_MPLS}. */
    public static final int AF_MPLS = sockets_h.AF_MPLS();
    /** C's {@code AF_NETBEUI}. */
    public static final int AF_NETBEUI = sockets_h.AF_NETBEUI();
    /** C's {@code AF_NETLINK}. */
    public static final int AF_NETLINK = sockets_h.AF_NETLINK();
    /** C's {@code AF_NETROM}. */
    public static final int AF_NETROM = sockets_h.AF_NETROM();
    /** C's {@code AF_NFC}. */
    public static final int AF_NFC = sockets_h.AF_NFC();
    /** C's {@code AF_PACKET}. */
    public static final int AF_PACKET = sockets_h.AF_PACKET();
    /** C's {@code AF_PHONET}. */
    public static final int AF_PHONET = sockets_h.AF_PHONET();
    /** C's {@code AF_PPPOX}. */
    public static final int AF_PPPOX = sockets_h.AF_PPPOX();
    /** C's {@code AF_QIPCRTR}. */
    public static final int AF_QIPCRTR = sockets_h.AF_QIPCRTR();
    /** C's {@code AF_RDS}. */
    public static final int AF_RDS = sockets_h.AF_RDS();
    /** C's {@code AF_ROSE}. */
    public static final int AF_ROSE = sockets_h.AF_ROSE();
    /** C's {@code AF_ROUTE}. */
    public static final int AF_ROUTE = sockets_h.AF_ROUTE();
    /** C's {@code AF_RXRPC}. */
    public static final int AF_RXRPC = sockets_h.AF_RXRPC();
    /** C's {@code AF_SECURITY}. */
    public static final int AF_SECURITY = sockets_h.AF_SECURITY();
    /** C's {@code AF_SMC}. */
    public static final int AF_SMC = sockets_h.AF_SMC();
    /** C's {@code AF_SNA}. */
    public static final int AF_SNA = sockets_h.AF_SNA();
    /** C's {@code AF_TIPC}. */
    public static final int AF_TIPC = sockets_h.AF_TIPC();
    /** C's {@code AF_UNIX}. */
    public static final int AF_UNIX = sockets_h.AF_UNIX();
    /** C's {@code AF_UNSPEC}. */
    public static final int AF_UNSPEC = sockets_h.AF_UNSPEC();
    /** C's {@code AF_VSOCK}. */
    public static final int AF_VSOCK = sockets_h.AF_VSOCK();
    /** C's {@code AF_WANPIPE}. */
    public static final int AF_WANPIPE = sockets_h.AF_WANPIPE();
    /** C's {@code AF_X25}. */
    public static final int AF_X25 = sockets_h.AF_X25();
    /** C's {@code AF_XDP}. */
    public static final int AF_XDP = sockets_h.AF_XDP();
    /** C's {@code PF_ALG}. */
    public static final int PF_ALG = sockets_h.PF_ALG();
    /** C's {@code PF_APPLETALK}. */
    public static final int PF_APPLETALK = sockets_h.PF_APPLETALK();
    /** C's {@code PF_ASH}. */
    public static final int PF_ASH = sockets_h.PF_ASH();
    /** C's {@code PF_ATMPVC}. */
    public static final int PF_ATMPVC = sockets_h.PF_ATMPVC();
    /** C's {@code PF_ATMSVC}. */
    public static final int PF_ATMSVC = sockets_h.PF_ATMSVC();
    /** C's {@code PF_AX25}. */
    public static final int PF_AX25 = sockets_h.PF_AX25();
    /** C's {@code PF_BLUETOOTH}. */
    public static final int PF_BLUETOOTH = sockets_h.PF_BLUETOOTH();
    /** C's {@code PF_BRIDGE}. */
    public static final int PF_BRIDGE = sockets_h.PF_BRIDGE();
    /** C's {@code PF_CAIF}. */
    public static final int PF_CAIF = sockets_h.PF_CAIF();
    /** C's {@code PF_CAN}. */
    public static final int PF_CAN = sockets_h.PF_CAN();
    /** C's {@code PF_ECONET}. */
    public static final int PF_ECONET = sockets_h.PF_ECONET();
    /** C's {@code PF_FILE}. */
    public static final int PF_FILE = sockets_h.PF_FILE();
    /** C's {@code PF_IB}. */
    public static final int PF_IB = sockets_h.PF_IB();
    /** C's {@code PF_IEEE802154}. */
    public static final int PF_IEEE802154 = sockets_h.PF_IEEE802154();
    /** C's {@code PF_INET}. */
    public static final int PF_INET = sockets_h.PF_INET();
    /** C's {@code PF_INET6}. */
    public static final int PF_INET6 = sockets_h.PF_INET6();
    /** C's {@code PF_IPX}. */
    public static final int PF_IPX = sockets_h.PF_IPX();
    /** C's {@code PF_IRDA}. */
    public static final int PF_IRDA = sockets_h.PF_IRDA();
    /** C's {@code PF_ISDN}. */
    public static final int PF_ISDN = sockets_h.PF_ISDN();
    /** C's {@code PF_IUCV}. */
    public static final int PF_IUCV = sockets_h.PF_IUCV();
    /** C's {@code PF_KCM}. */
    public static final int PF_KCM = sockets_h.PF_KCM();
    /** C's {@code PF_KEY}. */
    public static final int PF_KEY = sockets_h.PF_KEY();
    /** C's {@code PF_LLC}. */
    public static final int PF_LLC = sockets_h.PF_LLC();
    /** C's {@code PF_LOCAL}. */
    public static final int PF_LOCAL = sockets_h.PF_LOCAL();
    /** C's {@code PF_MAX}. */
    public static final int PF_MAX = sockets_h.PF_MAX();
    /** C's {@code PF_MCTP}. */
    public static final int PF_MCTP = sockets_h.PF_MCTP();
    /** C's {@code PF_MPLS}. */
    public static final int PF_MPLS = sockets_h.PF_MPLS();
    /** C's {@code PF_NETBEUI}. */
    public static final int PF_NETBEUI = sockets_h.PF_NETBEUI();
    /** C's {@code PF_NETLINK}. */
    public static final int PF_NETLINK = sockets_h.PF_NETLINK();
    /** C's {@code PF_NETROM}. */
    public static final int PF_NETROM = sockets_h.PF_NETROM();
    /** C's {@code PF_NFC}. */
    public static final int PF_NFC = sockets_h.PF_NFC();
    /** C's {@code PF_PACKET}. */
    public static final int PF_PACKET = sockets_h.PF_PACKET();
    /** C's {@code PF_PHONET}. */
    public static final int PF_PHONET = sockets_h.PF_PHONET();
    /** C's {@code PF_PPPOX}. */
    public static final int PF_PPPOX = sockets_h.PF_PPPOX();
    /** C's {@code PF_QIPCRTR}. */
    public static final int PF_QIPCRTR = sockets_h.PF_QIPCRTR();
    /** C's {@code PF_RDS}. */
    public static final int PF_RDS = sockets_h.PF_RDS();
    /** C's {@code PF_ROSE}. */
    public static final int PF_ROSE = sockets_h.PF_ROSE();
    /** C's {@code PF_ROUTE}. */
    public static final int PF_ROUTE = sockets_h.PF_ROUTE();
    /** C's {@code PF_RXRPC}. */
    public static final int PF_RXRPC = sockets_h.PF_RXRPC();
    /** C's {@code PF_SECURITY}. */
    public static final int PF_SECURITY = sockets_h.PF_SECURITY();
    /** C's {@code PF_SMC}. */
    public static final int PF_SMC = sockets_h.PF_SMC();
    /** C's {@code PF_SNA}. */
    public static final int PF_SNA = sockets_h.PF_SNA();
    /** C's {@code PF_TIPC}. */
    public static final int PF_TIPC = sockets_h.PF_TIPC();
    /** C's {@code PF_UNIX}. */
    public static final int PF_UNIX = sockets_h.PF_UNIX();
    /** C's {@code PF_UNSPEC}. */
    public static final int PF_UNSPEC = sockets_h.PF_UNSPEC();
    /** C's {@code PF_VSOCK}. */
    public static final int PF_VSOCK = sockets_h.PF_VSOCK();
    /** C's {@code PF_WANPIPE}. */
    public static final int PF_WANPIPE = sockets_h.PF_WANPIPE();
    /** C's {@code PF_X25}. */
    public static final int PF_X25 = sockets_h.PF_X25();
    /** C's {@code PF_XDP}. */
    public static final int PF_XDP = sockets_h.PF_XDP();

    // ---- Socket types (SOCK_*), including the SOCK_NONBLOCK and SOCK_CLOEXEC flags.
    /** C's {@code SOCK_CLOEXEC}. */
    public static final int SOCK_CLOEXEC = sockets_h.SOCK_CLOEXEC();
    /** C's {@code SOCK_DCCP}. */
    public static final int SOCK_DCCP = sockets_h.SOCK_DCCP();
    /** C's {@code SOCK_DGRAM}. */
    public static final int SOCK_DGRAM = sockets_h.SOCK_DGRAM();
    /** C's {@code SOCK_NONBLOCK}. */
    public static final int SOCK_NONBLOCK = sockets_h.SOCK_NONBLOCK();
    /** C's {@code SOCK_PACKET}. */
    public static final int SOCK_PACKET = sockets_h.SOCK_PACKET();
    /** C's {@code SOCK_RAW}. */
    public static final int SOCK_RAW = sockets_h.SOCK_RAW();
    /** C's {@code SOCK_RDM}. */
    public static final int SOCK_RDM = sockets_h.SOCK_RDM();
    /** C's {@code SOCK_SEQPACKET}. */
    public static final int SOCK_SEQPACKET = sockets_h.SOCK_SEQPACKET();
    /** C's {@code SOCK_STREAM}. */
    public static final int SOCK_STREAM = sockets_h.SOCK_STREAM();

    // ---- Protocols (IPPROTO_*).
    /** C's {@code IPPROTO_AH}. */
    public static final int IPPROTO_AH = sockets_h.IPPROTO_AH();
    /** C's {@code IPPROTO_BEETPH}. */
    public static final int IPPROTO_BEETPH = sockets_h.IPPROTO_BEETPH();
    /** C's {@code IPPROTO_COMP}. */
    public static final int IPPROTO_COMP = sockets_h.IPPROTO_COMP();
    /** C's {@code IPPROTO_DCCP}. */
    public static final int IPPROTO_DCCP = sockets_h.IPPROTO_DCCP();
    /** C's {@code IPPROTO_DSTOPTS}. */
    public static final int IPPROTO_DSTOPTS = sockets_h.IPPROTO_DSTOPTS();
    /** C's {@code IPPROTO_EGP}. */
    public static final int IPPROTO_EGP = sockets_h.IPPROTO_EGP();
    /** C's {@code IPPROTO_ENCAP}. */
    public static final int IPPROTO_ENCAP = sockets_h.IPPROTO_ENCAP();
    /** C's {@code IPPROTO_ESP}. */
    public static final int IPPROTO_ESP = sockets_h.IPPROTO_ESP();
    /** C's {@code IPPROTO_ETHERNET}. */
    public static final int IPPROTO_ETHERNET = sockets_h.IPPROTO_ETHERNET();
    /** C's {@code IPPROTO_FRAGMENT}. */
    public static final int IPPROTO_FRAGMENT = sockets_h.IPPROTO_FRAGMENT();
    /** C's {@code IPPROTO_GRE}. */
    public static final int IPPROTO_GRE = sockets_h.IPPROTO_GRE();
    /** C's {@code IPPROTO_HOPOPTS}. */
    public static final int IPPROTO_HOPOPTS = sockets_h.IPPROTO_HOPOPTS();
    /** C's {@code IPPROTO_ICMP}. */
    public static final int IPPROTO_ICMP = sockets_h.IPPROTO_ICMP();
    /** C's {@code IPPROTO_ICMPV6}. */
    public static final int IPPROTO_ICMPV6 = sockets_h.IPPROTO_ICMPV6();
    /** C's {@code IPPROTO_IDP}. */
    public static final int IPPROTO_IDP = sockets_h.IPPROTO_IDP();
    /** C's {@code IPPROTO_IGMP}. */
    public static final int IPPROTO_IGMP = sockets_h.IPPROTO_IGMP();
    /** C's {@code IPPROTO_IP}. */
    public static final int IPPROTO_IP = sockets_h.IPPROTO_IP();
    /** C's {@code IPPROTO_IPIP}. */
    public static final int IPPROTO_IPIP = sockets_h.IPPROTO_IPIP();
    /** C's {@code IPPROTO_IPV6}. */
    public static final int IPPROTO_IPV6 = sockets_h.IPPROTO_IPV6();
    /** C's {@code IPPROTO_MAX}. */
    public static final int IPPROTO_MAX = sockets_h.IPPROTO_MAX();
    /** C's {@code IPPROTO_MH}. */
    public static final int IPPROTO_MH = sockets_h.IPPROTO_MH();
    /** C's {@code IPPROTO_MPLS}. */
    public static final int IPPROTO_MPLS = sockets_h.IPPROTO_MPLS();
    /** C's {@code IPPROTO_MPTCP}. */
    public static final int IPPROTO_MPTCP = sockets_h.IPPROTO_MPTCP();
    /** C's {@code IPPROTO_MTP}. */
    public static final int IPPROTO_MTP = sockets_h.IPPROTO_MTP();
    /** C's {@code IPPROTO_NONE}. */
    public static final int IPPROTO_NONE = sockets_h.IPPROTO_NONE();
    /** C's {@code IPPROTO_PIM}. */
    public static final int IPPROTO_PIM = sockets_h.IPPROTO_PIM();
    /** C's {@code IPPROTO_PUP}. */
    public static final int IPPROTO_PUP = sockets_h.IPPROTO_PUP();
    /** C's {@code IPPROTO_RAW}. */
    public static final int IPPROTO_RAW = sockets_h.IPPROTO_RAW();
    /** C's {@code IPPROTO_ROUTING}. */
    public static final int IPPROTO_ROUTING = sockets_h.IPPROTO_ROUTING();
    /** C's {@code IPPROTO_RSVP}. */
    public static final int IPPROTO_RSVP = sockets_h.IPPROTO_RSVP();
    /** C's {@code IPPROTO_SCTP}. */
    public static final int IPPROTO_SCTP = sockets_h.IPPROTO_SCTP();
    /** C's {@code IPPROTO_TCP}. */
    public static final int IPPROTO_TCP = sockets_h.IPPROTO_TCP();
    /** C's {@code IPPROTO_TP}. */
    public static final int IPPROTO_TP = sockets_h.IPPROTO_TP();
    /** C's {@code IPPROTO_UDP}. */
    public static final int IPPROTO_UDP = sockets_h.IPPROTO_UDP();
    /** C's {@code IPPROTO_UDPLITE}. */
    public static final int IPPROTO_UDPLITE = sockets_h.IPPROTO_UDPLITE();

    // ---- Flags for send, recv and their relatives (MSG_*).
    /** C's {@code MSG_BATCH}. */
    public static final int MSG_BATCH = sockets_h.MSG_BATCH();
    /** C's {@code MSG_CMSG_CLOEXEC}. */
    public static final int MSG_CMSG_CLOEXEC = sockets_h.MSG_CMSG_CLOEXEC();
    /** C's {@code MSG_CONFIRM}. */
    public static final int MSG_CONFIRM = sockets_h.MSG_CONFIRM();
    /** C's {@code MSG_CTRUNC}. */
    public static final int MSG_CTRUNC = sockets_h.MSG_CTRUNC();
    /** C's {@code MSG_DONTROUTE}. */
    public static final int MSG_DONTROUTE = sockets_h.MSG_DONTROUTE();
    /** C's {@code MSG_DONTWAIT}. */
    public static final int MSG_DONTWAIT = sockets_h.MSG_DONTWAIT();
    /** C's {@code MSG_EOR}. */
    public static final int MSG_EOR = sockets_h.MSG_EOR();
    /** C's {@code MSG_ERRQUEUE}. */
    public static final int MSG_ERRQUEUE = sockets_h.MSG_ERRQUEUE();
    /** C's {@code MSG_FASTOPEN}. */
    public static final int MSG_FASTOPEN = sockets_h.MSG_FASTOPEN();
    /** C's {@code MSG_FIN}. */
    public static final int MSG_FIN = sockets_h.MSG_FIN();
    /** C's {@code MSG_MORE}. */
    public static final int MSG_MORE = sockets_h.MSG_MORE();
    /** C's {@code MSG_NOSIGNAL}. */
    public static final int MSG_NOSIGNAL = sockets_h.MSG_NOSIGNAL();
    /** C's {@code MSG_OOB}. */
    public static final int MSG_OOB = sockets_h.MSG_OOB();
    /** C's {@code MSG_PEEK}. */
    public static final int MSG_PEEK = sockets_h.MSG_PEEK();
    /** C's {@code MSG_PROXY}. */
    public static final int MSG_PROXY = sockets_h.MSG_PROXY();
    /** C's {@code MSG_RST}. */
    public static final int MSG_RST = sockets_h.MSG_RST();
    /** C's {@code MSG_SYN}. */
    public static final int MSG_SYN = sockets_h.MSG_SYN();
    /** C's {@code MSG_TRUNC}. */
    public static final int MSG_TRUNC = sockets_h.MSG_TRUNC();
    /** C's {@code MSG_TRYHARD}. */
    public static final int MSG_TRYHARD = sockets_h.MSG_TRYHARD();
    /** C's {@code MSG_WAITALL}. */
    public static final int MSG_WAITALL = sockets_h.MSG_WAITALL();
    /** C's {@code MSG_WAITFORONE}. */
    public static final int MSG_WAITFORONE = sockets_h.MSG_WAITFORONE();
    /** C's {@code MSG_ZEROCOPY}. */
    public static final int MSG_ZEROCOPY = sockets_h.MSG_ZEROCOPY();

    // ---- How for shutdown (SHUT_*).
    /** C's {@code SHUT_RD}. */
    public static final int SHUT_RD = sockets_h.SHUT_RD();
    /** C's {@code SHUT_RDWR}. */
    public static final int SHUT_RDWR = sockets_h.SHUT_RDWR();
    /** C's {@code SHUT_WR}. */
    public static final int SHUT_WR = sockets_h.SHUT_WR();

    // ---- Option levels (SOL_*).
    /** C's {@code SOL_AAL}. */
    public static final int SOL_AAL = sockets_h.SOL_AAL();
    /** C's {@code SOL_ALG}. */
    public static final int SOL_ALG = sockets_h.SOL_ALG();
    /** C's {@code SOL_ATM}. */
    public static final int SOL_ATM = sockets_h.SOL_ATM();
    /** C's {@code SOL_BLUETOOTH}. */
    public static final int SOL_BLUETOOTH = sockets_h.SOL_BLUETOOTH();
    /** C's {@code SOL_CAIF}. */
    public static final int SOL_CAIF = sockets_h.SOL_CAIF();
    /** C's {@code SOL_DCCP}. */
    public static final int SOL_DCCP = sockets_h.SOL_DCCP();
    /** C's {@code SOL_DECNET}. */
    public static final int SOL_DECNET = sockets_h.SOL_DECNET();
    /** C's {@code SOL_ICMPV6}. */
    public static final int SOL_ICMPV6 = sockets_h.SOL_ICMPV6();
    /** C's {@code SOL_IP}. */
    public static final int SOL_IP = sockets_h.SOL_IP();
    /** C's {@code SOL_IPV6}. */
    public static final int SOL_IPV6 = sockets_h.SOL_IPV6();
    /** C's {@code SOL_IRDA}. */
    public static final int SOL_IRDA = sockets_h.SOL_IRDA();
    /** C's {@code SOL_IUCV}. */
    public static final int SOL_IUCV = sockets_h.SOL_IUCV();
    /** C's {@code SOL_KCM}. */
    public static final int SOL_KCM = sockets_h.SOL_KCM();
    /** C's {@code SOL_LLC}. */
    public static final int SOL_LLC = sockets_h.SOL_LLC();
    /** C's {@code SOL_MCTP}. */
    public static final int SOL_MCTP = sockets_h.SOL_MCTP();
    /** C's {@code SOL_MPTCP}. */
    public static final int SOL_MPTCP = sockets_h.SOL_MPTCP();
    /** C's {@code SOL_NETBEUI}. */
    public static final int SOL_NETBEUI = sockets_h.SOL_NETBEUI();
    /** C's {@code SOL_NETLINK}. */
    public static final int SOL_NETLINK = sockets_h.SOL_NETLINK();
    /** C's {@code SOL_NFC}. */
    public static final int SOL_NFC = sockets_h.SOL_NFC();
    /** C's {@code SOL_PACKET}. */
    public static final int SOL_PACKET = sockets_h.SOL_PACKET();
    /** C's {@code SOL_PNPIPE}. */
    public static final int SOL_PNPIPE = sockets_h.SOL_PNPIPE();
    /** C's {@code SOL_PPPOL2TP}. */
    public static final int SOL_PPPOL2TP = sockets_h.SOL_PPPOL2TP();
    /** C's {@code SOL_RAW}. */
    public static final int SOL_RAW = sockets_h.SOL_RAW();
    /** C's {@code SOL_RDS}. */
    public static final int SOL_RDS = sockets_h.SOL_RDS();
    /** C's {@code SOL_RXRPC}. */
    public static final int SOL_RXRPC = sockets_h.SOL_RXRPC();
    /** C's {@code SOL_SMC}. */
    public static final int SOL_SMC = sockets_h.SOL_SMC();
    /** C's {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = sockets_h.SOL_SOCKET();
    /** C's {@code SOL_TCP}. */
    public static final int SOL_TCP = sockets_h.SOL_TCP();
    /** C's {@code SOL_TIPC}. */
    public static final int SOL_TIPC = sockets_h.SOL_TIPC();
    /** C's {@code SOL_TLS}. */
    public static final int SOL_TLS = sockets_h.SOL_TLS();
    /** C's {@code SOL_UDP}. */
    public static final int SOL_UDP = sockets_h.SOL_UDP();
    /** C's {@code SOL_X25}. */
    public static final int SOL_X25 = sockets_h.SOL_X25();
    /** C's {@code SOL_XDP}. */
    public static final int SOL_XDP = sockets_h.SOL_XDP();

    // ---- Socket-level options (SO_*) and ancillary message types (SCM_*).
    /** C's {@code SCM_CREDENTIALS}. */
    public static final int SCM_CREDENTIALS = sockets_h.SCM_CREDENTIALS();
    /** C's {@code SCM_RIGHTS}. */
    public static final int SCM_RIGHTS = sockets_h.SCM_RIGHTS();
    /** C's {@code SCM_TIMESTAMP}. */
    public static final int SCM_TIMESTAMP = sockets_h.SCM_TIMESTAMP();
    /** C's {@code SCM_TIMESTAMPING}. */
    public static final int SCM_TIMESTAMPING = sockets_h.SCM_TIMESTAMPING();
    /** C's {@code SCM_TIMESTAMPING_OPT_STATS}. */
    public static final int SCM_TIMESTAMPING_OPT_STATS = sockets_h.SCM_TIMESTAMPING_OPT_STATS();
    /** C's {@code SCM_TIMESTAMPING_PKTINFO}. */
    public static final int SCM_TIMESTAMPING_PKTINFO = sockets_h.SCM_TIMESTAMPING_PKTINFO();
    /** C's {@code SCM_TIMESTAMPNS}. */
    public static final int SCM_TIMESTAMPNS = sockets_h.SCM_TIMESTAMPNS();
    /** C's {@code SCM_TSTAMP_ACK}. */
    public static final int SCM_TSTAMP_ACK = sockets_h.SCM_TSTAMP_ACK();
    /** C's {@code SCM_TSTAMP_SCHED}. */
    public static final int SCM_TSTAMP_SCHED = sockets_h.SCM_TSTAMP_SCHED();
    /** C's {@code SCM_TSTAMP_SND}. */
    public static final int SCM_TSTAMP_SND = sockets_h.SCM_TSTAMP_SND();
    /** C's {@code SCM_TXTIME}. */
    public static final int SCM_TXTIME = sockets_h.SCM_TXTIME();
    /** C's {@code SCM_WIFI_STATUS}. */
    public static final int SCM_WIFI_STATUS = sockets_h.SCM_WIFI_STATUS();
    /** C's {@code SO_ACCEPTCONN}. */
    public static final int SO_ACCEPTCONN = sockets_h.SO_ACCEPTCONN();
    /** C's {@code SO_ATTACH_BPF}. */
    public static final int SO_ATTACH_BPF = sockets_h.SO_ATTACH_BPF();
    /** C's {@code SO_ATTACH_FILTER}. */
    public static final int SO_ATTACH_FILTER = sockets_h.SO_ATTACH_FILTER();
    /** C's {@code SO_ATTACH_REUSEPORT_CBPF}. */
    public static final int SO_ATTACH_REUSEPORT_CBPF = sockets_h.SO_ATTACH_REUSEPORT_CBPF();
    /** C's {@code SO_ATTACH_REUSEPORT_EBPF}. */
    public static final int SO_ATTACH_REUSEPORT_EBPF = sockets_h.SO_ATTACH_REUSEPORT_EBPF();
    /** C's {@code SO_BINDTODEVICE}. */
    public static final int SO_BINDTODEVICE = sockets_h.SO_BINDTODEVICE();
    /** C's {@code SO_BINDTOIFINDEX}. */
    public static final int SO_BINDTOIFINDEX = sockets_h.SO_BINDTOIFINDEX();
    /** C's {@code SO_BPF_EXTENSIONS}. */
    public static final int SO_BPF_EXTENSIONS = sockets_h.SO_BPF_EXTENSIONS();
    /** C's {@code SO_BROADCAST}. */
    public static final int SO_BROADCAST = sockets_h.SO_BROADCAST();
    /** C's {@code SO_BSDCOMPAT}. */
    public static final int SO_BSDCOMPAT = sockets_h.SO_BSDCOMPAT();
    /** C's {@code SO_BUF_LOCK}. */
    public static final int SO_BUF_LOCK = sockets_h.SO_BUF_LOCK();
    /** C's {@code SO_BUSY_POLL}. */
    public static final int SO_BUSY_POLL = sockets_h.SO_BUSY_POLL();
    /** C's {@code SO_BUSY_POLL_BUDGET}. */
    public static final int SO_BUSY_POLL_BUDGET = sockets_h.SO_BUSY_POLL_BUDGET();
    /** C's {@code SO_CNX_ADVICE}. */
    public static final int SO_CNX_ADVICE = sockets_h.SO_CNX_ADVICE();
    /** C's {@code SO_COOKIE}. */
    public static final int SO_COOKIE = sockets_h.SO_COOKIE();
    /** C's {@code SO_DEBUG}. */
    public static final int SO_DEBUG = sockets_h.SO_DEBUG();
    /** C's {@code SO_DETACH_BPF}. */
    public static final int SO_DETACH_BPF = sockets_h.SO_DETACH_BPF();
    /** C's {@code SO_DETACH_FILTER}. */
    public static final int SO_DETACH_FILTER = sockets_h.SO_DETACH_FILTER();
    /** C's {@code SO_DETACH_REUSEPORT_BPF}. */
    public static final int SO_DETACH_REUSEPORT_BPF = sockets_h.SO_DETACH_REUSEPORT_BPF();
    /** C's {@code SO_DOMAIN}. */
    public static final int SO_DOMAIN = sockets_h.SO_DOMAIN();
    /** C's {@code SO_DONTROUTE}. */
    public static final int SO_DONTROUTE = sockets_h.SO_DONTROUTE();
    /** C's {@code SO_EE_CODE_TXTIME_INVALID_PARAM}. */
    public static final int SO_EE_CODE_TXTIME_INVALID_PARAM = sockets_h.SO_EE_CODE_TXTIME_INVALID_PARAM();
    /** C's {@code SO_EE_CODE_TXTIME_MISSED}. */
    public static final int SO_EE_CODE_TXTIME_MISSED = sockets_h.SO_EE_CODE_TXTIME_MISSED();
    /** C's {@code SO_EE_CODE_ZEROCOPY_COPIED}. */
    public static final int SO_EE_CODE_ZEROCOPY_COPIED = sockets_h.SO_EE_CODE_ZEROCOPY_COPIED();
    /** C's {@code SO_EE_ORIGIN_ICMP}. */
    public static final int SO_EE_ORIGIN_ICMP = sockets_h.SO_EE_ORIGIN_ICMP();
    /** C's {@code SO_EE_ORIGIN_ICMP6}. */
    public static final int SO_EE_ORIGIN_ICMP6 = sockets_h.SO_EE_ORIGIN_ICMP6();
    /** C's {@code SO_EE_ORIGIN_LOCAL}. */
    public static final int SO_EE_ORIGIN_LOCAL = sockets_h.SO_EE_ORIGIN_LOCAL();
    /** C's {@code SO_EE_ORIGIN_NONE}. */
    public static final int SO_EE_ORIGIN_NONE = sockets_h.SO_EE_ORIGIN_NONE();
    /** C's {@code SO_EE_ORIGIN_TIMESTAMPING}. */
    public static final int SO_EE_ORIGIN_TIMESTAMPING = sockets_h.SO_EE_ORIGIN_TIMESTAMPING();
    /** C's {@code SO_EE_ORIGIN_TXSTATUS}. */
    public static final int SO_EE_ORIGIN_TXSTATUS = sockets_h.SO_EE_ORIGIN_TXSTATUS();
    /** C's {@code SO_EE_ORIGIN_TXTIME}. */
    public static final int SO_EE_ORIGIN_TXTIME = sockets_h.SO_EE_ORIGIN_TXTIME();
    /** C's {@code SO_EE_ORIGIN_ZEROCOPY}. */
    public static final int SO_EE_ORIGIN_ZEROCOPY = sockets_h.SO_EE_ORIGIN_ZEROCOPY();
    /** C's {@code SO_EE_RFC4884_FLAG_INVALID}. */
    public static final int SO_EE_RFC4884_FLAG_INVALID = sockets_h.SO_EE_RFC4884_FLAG_INVALID();
    /** C's {@code SO_ERROR}. */
    public static final int SO_ERROR = sockets_h.SO_ERROR();
    /** C's {@code SO_GET_FILTER}. */
    public static final int SO_GET_FILTER = sockets_h.SO_GET_FILTER();
    /** C's {@code SO_INCOMING_CPU}. */
    public static final int SO_INCOMING_CPU = sockets_h.SO_INCOMING_CPU();
    /** C's {@code SO_INCOMING_NAPI_ID}. */
    public static final int SO_INCOMING_NAPI_ID = sockets_h.SO_INCOMING_NAPI_ID();
    /** C's {@code SO_KEEPALIVE}. */
    public static final int SO_KEEPALIVE = sockets_h.SO_KEEPALIVE();
    /** C's {@code SO_LINGER}. */
    public static final int SO_LINGER = sockets_h.SO_LINGER();
    /** C's {@code SO_LOCK_FILTER}. */
    public static final int SO_LOCK_FILTER = sockets_h.SO_LOCK_FILTER();
    /** C's {@code SO_MARK}. */
    public static final int SO_MARK = sockets_h.SO_MARK();
    /** C's {@code SO_MAX_PACING_RATE}. */
    public static final int SO_MAX_PACING_RATE = sockets_h.SO_MAX_PACING_RATE();
    /** C's {@code SO_MEMINFO}. */
    public static final int SO_MEMINFO = sockets_h.SO_MEMINFO();
    /** C's {@code SO_NETNS_COOKIE}. */
    public static final int SO_NETNS_COOKIE = sockets_h.SO_NETNS_COOKIE();
    /** C's {@code SO_NOFCS}. */
    public static final int SO_NOFCS = sockets_h.SO_NOFCS();
    /** C's {@code SO_NO_CHECK}. */
    public static final int SO_NO_CHECK = sockets_h.SO_NO_CHECK();
    /** C's {@code SO_OOBINLINE}. */
    public static final int SO_OOBINLINE = sockets_h.SO_OOBINLINE();
    /** C's {@code SO_PASSCRED}. */
    public static final int SO_PASSCRED = sockets_h.SO_PASSCRED();
    /** C's {@code SO_PASSSEC}. */
    public static final int SO_PASSSEC = sockets_h.SO_PASSSEC();
    /** C's {@code SO_PEEK_OFF}. */
    public static final int SO_PEEK_OFF = sockets_h.SO_PEEK_OFF();
    /** C's {@code SO_PEERCRED}. */
    public static final int SO_PEERCRED = sockets_h.SO_PEERCRED();
    /** C's {@code SO_PEERGROUPS}. */
    public static final int SO_PEERGROUPS = sockets_h.SO_PEERGROUPS();
    /** C's {@code SO_PEERNAME}. */
    public static final int SO_PEERNAME = sockets_h.SO_PEERNAME();
    /** C's {@code SO_PEERSEC}. */
    public static final int SO_PEERSEC = sockets_h.SO_PEERSEC();
    /** C's {@code SO_PREFER_BUSY_POLL}. */
    public static final int SO_PREFER_BUSY_POLL = sockets_h.SO_PREFER_BUSY_POLL();
    /** C's {@code SO_PRIORITY}. */
    public static final int SO_PRIORITY = sockets_h.SO_PRIORITY();
    /** C's {@code SO_PROTOCOL}. */
    public static final int SO_PROTOCOL = sockets_h.SO_PROTOCOL();
    /** C's {@code SO_RCVBUF}. */
    public static final int SO_RCVBUF = sockets_h.SO_RCVBUF();
    /** C's {@code SO_RCVBUFFORCE}. */
    public static final int SO_RCVBUFFORCE = sockets_h.SO_RCVBUFFORCE();
    /** C's {@code SO_RCVLOWAT}. */
    public static final int SO_RCVLOWAT = sockets_h.SO_RCVLOWAT();
    /** C's {@code SO_RCVMARK}. */
    public static final int SO_RCVMARK = sockets_h.SO_RCVMARK();
    /** C's {@code SO_RCVTIMEO}. */
    public static final int SO_RCVTIMEO = sockets_h.SO_RCVTIMEO();
    /** C's {@code SO_RCVTIMEO_NEW}. */
    public static final int SO_RCVTIMEO_NEW = sockets_h.SO_RCVTIMEO_NEW();
    /** C's {@code SO_RCVTIMEO_OLD}. */
    public static final int SO_RCVTIMEO_OLD = sockets_h.SO_RCVTIMEO_OLD();
    /** C's {@code SO_RESERVE_MEM}. */
    public static final int SO_RESERVE_MEM = sockets_h.SO_RESERVE_MEM();
    /** C's {@code SO_REUSEADDR}. */
    public static final int SO_REUSEADDR = sockets_h.SO_REUSEADDR();
    /** C's {@code SO_REUSEPORT}. */
    public static final int SO_REUSEPORT = sockets_h.SO_REUSEPORT();
    /** C's {@code SO_RXQ_OVFL}. */
    public static final int SO_RXQ_OVFL = sockets_h.SO_RXQ_OVFL();
    /** C's {@code SO_SECURITY_AUTHENTICATION}. */
    public static final int SO_SECURITY_AUTHENTICATION = sockets_h.SO_SECURITY_AUTHENTICATION();
    /** C's {@code SO_SECURITY_ENCRYPTION_NETWORK}. */
    public static final int SO_SECURITY_ENCRYPTION_NETWORK = sockets_h.SO_SECURITY_ENCRYPTION_NETWORK();
    /** C's {@code SO_SECURITY_ENCRYPTION_TRANSPORT}. */
    public static final int SO_SECURITY_ENCRYPTION_TRANSPORT = sockets_h.SO_SECURITY_ENCRYPTION_TRANSPORT();
    /** C's {@code SO_SELECT_ERR_QUEUE}. */
    public static final int SO_SELECT_ERR_QUEUE = sockets_h.SO_SELECT_ERR_QUEUE();
    /** C's {@code SO_SNDBUF}. */
    public static final int SO_SNDBUF = sockets_h.SO_SNDBUF();
    /** C's {@code SO_SNDBUFFORCE}. */
    public static final int SO_SNDBUFFORCE = sockets_h.SO_SNDBUFFORCE();
    /** C's {@code SO_SNDLOWAT}. */
    public static final int SO_SNDLOWAT = sockets_h.SO_SNDLOWAT();
    /** C's {@code SO_SNDTIMEO}. */
    public static final int SO_SNDTIMEO = sockets_h.SO_SNDTIMEO();
    /** C's {@code SO_SNDTIMEO_NEW}. */
    public static final int SO_SNDTIMEO_NEW = sockets_h.SO_SNDTIMEO_NEW();
    /** C's {@code SO_SNDTIMEO_OLD}. */
    public static final int SO_SNDTIMEO_OLD = sockets_h.SO_SNDTIMEO_OLD();
    /** C's {@code SO_TIMESTAMP}. */
    public static final int SO_TIMESTAMP = sockets_h.SO_TIMESTAMP();
    /** C's {@code SO_TIMESTAMPING}. */
    public static final int SO_TIMESTAMPING = sockets_h.SO_TIMESTAMPING();
    /** C's {@code SO_TIMESTAMPING_NEW}. */
    public static final int SO_TIMESTAMPING_NEW = sockets_h.SO_TIMESTAMPING_NEW();
    /** C's {@code SO_TIMESTAMPING_OLD}. */
    public static final int SO_TIMESTAMPING_OLD = sockets_h.SO_TIMESTAMPING_OLD();
    /** C's {@code SO_TIMESTAMPNS}. */
    public static final int SO_TIMESTAMPNS = sockets_h.SO_TIMESTAMPNS();
    /** C's {@code SO_TIMESTAMPNS_NEW}. */
    public static final int SO_TIMESTAMPNS_NEW = sockets_h.SO_TIMESTAMPNS_NEW();
    /** C's {@code SO_TIMESTAMPNS_OLD}. */
    public static final int SO_TIMESTAMPNS_OLD = sockets_h.SO_TIMESTAMPNS_OLD();
    /** C's {@code SO_TIMESTAMP_NEW}. */
    public static final int SO_TIMESTAMP_NEW = sockets_h.SO_TIMESTAMP_NEW();
    /** C's {@code SO_TIMESTAMP_OLD}. */
    public static final int SO_TIMESTAMP_OLD = sockets_h.SO_TIMESTAMP_OLD();
    /** C's {@code SO_TXREHASH}. */
    public static final int SO_TXREHASH = sockets_h.SO_TXREHASH();
    /** C's {@code SO_TXTIME}. */
    public static final int SO_TXTIME = sockets_h.SO_TXTIME();
    /** C's {@code SO_TYPE}. */
    public static final int SO_TYPE = sockets_h.SO_TYPE();
    /** C's {@code SO_WIFI_STATUS}. */
    public static final int SO_WIFI_STATUS = sockets_h.SO_WIFI_STATUS();
    /** C's {@code SO_ZEROCOPY}. */
    public static final int SO_ZEROCOPY = sockets_h.SO_ZEROCOPY();

    // ---- IPv4 options (IP_*) and multicast-group options (MCAST_*).
    /** C's {@code IP_ADD_MEMBERSHIP}. */
    public static final int IP_ADD_MEMBERSHIP = sockets_h.IP_ADD_MEMBERSHIP();
    /** C's {@code IP_ADD_SOURCE_MEMBERSHIP}. */
    public static final int IP_ADD_SOURCE_MEMBERSHIP = sockets_h.IP_ADD_SOURCE_MEMBERSHIP();
    /** C's {@code IP_BIND_ADDRESS_NO_PORT}. */
    public static final int IP_BIND_ADDRESS_NO_PORT = sockets_h.IP_BIND_ADDRESS_NO_PORT();
    /** C's {@code IP_BLOCK_SOURCE}. */
    public static final int IP_BLOCK_SOURCE = sockets_h.IP_BLOCK_SOURCE();
    /** C's {@code IP_CHECKSUM}. */
    public static final int IP_CHECKSUM = sockets_h.IP_CHECKSUM();
    /** C's {@code IP_DEFAULT_MULTICAST_LOOP}. */
    public static final int IP_DEFAULT_MULTICAST_LOOP = sockets_h.IP_DEFAULT_MULTICAST_LOOP();
    /** C's {@code IP_DEFAULT_MULTICAST_TTL}. */
    public static final int IP_DEFAULT_MULTICAST_TTL = sockets_h.IP_DEFAULT_MULTICAST_TTL();
    /** C's {@code IP_DROP_MEMBERSHIP}. */
    public static final int IP_DROP_MEMBERSHIP = sockets_h.IP_DROP_MEMBERSHIP();
    /** C's {@code IP_DROP_SOURCE_MEMBERSHIP}. */
    public static final int IP_DROP_SOURCE_MEMBERSHIP = sockets_h.IP_DROP_SOURCE_MEMBERSHIP();
    /** C's {@code IP_FREEBIND}. */
    public static final int IP_FREEBIND = sockets_h.IP_FREEBIND();
    /** C's {@code IP_HDRINCL}. */
    public static final int IP_HDRINCL = sockets_h.IP_HDRINCL();
    /** C's {@code IP_IPSEC_POLICY}. */
    public static final int IP_IPSEC_POLICY = sockets_h.IP_IPSEC_POLICY();
    /** C's {@code IP_MAX_MEMBERSHIPS}. */
    public static final int IP_MAX_MEMBERSHIPS = sockets_h.IP_MAX_MEMBERSHIPS();
    /** C's {@code IP_MINTTL}. */
    public static final int IP_MINTTL = sockets_h.IP_MINTTL();
    /** C's {@code IP_MSFILTER}. */
    public static final int IP_MSFILTER = sockets_h.IP_MSFILTER();
    /** C's {@code IP_MTU}. */
    public static final int IP_MTU = sockets_h.IP_MTU();
    /** C's {@code IP_MTU_DISCOVER}. */
    public static final int IP_MTU_DISCOVER = sockets_h.IP_MTU_DISCOVER();
    /** C's {@code IP_MULTICAST_ALL}. */
    public static final int IP_MULTICAST_ALL = sockets_h.IP_MULTICAST_ALL();
    /** C's {@code IP_MULTICAST_IF}. */
    public static final int IP_MULTICAST_IF = sockets_h.IP_MULTICAST_IF();
    /** C's {@code IP_MULTICAST_LOOP}. */
    public static final int IP_MULTICAST_LOOP = sockets_h.IP_MULTICAST_LOOP();
    /** C's {@code IP_MULTICAST_TTL}. */
    public static final int IP_MULTICAST_TTL = sockets_h.IP_MULTICAST_TTL();
    /** C's {@code IP_NODEFRAG}. */
    public static final int IP_NODEFRAG = sockets_h.IP_NODEFRAG();
    /** C's {@code IP_OPTIONS}. */
    public static final int IP_OPTIONS = sockets_h.IP_OPTIONS();
    /** C's {@code IP_ORIGDSTADDR}. */
    public static final int IP_ORIGDSTADDR = sockets_h.IP_ORIGDSTADDR();
    /** C's {@code IP_PASSSEC}. */
    public static final int IP_PASSSEC = sockets_h.IP_PASSSEC();
    /** C's {@code IP_PKTINFO}. */
    public static final int IP_PKTINFO = sockets_h.IP_PKTINFO();
    /** C's {@code IP_PKTOPTIONS}. */
    public static final int IP_PKTOPTIONS = sockets_h.IP_PKTOPTIONS();
    /** C's {@code IP_PMTUDISC}. */
    public static final int IP_PMTUDISC = sockets_h.IP_PMTUDISC();
    /** C's {@code IP_PMTUDISC_DO}. */
    public static final int IP_PMTUDISC_DO = sockets_h.IP_PMTUDISC_DO();
    /** C's {@code IP_PMTUDISC_DONT}. */
    public static final int IP_PMTUDISC_DONT = sockets_h.IP_PMTUDISC_DONT();
    /** C's {@code IP_PMTUDISC_INTERFACE}. */
    public static final int IP_PMTUDISC_INTERFACE = sockets_h.IP_PMTUDISC_INTERFACE();
    /** C's {@code IP_PMTUDISC_OMIT}. */
    public static final int IP_PMTUDISC_OMIT = sockets_h.IP_PMTUDISC_OMIT();
    /** C's {@code IP_PMTUDISC_PROBE}. */
    public static final int IP_PMTUDISC_PROBE = sockets_h.IP_PMTUDISC_PROBE();
    /** C's {@code IP_PMTUDISC_WANT}. */
    public static final int IP_PMTUDISC_WANT = sockets_h.IP_PMTUDISC_WANT();
    /** C's {@code IP_RECVERR}. */
    public static final int IP_RECVERR = sockets_h.IP_RECVERR();
    /** C's {@code IP_RECVERR_RFC4884}. */
    public static final int IP_RECVERR_RFC4884 = sockets_h.IP_RECVERR_RFC4884();
    /** C's {@code IP_RECVFRAGSIZE}. */
    public static final int IP_RECVFRAGSIZE = sockets_h.IP_RECVFRAGSIZE();
    /** C's {@code IP_RECVOPTS}. */
    public static final int IP_RECVOPTS = sockets_h.IP_RECVOPTS();
    /** C's {@code IP_RECVORIGDSTADDR}. */
    public static final int IP_RECVORIGDSTADDR = sockets_h.IP_RECVORIGDSTADDR();
    /** C's {@code IP_RECVRETOPTS}. */
    public static final int IP_RECVRETOPTS = sockets_h.IP_RECVRETOPTS();
    /** C's {@code IP_RECVTOS}. */
    public static final int IP_RECVTOS = sockets_h.IP_RECVTOS();
    /** C's {@code IP_RECVTTL}. */
    public static final int IP_RECVTTL = sockets_h.IP_RECVTTL();
    /** C's {@code IP_RETOPTS}. */
    public static final int IP_RETOPTS = sockets_h.IP_RETOPTS();
    /** C's {@code IP_ROUTER_ALERT}. */
    public static final int IP_ROUTER_ALERT = sockets_h.IP_ROUTER_ALERT();
    /** C's {@code IP_TOS}. */
    public static final int IP_TOS = sockets_h.IP_TOS();
    /** C's {@code IP_TRANSPARENT}. */
    public static final int IP_TRANSPARENT = sockets_h.IP_TRANSPARENT();
    /** C's {@code IP_TTL}. */
    public static final int IP_TTL = sockets_h.IP_TTL();
    /** C's {@code IP_UNBLOCK_SOURCE}. */
    public static final int IP_UNBLOCK_SOURCE = sockets_h.IP_UNBLOCK_SOURCE();
    /** C's {@code IP_UNICAST_IF}. */
    public static final int IP_UNICAST_IF = sockets_h.IP_UNICAST_IF();
    /** C's {@code IP_XFRM_POLICY}. */
    public static final int IP_XFRM_POLICY = sockets_h.IP_XFRM_POLICY();
    /** C's {@code MCAST_BLOCK_SOURCE}. */
    public static final int MCAST_BLOCK_SOURCE = sockets_h.MCAST_BLOCK_SOURCE();
    /** C's {@code MCAST_EXCLUDE}. */
    public static final int MCAST_EXCLUDE = sockets_h.MCAST_EXCLUDE();
    /** C's {@code MCAST_INCLUDE}. */
    public static final int MCAST_INCLUDE = sockets_h.MCAST_INCLUDE();
    /** C's {@code MCAST_JOIN_GROUP}. */
    public static final int MCAST_JOIN_GROUP = sockets_h.MCAST_JOIN_GROUP();
    /** C's {@code MCAST_JOIN_SOURCE_GROUP}. */
    public static final int MCAST_JOIN_SOURCE_GROUP = sockets_h.MCAST_JOIN_SOURCE_GROUP();
    /** C's {@code MCAST_LEAVE_GROUP}. */
    public static final int MCAST_LEAVE_GROUP = sockets_h.MCAST_LEAVE_GROUP();
    /** C's {@code MCAST_LEAVE_SOURCE_GROUP}. */
    public static final int MCAST_LEAVE_SOURCE_GROUP = sockets_h.MCAST_LEAVE_SOURCE_GROUP();
    /** C's {@code MCAST_MSFILTER}. */
    public static final int MCAST_MSFILTER = sockets_h.MCAST_MSFILTER();
    /** C's {@code MCAST_UNBLOCK_SOURCE}. */
    public static final int MCAST_UNBLOCK_SOURCE = sockets_h.MCAST_UNBLOCK_SOURCE();

    // ---- IPv6 options (IPV6_*).
    /** C's {@code IPV6_2292DSTOPTS}. */
    public static final int IPV6_2292DSTOPTS = sockets_h.IPV6_2292DSTOPTS();
    /** C's {@code IPV6_2292HOPLIMIT}. */
    public static final int IPV6_2292HOPLIMIT = sockets_h.IPV6_2292HOPLIMIT();
    /** C's {@code IPV6_2292HOPOPTS}. */
    public static final int IPV6_2292HOPOPTS = sockets_h.IPV6_2292HOPOPTS();
    /** C's {@code IPV6_2292PKTINFO}. */
    public static final int IPV6_2292PKTINFO = sockets_h.IPV6_2292PKTINFO();
    /** C's {@code IPV6_2292PKTOPTIONS}. */
    public static final int IPV6_2292PKTOPTIONS = sockets_h.IPV6_2292PKTOPTIONS();
    /** C's {@code IPV6_2292RTHDR}. */
    public static final int IPV6_2292RTHDR = sockets_h.IPV6_2292RTHDR();
    /** C's {@code IPV6_ADDRFORM}. */
    public static final int IPV6_ADDRFORM = sockets_h.IPV6_ADDRFORM();
    /** C's {@code IPV6_ADDR_PREFERENCES}. */
    public static final int IPV6_ADDR_PREFERENCES = sockets_h.IPV6_ADDR_PREFERENCES();
    /** C's {@code IPV6_ADD_MEMBERSHIP}. */
    public static final int IPV6_ADD_MEMBERSHIP = sockets_h.IPV6_ADD_MEMBERSHIP();
    /** C's {@code IPV6_AUTHHDR}. */
    public static final int IPV6_AUTHHDR = sockets_h.IPV6_AUTHHDR();
    /** C's {@code IPV6_AUTOFLOWLABEL}. */
    public static final int IPV6_AUTOFLOWLABEL = sockets_h.IPV6_AUTOFLOWLABEL();
    /** C's {@code IPV6_CHECKSUM}. */
    public static final int IPV6_CHECKSUM = sockets_h.IPV6_CHECKSUM();
    /** C's {@code IPV6_DONTFRAG}. */
    public static final int IPV6_DONTFRAG = sockets_h.IPV6_DONTFRAG();
    /** C's {@code IPV6_DROP_MEMBERSHIP}. */
    public static final int IPV6_DROP_MEMBERSHIP = sockets_h.IPV6_DROP_MEMBERSHIP();
    /** C's {@code IPV6_DSTOPTS}. */
    public static final int IPV6_DSTOPTS = sockets_h.IPV6_DSTOPTS();
    /** C's {@code IPV6_FREEBIND}. */
    public static final int IPV6_FREEBIND = sockets_h.IPV6_FREEBIND();
    /** C's {@code IPV6_HDRINCL}. */
    public static final int IPV6_HDRINCL = sockets_h.IPV6_HDRINCL();
    /** C's {@code IPV6_HOPLIMIT}. */
    public static final int IPV6_HOPLIMIT = sockets_h.IPV6_HOPLIMIT();
    /** C's {@code IPV6_HOPOPTS}. */
    public static final int IPV6_HOPOPTS = sockets_h.IPV6_HOPOPTS();
    /** C's {@code IPV6_IPSEC_POLICY}. */
    public static final int IPV6_IPSEC_POLICY = sockets_h.IPV6_IPSEC_POLICY();
    /** C's {@code IPV6_JOIN_ANYCAST}. */
    public static final int IPV6_JOIN_ANYCAST = sockets_h.IPV6_JOIN_ANYCAST();
    /** C's {@code IPV6_JOIN_GROUP}. */
    public static final int IPV6_JOIN_GROUP = sockets_h.IPV6_JOIN_GROUP();
    /** C's {@code IPV6_LEAVE_ANYCAST}. */
    public static final int IPV6_LEAVE_ANYCAST = sockets_h.IPV6_LEAVE_ANYCAST();
    /** C's {@code IPV6_LEAVE_GROUP}. */
    public static final int IPV6_LEAVE_GROUP = sockets_h.IPV6_LEAVE_GROUP();
    /** C's {@code IPV6_MINHOPCOUNT}. */
    public static final int IPV6_MINHOPCOUNT = sockets_h.IPV6_MINHOPCOUNT();
    /** C's {@code IPV6_MTU}. */
    public static final int IPV6_MTU = sockets_h.IPV6_MTU();
    /** C's {@code IPV6_MTU_DISCOVER}. */
    public static final int IPV6_MTU_DISCOVER = sockets_h.IPV6_MTU_DISCOVER();
    /** C's {@code IPV6_MULTICAST_ALL}. */
    public static final int IPV6_MULTICAST_ALL = sockets_h.IPV6_MULTICAST_ALL();
    /** C's {@code IPV6_MULTICAST_HOPS}. */
    public static final int IPV6_MULTICAST_HOPS = sockets_h.IPV6_MULTICAST_HOPS();
    /** C's {@code IPV6_MULTICAST_IF}. */
    public static final int IPV6_MULTICAST_IF = sockets_h.IPV6_MULTICAST_IF();
    /** C's {@code IPV6_MULTICAST_LOOP}. */
    public static final int IPV6_MULTICAST_LOOP = sockets_h.IPV6_MULTICAST_LOOP();
    /** C's {@code IPV6_NEXTHOP}. */
    public static final int IPV6_NEXTHOP = sockets_h.IPV6_NEXTHOP();
    /** C's {@code IPV6_ORIGDSTADDR}. */
    public static final int IPV6_ORIGDSTADDR = sockets_h.IPV6_ORIGDSTADDR();
    /** C's {@code IPV6_PATHMTU}. */
    public static final int IPV6_PATHMTU = sockets_h.IPV6_PATHMTU();
    /** C's {@code IPV6_PKTINFO}. */
    public static final int IPV6_PKTINFO = sockets_h.IPV6_PKTINFO();
    /** C's {@code IPV6_PMTUDISC_DO}. */
    public static final int IPV6_PMTUDISC_DO = sockets_h.IPV6_PMTUDISC_DO();
    /** C's {@code IPV6_PMTUDISC_DONT}. */
    public static final int IPV6_PMTUDISC_DONT = sockets_h.IPV6_PMTUDISC_DONT();
    /** C's {@code IPV6_PMTUDISC_INTERFACE}. */
    public static final int IPV6_PMTUDISC_INTERFACE = sockets_h.IPV6_PMTUDISC_INTERFACE();
    /** C's {@code IPV6_PMTUDISC_OMIT}. */
    public static final int IPV6_PMTUDISC_OMIT = sockets_h.IPV6_PMTUDISC_OMIT();
    /** C's {@code IPV6_PMTUDISC_PROBE}. */
    public static final int IPV6_PMTUDISC_PROBE = sockets_h.IPV6_PMTUDISC_PROBE();
    /** C's {@code IPV6_PMTUDISC_WANT}. */
    public static final int IPV6_PMTUDISC_WANT = sockets_h.IPV6_PMTUDISC_WANT();
    /** C's {@code IPV6_RECVDSTOPTS}. */
    public static final int IPV6_RECVDSTOPTS = sockets_h.IPV6_RECVDSTOPTS();
    /** C's {@code IPV6_RECVERR}. */
    public static final int IPV6_RECVERR = sockets_h.IPV6_RECVERR();
    /** C's {@code IPV6_RECVERR_RFC4884}. */
    public static final int IPV6_RECVERR_RFC4884 = sockets_h.IPV6_RECVERR_RFC4884();
    /** C's {@code IPV6_RECVFRAGSIZE}. */
    public static final int IPV6_RECVFRAGSIZE = sockets_h.IPV6_RECVFRAGSIZE();
    /** C's {@code IPV6_RECVHOPLIMIT}. */
    public static final int IPV6_RECVHOPLIMIT = sockets_h.IPV6_RECVHOPLIMIT();
    /** C's {@code IPV6_RECVHOPOPTS}. */
    public static final int IPV6_RECVHOPOPTS = sockets_h.IPV6_RECVHOPOPTS();
    /** C's {@code IPV6_RECVORIGDSTADDR}. */
    public static final int IPV6_RECVORIGDSTADDR = sockets_h.IPV6_RECVORIGDSTADDR();
    /** C's {@code IPV6_RECVPATHMTU}. */
    public static final int IPV6_RECVPATHMTU = sockets_h.IPV6_RECVPATHMTU();
    /** C's {@code IPV6_RECVPKTINFO}. */
    public static final int IPV6_RECVPKTINFO = sockets_h.IPV6_RECVPKTINFO();
    /** C's {@code IPV6_RECVRTHDR}. */
    public static final int IPV6_RECVRTHDR = sockets_h.IPV6_RECVRTHDR();
    /** C's {@code IPV6_RECVTCLASS}. */
    public static final int IPV6_RECVTCLASS = sockets_h.IPV6_RECVTCLASS();
    /** C's {@code IPV6_ROUTER_ALERT}. */
    public static final int IPV6_ROUTER_ALERT = sockets_h.IPV6_ROUTER_ALERT();
    /** C's {@code IPV6_ROUTER_ALERT_ISOLATE}. */
    public static final int IPV6_ROUTER_ALERT_ISOLATE = sockets_h.IPV6_ROUTER_ALERT_ISOLATE();
    /** C's {@code IPV6_RTHDR}. */
    public static final int IPV6_RTHDR = sockets_h.IPV6_RTHDR();
    /** C's {@code IPV6_RTHDRDSTOPTS}. */
    public static final int IPV6_RTHDRDSTOPTS = sockets_h.IPV6_RTHDRDSTOPTS();
    /** C's {@code IPV6_RTHDR_LOOSE}. */
    public static final int IPV6_RTHDR_LOOSE = sockets_h.IPV6_RTHDR_LOOSE();
    /** C's {@code IPV6_RTHDR_STRICT}. */
    public static final int IPV6_RTHDR_STRICT = sockets_h.IPV6_RTHDR_STRICT();
    /** C's {@code IPV6_RTHDR_TYPE_0}. */
    public static final int IPV6_RTHDR_TYPE_0 = sockets_h.IPV6_RTHDR_TYPE_0();
    /** C's {@code IPV6_RXDSTOPTS}. */
    public static final int IPV6_RXDSTOPTS = sockets_h.IPV6_RXDSTOPTS();
    /** C's {@code IPV6_RXHOPOPTS}. */
    public static final int IPV6_RXHOPOPTS = sockets_h.IPV6_RXHOPOPTS();
    /** C's {@code IPV6_TCLASS}. */
    public static final int IPV6_TCLASS = sockets_h.IPV6_TCLASS();
    /** C's {@code IPV6_TRANSPARENT}. */
    public static final int IPV6_TRANSPARENT = sockets_h.IPV6_TRANSPARENT();
    /** C's {@code IPV6_UNICAST_HOPS}. */
    public static final int IPV6_UNICAST_HOPS = sockets_h.IPV6_UNICAST_HOPS();
    /** C's {@code IPV6_UNICAST_IF}. */
    public static final int IPV6_UNICAST_IF = sockets_h.IPV6_UNICAST_IF();
    /** C's {@code IPV6_V6ONLY}. */
    public static final int IPV6_V6ONLY = sockets_h.IPV6_V6ONLY();
    /** C's {@code IPV6_XFRM_POLICY}. */
    public static final int IPV6_XFRM_POLICY = sockets_h.IPV6_XFRM_POLICY();

    // ---- TCP options (TCP_*) and tcp_info states (TCPI_*).
    /** C's {@code TCPI_OPT_ECN}. */
    public static final int TCPI_OPT_ECN = sockets_h.TCPI_OPT_ECN();
    /** C's {@code TCPI_OPT_ECN_SEEN}. */
    public static final int TCPI_OPT_ECN_SEEN = sockets_h.TCPI_OPT_ECN_SEEN();
    /** C's {@code TCPI_OPT_SACK}. */
    public static final int TCPI_OPT_SACK = sockets_h.TCPI_OPT_SACK();
    /** C's {@code TCPI_OPT_SYN_DATA}. */
    public static final int TCPI_OPT_SYN_DATA = sockets_h.TCPI_OPT_SYN_DATA();
    /** C's {@code TCPI_OPT_TIMESTAMPS}. */
    public static final int TCPI_OPT_TIMESTAMPS = sockets_h.TCPI_OPT_TIMESTAMPS();
    /** C's {@code TCPI_OPT_WSCALE}. */
    public static final int TCPI_OPT_WSCALE = sockets_h.TCPI_OPT_WSCALE();
    /** C's {@code TCP_CA_CWR}. */
    public static final int TCP_CA_CWR = sockets_h.TCP_CA_CWR();
    /** C's {@code TCP_CC_INFO}. */
    public static final int TCP_CC_INFO = sockets_h.TCP_CC_INFO();
    /** C's {@code TCP_CLOSE}. */
    public static final int TCP_CLOSE = sockets_h.TCP_CLOSE();
    /** C's {@code TCP_CLOSE_WAIT}. */
    public static final int TCP_CLOSE_WAIT = sockets_h.TCP_CLOSE_WAIT();
    /** C's {@code TCP_CLOSING}. */
    public static final int TCP_CLOSING = sockets_h.TCP_CLOSING();
    /** C's {@code TCP_CM_INQ}. */
    public static final int TCP_CM_INQ = sockets_h.TCP_CM_INQ();
    /** C's {@code TCP_CONGESTION}. */
    public static final int TCP_CONGESTION = sockets_h.TCP_CONGESTION();
    /** C's {@code TCP_COOKIE_IN_ALWAYS}. */
    public static final int TCP_COOKIE_IN_ALWAYS = sockets_h.TCP_COOKIE_IN_ALWAYS();
    /** C's {@code TCP_COOKIE_MAX}. */
    public static final int TCP_COOKIE_MAX = sockets_h.TCP_COOKIE_MAX();
    /** C's {@code TCP_COOKIE_MIN}. */
    public static final int TCP_COOKIE_MIN = sockets_h.TCP_COOKIE_MIN();
    /** C's {@code TCP_COOKIE_OUT_NEVER}. */
    public static final int TCP_COOKIE_OUT_NEVER = sockets_h.TCP_COOKIE_OUT_NEVER();
    /** C's {@code TCP_COOKIE_PAIR_SIZE}. */
    public static final int TCP_COOKIE_PAIR_SIZE = sockets_h.TCP_COOKIE_PAIR_SIZE();
    /** C's {@code TCP_COOKIE_TRANSACTIONS}. */
    public static final int TCP_COOKIE_TRANSACTIONS = sockets_h.TCP_COOKIE_TRANSACTIONS();
    /** C's {@code TCP_CORK}. */
    public static final int TCP_CORK = sockets_h.TCP_CORK();
    /** C's {@code TCP_DEFER_ACCEPT}. */
    public static final int TCP_DEFER_ACCEPT = sockets_h.TCP_DEFER_ACCEPT();
    /** C's {@code TCP_ESTABLISHED}. */
    public static final int TCP_ESTABLISHED = sockets_h.TCP_ESTABLISHED();
    /** C's {@code TCP_FASTOPEN}. */
    public static final int TCP_FASTOPEN = sockets_h.TCP_FASTOPEN();
    /** C's {@code TCP_FASTOPEN_CONNECT}. */
    public static final int TCP_FASTOPEN_CONNECT = sockets_h.TCP_FASTOPEN_CONNECT();
    /** C's {@code TCP_FASTOPEN_KEY}. */
    public static final int TCP_FASTOPEN_KEY = sockets_h.TCP_FASTOPEN_KEY();
    /** C's {@code TCP_FASTOPEN_NO_COOKIE}. */
    public static final int TCP_FASTOPEN_NO_COOKIE = sockets_h.TCP_FASTOPEN_NO_COOKIE();
    /** C's {@code TCP_FIN_WAIT1}. */
    public static final int TCP_FIN_WAIT1 = sockets_h.TCP_FIN_WAIT1();
    /** C's {@code TCP_FIN_WAIT2}. */
    public static final int TCP_FIN_WAIT2 = sockets_h.TCP_FIN_WAIT2();
    /** C's {@code TCP_INFO}. */
    public static final int TCP_INFO = sockets_h.TCP_INFO();
    /** C's {@code TCP_INQ}. */
    public static final int TCP_INQ = sockets_h.TCP_INQ();
    /** C's {@code TCP_KEEPCNT}. */
    public static final int TCP_KEEPCNT = sockets_h.TCP_KEEPCNT();
    /** C's {@code TCP_KEEPIDLE}. */
    public static final int TCP_KEEPIDLE = sockets_h.TCP_KEEPIDLE();
    /** C's {@code TCP_KEEPINTVL}. */
    public static final int TCP_KEEPINTVL = sockets_h.TCP_KEEPINTVL();
    /** C's {@code TCP_LAST_ACK}. */
    public static final int TCP_LAST_ACK = sockets_h.TCP_LAST_ACK();
    /** C's {@code TCP_LINGER2}. */
    public static final int TCP_LINGER2 = sockets_h.TCP_LINGER2();
    /** C's {@code TCP_LISTEN}. */
    public static final int TCP_LISTEN = sockets_h.TCP_LISTEN();
    /** C's {@code TCP_MAXSEG}. */
    public static final int TCP_MAXSEG = sockets_h.TCP_MAXSEG();
    /** C's {@code TCP_MAXWIN}. */
    public static final int TCP_MAXWIN = sockets_h.TCP_MAXWIN();
    /** C's {@code TCP_MAX_WINSHIFT}. */
    public static final int TCP_MAX_WINSHIFT = sockets_h.TCP_MAX_WINSHIFT();
    /** C's {@code TCP_MD5SIG}. */
    public static final int TCP_MD5SIG = sockets_h.TCP_MD5SIG();
    /** C's {@code TCP_MD5SIG_EXT}. */
    public static final int TCP_MD5SIG_EXT = sockets_h.TCP_MD5SIG_EXT();
    /** C's {@code TCP_MD5SIG_FLAG_PREFIX}. */
    public static final int TCP_MD5SIG_FLAG_PREFIX = sockets_h.TCP_MD5SIG_FLAG_PREFIX();
    /** C's {@code TCP_MD5SIG_MAXKEYLEN}. */
    public static final int TCP_MD5SIG_MAXKEYLEN = sockets_h.TCP_MD5SIG_MAXKEYLEN();
    /** C's {@code TCP_MSS}. */
    public static final int TCP_MSS = sockets_h.TCP_MSS();
    /** C's {@code TCP_MSS_DEFAULT}. */
    public static final int TCP_MSS_DEFAULT = sockets_h.TCP_MSS_DEFAULT();
    /** C's {@code TCP_MSS_DESIRED}. */
    public static final int TCP_MSS_DESIRED = sockets_h.TCP_MSS_DESIRED();
    /** C's {@code TCP_NODELAY}. */
    public static final int TCP_NODELAY = sockets_h.TCP_NODELAY();
    /** C's {@code TCP_NOTSENT_LOWAT}. */
    public static final int TCP_NOTSENT_LOWAT = sockets_h.TCP_NOTSENT_LOWAT();
    /** C's {@code TCP_NO_QUEUE}. */
    public static final int TCP_NO_QUEUE = sockets_h.TCP_NO_QUEUE();
    /** C's {@code TCP_QUEUES_NR}. */
    public static final int TCP_QUEUES_NR = sockets_h.TCP_QUEUES_NR();
    /** C's {@code TCP_QUEUE_SEQ}. */
    public static final int TCP_QUEUE_SEQ = sockets_h.TCP_QUEUE_SEQ();
    /** C's {@code TCP_QUICKACK}. */
    public static final int TCP_QUICKACK = sockets_h.TCP_QUICKACK();
    /** C's {@code TCP_RECV_QUEUE}. */
    public static final int TCP_RECV_QUEUE = sockets_h.TCP_RECV_QUEUE();
    /** C's {@code TCP_REPAIR}. */
    public static final int TCP_REPAIR = sockets_h.TCP_REPAIR();
    /** C's {@code TCP_REPAIR_OFF}. */
    public static final int TCP_REPAIR_OFF = sockets_h.TCP_REPAIR_OFF();
    /** C's {@code TCP_REPAIR_OFF_NO_WP}. */
    public static final int TCP_REPAIR_OFF_NO_WP = sockets_h.TCP_REPAIR_OFF_NO_WP();
    /** C's {@code TCP_REPAIR_ON}. */
    public static final int TCP_REPAIR_ON = sockets_h.TCP_REPAIR_ON();
    /** C's {@code TCP_REPAIR_OPTIONS}. */
    public static final int TCP_REPAIR_OPTIONS = sockets_h.TCP_REPAIR_OPTIONS();
    /** C's {@code TCP_REPAIR_QUEUE}. */
    public static final int TCP_REPAIR_QUEUE = sockets_h.TCP_REPAIR_QUEUE();
    /** C's {@code TCP_REPAIR_WINDOW}. */
    public static final int TCP_REPAIR_WINDOW = sockets_h.TCP_REPAIR_WINDOW();
    /** C's {@code TCP_SAVED_SYN}. */
    public static final int TCP_SAVED_SYN = sockets_h.TCP_SAVED_SYN();
    /** C's {@code TCP_SAVE_SYN}. */
    public static final int TCP_SAVE_SYN = sockets_h.TCP_SAVE_SYN();
    /** C's {@code TCP_SEND_QUEUE}. */
    public static final int TCP_SEND_QUEUE = sockets_h.TCP_SEND_QUEUE();
    /** C's {@code TCP_SYNCNT}. */
    public static final int TCP_SYNCNT = sockets_h.TCP_SYNCNT();
    /** C's {@code TCP_SYN_RECV}. */
    public static final int TCP_SYN_RECV = sockets_h.TCP_SYN_RECV();
    /** C's {@code TCP_SYN_SENT}. */
    public static final int TCP_SYN_SENT = sockets_h.TCP_SYN_SENT();
    /** C's {@code TCP_S_DATA_IN}. */
    public static final int TCP_S_DATA_IN = sockets_h.TCP_S_DATA_IN();
    /** C's {@code TCP_S_DATA_OUT}. */
    public static final int TCP_S_DATA_OUT = sockets_h.TCP_S_DATA_OUT();
    /** C's {@code TCP_THIN_DUPACK}. */
    public static final int TCP_THIN_DUPACK = sockets_h.TCP_THIN_DUPACK();
    /** C's {@code TCP_THIN_LINEAR_TIMEOUTS}. */
    public static final int TCP_THIN_LINEAR_TIMEOUTS = sockets_h.TCP_THIN_LINEAR_TIMEOUTS();
    /** C's {@code TCP_TIMESTAMP}. */
    public static final int TCP_TIMESTAMP = sockets_h.TCP_TIMESTAMP();
    /** C's {@code TCP_TIME_WAIT}. */
    public static final int TCP_TIME_WAIT = sockets_h.TCP_TIME_WAIT();
    /** C's {@code TCP_TX_DELAY}. */
    public static final int TCP_TX_DELAY = sockets_h.TCP_TX_DELAY();
    /** C's {@code TCP_ULP}. */
    public static final int TCP_ULP = sockets_h.TCP_ULP();
    /** C's {@code TCP_USER_TIMEOUT}. */
    public static final int TCP_USER_TIMEOUT = sockets_h.TCP_USER_TIMEOUT();
    /** C's {@code TCP_WINDOW_CLAMP}. */
    public static final int TCP_WINDOW_CLAMP = sockets_h.TCP_WINDOW_CLAMP();
    /** C's {@code TCP_ZEROCOPY_RECEIVE}. */
    public static final int TCP_ZEROCOPY_RECEIVE = sockets_h.TCP_ZEROCOPY_RECEIVE();

    // ---- UDP options (UDP_*).
    /** C's {@code UDP_CORK}. */
    public static final int UDP_CORK = sockets_h.UDP_CORK();
    /** C's {@code UDP_ENCAP}. */
    public static final int UDP_ENCAP = sockets_h.UDP_ENCAP();
    /** C's {@code UDP_ENCAP_ESPINUDP}. */
    public static final int UDP_ENCAP_ESPINUDP = sockets_h.UDP_ENCAP_ESPINUDP();
    /** C's {@code UDP_ENCAP_ESPINUDP_NON_IKE}. */
    public static final int UDP_ENCAP_ESPINUDP_NON_IKE = sockets_h.UDP_ENCAP_ESPINUDP_NON_IKE();
    /** C's {@code UDP_ENCAP_GTP0}. */
    public static final int UDP_ENCAP_GTP0 = sockets_h.UDP_ENCAP_GTP0();
    /** C's {@code UDP_ENCAP_GTP1U}. */
    public static final int UDP_ENCAP_GTP1U = sockets_h.UDP_ENCAP_GTP1U();
    /** C's {@code UDP_ENCAP_L2TPINUDP}. */
    public static final int UDP_ENCAP_L2TPINUDP = sockets_h.UDP_ENCAP_L2TPINUDP();
    /** C's {@code UDP_GRO}. */
    public static final int UDP_GRO = sockets_h.UDP_GRO();
    /** C's {@code UDP_NO_CHECK6_RX}. */
    public static final int UDP_NO_CHECK6_RX = sockets_h.UDP_NO_CHECK6_RX();
    /** C's {@code UDP_NO_CHECK6_TX}. */
    public static final int UDP_NO_CHECK6_TX = sockets_h.UDP_NO_CHECK6_TX();
    /** C's {@code UDP_SEGMENT}. */
    public static final int UDP_SEGMENT = sockets_h.UDP_SEGMENT();

    // ---- Well-known IPv4 addresses in host byte order (INADDR_*) and text buffer sizes.
    /** C's {@code INADDR_ALLHOSTS_GROUP}. */
    public static final int INADDR_ALLHOSTS_GROUP = sockets_h.INADDR_ALLHOSTS_GROUP();
    /** C's {@code INADDR_ALLRTRS_GROUP}. */
    public static final int INADDR_ALLRTRS_GROUP = sockets_h.INADDR_ALLRTRS_GROUP();
    /** C's {@code INADDR_ALLSNOOPERS_GROUP}. */
    public static final int INADDR_ALLSNOOPERS_GROUP = sockets_h.INADDR_ALLSNOOPERS_GROUP();
    /** C's {@code INADDR_ANY}. */
    public static final int INADDR_ANY = sockets_h.INADDR_ANY();
    /** C's {@code INADDR_BROADCAST}. */
    public static final int INADDR_BROADCAST = sockets_h.INADDR_BROADCAST();
    /** C's {@code INADDR_DUMMY}. */
    public static final int INADDR_DUMMY = sockets_h.INADDR_DUMMY();
    /** C's {@code INADDR_LOOPBACK}. */
    public static final int INADDR_LOOPBACK = sockets_h.INADDR_LOOPBACK();
    /** C's {@code INADDR_MAX_LOCAL_GROUP}. */
    public static final int INADDR_MAX_LOCAL_GROUP = sockets_h.INADDR_MAX_LOCAL_GROUP();
    /** C's {@code INADDR_NONE}. */
    public static final int INADDR_NONE = sockets_h.INADDR_NONE();
    /** C's {@code INADDR_UNSPEC_GROUP}. */
    public static final int INADDR_UNSPEC_GROUP = sockets_h.INADDR_UNSPEC_GROUP();
    /** C's {@code INET6_ADDRSTRLEN}. */
    public static final int INET6_ADDRSTRLEN = sockets_h.INET6_ADDRSTRLEN();
    /** C's {@code INET_ADDRSTRLEN}. */
    public static final int INET_ADDRSTRLEN = sockets_h.INET_ADDRSTRLEN();
    /** C's {@code IFNAMSIZ}: room for an interface name, its terminating NUL included. */
    public static final int IFNAMSIZ = sockets_h.IFNAMSIZ();

    // ---- The listen backlog ceiling.
    /** C's {@code SOMAXCONN}. */
    public static final int SOMAXCONN = sockets_h.SOMAXCONN();

    // ---- getaddrinfo flags (AI_*), getnameinfo flags (NI_*) and their sizes.
    /** C's {@code AI_ADDRCONFIG}. */
    public static final int AI_ADDRCONFIG = sockets_h.AI_ADDRCONFIG();
    /** C's {@code AI_ALL}. */
    public static final int AI_ALL = sockets_h.AI_ALL();
    /** C's {@code AI_CANONIDN}. */
    public static final int AI_CANONIDN = sockets_h.AI_CANONIDN();
    /** C's {@code AI_CANONNAME}. */
    public static final int AI_CANONNAME = sockets_h.AI_CANONNAME();
    /** C's {@code AI_IDN}. */
    public static final int AI_IDN = sockets_h.AI_IDN();
    /** C's {@code AI_IDN_ALLOW_UNASSIGNED}. */
    public static final int AI_IDN_ALLOW_UNASSIGNED = sockets_h.AI_IDN_ALLOW_UNASSIGNED();
    /** C's {@code AI_IDN_USE_STD3_ASCII_RULES}. */
    public static final int AI_IDN_USE_STD3_ASCII_RULES = sockets_h.AI_IDN_USE_STD3_ASCII_RULES();
    /** C's {@code AI_NUMERICHOST}. */
    public static final int AI_NUMERICHOST = sockets_h.AI_NUMERICHOST();
    /** C's {@code AI_NUMERICSERV}. */
    public static final int AI_NUMERICSERV = sockets_h.AI_NUMERICSERV();
    /** C's {@code AI_PASSIVE}. */
    public static final int AI_PASSIVE = sockets_h.AI_PASSIVE();
    /** C's {@code AI_V4MAPPED}. */
    public static final int AI_V4MAPPED = sockets_h.AI_V4MAPPED();
    /** C's {@code NI_DGRAM}. */
    public static final int NI_DGRAM = sockets_h.NI_DGRAM();
    /** C's {@code NI_IDN}. */
    public static final int NI_IDN = sockets_h.NI_IDN();
    /** C's {@code NI_IDN_ALLOW_UNASSIGNED}. */
    public static final int NI_IDN_ALLOW_UNASSIGNED = sockets_h.NI_IDN_ALLOW_UNASSIGNED();
    /** C's {@code NI_IDN_USE_STD3_ASCII_RULES}. */
    public static final int NI_IDN_USE_STD3_ASCII_RULES = sockets_h.NI_IDN_USE_STD3_ASCII_RULES();
    /** C's {@code NI_MAXHOST}. */
    public static final int NI_MAXHOST = sockets_h.NI_MAXHOST();
    /** C's {@code NI_MAXSERV}. */
    public static final int NI_MAXSERV = sockets_h.NI_MAXSERV();
    /** C's {@code NI_NAMEREQD}. */
    public static final int NI_NAMEREQD = sockets_h.NI_NAMEREQD();
    /** C's {@code NI_NOFQDN}. */
    public static final int NI_NOFQDN = sockets_h.NI_NOFQDN();
    /** C's {@code NI_NUMERICHOST}. */
    public static final int NI_NUMERICHOST = sockets_h.NI_NUMERICHOST();
    /** C's {@code NI_NUMERICSERV}. */
    public static final int NI_NUMERICSERV = sockets_h.NI_NUMERICSERV();

    // ---- getaddrinfo error codes (EAI_*).
    /** C's {@code EAI_ADDRFAMILY}. */
    public static final int EAI_ADDRFAMILY = sockets_h.EAI_ADDRFAMILY();
    /** C's {@code EAI_AGAIN}. */
    public static final int EAI_AGAIN = sockets_h.EAI_AGAIN();
    /** C's {@code EAI_ALLDONE}. */
    public static final int EAI_ALLDONE = sockets_h.EAI_ALLDONE();
    /** C's {@code EAI_BADFLAGS}. */
    public static final int EAI_BADFLAGS = sockets_h.EAI_BADFLAGS();
    /** C's {@code EAI_CANCELED}. */
    public static final int EAI_CANCELED = sockets_h.EAI_CANCELED();
    /** C's {@code EAI_FAIL}. */
    public static final int EAI_FAIL = sockets_h.EAI_FAIL();
    /** C's {@code EAI_FAMILY}. */
    public static final int EAI_FAMILY = sockets_h.EAI_FAMILY();
    /** C's {@code EAI_IDN_ENCODE}. */
    public static final int EAI_IDN_ENCODE = sockets_h.EAI_IDN_ENCODE();
    /** C's {@code EAI_INPROGRESS}. */
    public static final int EAI_INPROGRESS = sockets_h.EAI_INPROGRESS();
    /** C's {@code EAI_INTR}. */
    public static final int EAI_INTR = sockets_h.EAI_INTR();
    /** C's {@code EAI_MEMORY}. */
    public static final int EAI_MEMORY = sockets_h.EAI_MEMORY();
    /** C's {@code EAI_NODATA}. */
    public static final int EAI_NODATA = sockets_h.EAI_NODATA();
    /** C's {@code EAI_NONAME}. */
    public static final int EAI_NONAME = sockets_h.EAI_NONAME();
    /** C's {@code EAI_NOTCANCELED}. */
    public static final int EAI_NOTCANCELED = sockets_h.EAI_NOTCANCELED();
    /** C's {@code EAI_OVERFLOW}. */
    public static final int EAI_OVERFLOW = sockets_h.EAI_OVERFLOW();
    /** C's {@code EAI_SERVICE}. */
    public static final int EAI_SERVICE = sockets_h.EAI_SERVICE();
    /** C's {@code EAI_SOCKTYPE}. */
    public static final int EAI_SOCKTYPE = sockets_h.EAI_SOCKTYPE();
    /** C's {@code EAI_SYSTEM}. */
    public static final int EAI_SYSTEM = sockets_h.EAI_SYSTEM();

    // ---- poll events (POLL*).
    /** C's {@code POLLERR}. */
    public static final int POLLERR = sockets_h.POLLERR();
    /** C's {@code POLLHUP}. */
    public static final int POLLHUP = sockets_h.POLLHUP();
    /** C's {@code POLLIN}. */
    public static final int POLLIN = sockets_h.POLLIN();
    /** C's {@code POLLMSG}. */
    public static final int POLLMSG = sockets_h.POLLMSG();
    /** C's {@code POLLNVAL}. */
    public static final int POLLNVAL = sockets_h.POLLNVAL();
    /** C's {@code POLLOUT}. */
    public static final int POLLOUT = sockets_h.POLLOUT();
    /** C's {@code POLLPRI}. */
    public static final int POLLPRI = sockets_h.POLLPRI();
    /** C's {@code POLLRDBAND}. */
    public static final int POLLRDBAND = sockets_h.POLLRDBAND();
    /** C's {@code POLLRDHUP}. */
    public static final int POLLRDHUP = sockets_h.POLLRDHUP();
    /** C's {@code POLLRDNORM}. */
    public static final int POLLRDNORM = sockets_h.POLLRDNORM();
    /** C's {@code POLLREMOVE}. */
    public static final int POLLREMOVE = sockets_h.POLLREMOVE();
    /** C's {@code POLLWRBAND}. */
    public static final int POLLWRBAND = sockets_h.POLLWRBAND();
    /** C's {@code POLLWRNORM}. */
    public static final int POLLWRNORM = sockets_h.POLLWRNORM();

    // ---- fcntl commands and descriptor flags (F_*, FD_CLOEXEC, O_NONBLOCK).
    /** C's {@code F_DUPFD}. */
    public static final int F_DUPFD = sockets_h.F_DUPFD();
    /** C's {@code F_DUPFD_CLOEXEC}. */
    public static final int F_DUPFD_CLOEXEC = sockets_h.F_DUPFD_CLOEXEC();
    /** C's {@code F_GETFD}. */
    public static final int F_GETFD = sockets_h.F_GETFD();
    /** C's {@code F_SETFD}. */
    public static final int F_SETFD = sockets_h.F_SETFD();
    /** C's {@code F_GETFL}. */
    public static final int F_GETFL = sockets_h.F_GETFL();
    /** C's {@code F_SETFL}. */
    public static final int F_SETFL = sockets_h.F_SETFL();
    /** C's {@code FD_CLOEXEC}. */
    public static final int FD_CLOEXEC = sockets_h.FD_CLOEXEC();
    /** C's {@code O_RDONLY}. */
    public static final int O_RDONLY = sockets_h.O_RDONLY();
    /** C's {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = sockets_h.O_NONBLOCK();
    /** C's {@code O_CLOEXEC}. */
    public static final int O_CLOEXEC = sockets_h.O_CLOEXEC();

    // ---- epoll events, control operations and flags (EPOLL*).
    /** C's {@code EPOLLIN}. */
    public static final int EPOLLIN = sockets_h.EPOLLIN();
    /** C's {@code EPOLLPRI}. */
    public static final int EPOLLPRI = sockets_h.EPOLLPRI();
    /** C's {@code EPOLLOUT}. */
    public static final int EPOLLOUT = sockets_h.EPOLLOUT();
    /** C's {@code EPOLLRDNORM}. */
    public static final int EPOLLRDNORM = sockets_h.EPOLLRDNORM();
    /** C's {@code EPOLLRDBAND}. */
    public static final int EPOLLRDBAND = sockets_h.EPOLLRDBAND();
    /** C's {@code EPOLLWRNORM}. */
    public static final int EPOLLWRNORM = sockets_h.EPOLLWRNORM();
    /** C's {@code EPOLLWRBAND}. */
    public static final int EPOLLWRBAND = sockets_h.EPOLLWRBAND();
    /** C's {@code EPOLLMSG}. */
    public static final int EPOLLMSG = sockets_h.EPOLLMSG();
    /** C's {@code EPOLLERR}. */
    public static final int EPOLLERR = sockets_h.EPOLLERR();
    /** C's {@code EPOLLHUP}. */
    public static final int EPOLLHUP = sockets_h.EPOLLHUP();
    /** C's {@code EPOLLRDHUP}. */
    public static final int EPOLLRDHUP = sockets_h.EPOLLRDHUP();
    /** C's {@code EPOLLEXCLUSIVE}. */
    public static final int EPOLLEXCLUSIVE = sockets_h.EPOLLEXCLUSIVE();
    /** C's {@code EPOLLWAKEUP}. */
    public static final int EPOLLWAKEUP = sockets_h.EPOLLWAKEUP();
    /** C's {@code EPOLLONESHOT}. */
    public static final int EPOLLONESHOT = sockets_h.EPOLLONESHOT();
    /** C's {@code EPOLLET}. */
    public static final int EPOLLET = sockets_h.EPOLLET();
    /** C's {@code EPOLL_CTL_ADD}. */
    public static final int EPOLL_CTL_ADD = sockets_h.EPOLL_CTL_ADD();
    /** C's {@code EPOLL_CTL_MOD}. */
    public static final int EPOLL_CTL_MOD = sockets_h.EPOLL_CTL_MOD();
    /** C's {@code EPOLL_CTL_DEL}. */
    public static final int EPOLL_CTL_DEL = sockets_h.EPOLL_CTL_DEL();
    /** C's {@code EPOLL_CLOEXEC}. */
    public static final int EPOLL_CLOEXEC = sockets_h.EPOLL_CLOEXEC();

    // ---- ioctl requests with an int argument, and interface names (FIONREAD, SIOC*, IF_NAMESIZE).
    /** C's {@code FIONREAD}: the bytes waiting to be read. */
    public static final int FIONREAD = sockets_h.FIONREAD();
    /** C's {@code FIONBIO}: sets or clears non-blocking mode from an {@code int}. */
    public static final int FIONBIO = sockets_h.FIONBIO();
    /** C's {@code FIOCLEX}: sets {@code FD_CLOEXEC}; no argument. */
    public static final int FIOCLEX = sockets_h.FIOCLEX();
    /** C's {@code FIONCLEX}: clears {@code FD_CLOEXEC}; no argument. */
    public static final int FIONCLEX = sockets_h.FIONCLEX();
    /** C's {@code SIOCINQ} ({@code FIONREAD} on sockets). */
    public static final int SIOCINQ = sockets_h.SIOCINQ();
    /** C's {@code SIOCOUTQ}: the bytes in the send queue not yet acknowledged (TCP) or sent. */
    public static final int SIOCOUTQ = sockets_h.SIOCOUTQ();
    /** C's {@code TIOCOUTQ} ({@code SIOCOUTQ}'s value). */
    public static final int TIOCOUTQ = sockets_h.TIOCOUTQ();
    /** C's {@code IF_NAMESIZE}: room for an interface name with its NUL. */
    public static final int IF_NAMESIZE = sockets_h.IF_NAMESIZE();
}
