package io.github.panamasockets.internal;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;

import io.github.panamasockets.SocketConstants;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * The C names of the numbers a socket call is given, for text meant for people: {@code PosixSocket.toString}
 * and the trace lines. Only the common families are named; anything else stays a number.
 *
 * <p>Option levels and names, {@code SHUT_*}, {@code fcntl} commands, {@code ioctl} requests and {@code poll}
 * events are named from the fields of {@link SocketConstants} themselves, read by reflection the first time a
 * name is asked for, so this class writes no number of its own. Where two names share a value
 * ({@code IPV6_ADD_MEMBERSHIP} and {@code IPV6_JOIN_GROUP}) the first in alphabetical order is shown; the
 * {@code _OLD}/{@code _NEW} twins of the time options never are.
 */
public final class CNames {
    private CNames() {}

    /** Linux keeps the type in the low four bits and the SOCK_NONBLOCK/SOCK_CLOEXEC flags above. */
    private static final int SOCK_TYPE_MASK = 0xf;

    /**
     * @param family an address family
     * @return its C name ({@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}, ...) or its number
     */
    public static String family(int family) {
        if (family == AF_INET) {
            return "AF_INET";
        } else if (family == AF_INET6) {
            return "AF_INET6";
        } else if (family == AF_UNIX) {
            return "AF_UNIX";
        } else if (family == SocketConstants.AF_UNSPEC) {
            return "AF_UNSPEC";
        } else if (family == SocketConstants.AF_NETLINK) {
            return "AF_NETLINK";
        } else if (family == SocketConstants.AF_PACKET) {
            return "AF_PACKET";
        }
        return Integer.toString(family);
    }

    /**
     * @param type a socket type with its flags, or {@code accept4}'s flags alone
     * @return {@code SOCK_STREAM|SOCK_CLOEXEC}, {@code SOCK_NONBLOCK}, ..., or {@code 0}
     */
    public static String socketType(int type) {
        int base = type & SOCK_TYPE_MASK;
        StringJoiner j = new StringJoiner("|");
        String[] names = {null, "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET"};
        if (base > 0 && base < names.length) {
            j.add(names[base]);
        } else if (base != 0) {
            j.add(Integer.toString(base));
        }
        if ((type & SocketConstants.SOCK_NONBLOCK) != 0) {
            j.add("SOCK_NONBLOCK");
        }
        if ((type & SocketConstants.SOCK_CLOEXEC) != 0) {
            j.add("SOCK_CLOEXEC");
        }
        int rest = type & ~(SOCK_TYPE_MASK | SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC);
        if (rest != 0) {
            j.add("0x" + Integer.toHexString(rest));
        }
        return j.length() == 0 ? "0" : j.toString();
    }

    /**
     * @param level a {@code getsockopt}/{@code setsockopt} level
     * @return {@code SOL_SOCKET}, {@code SOL_TCP}, {@code SOL_IP}, ..., as strace names them, or the number
     */
    public static String level(int level) {
        return Tables.LEVELS.getOrDefault(level, Integer.toString(level));
    }

    /**
     * @param level the option's level
     * @param optname the option
     * @return {@code SO_REUSEADDR}, {@code TCP_NODELAY}, {@code IPV6_V6ONLY}, ..., or the number
     */
    public static String option(int level, int optname) {
        Map<Integer, String> names = level == SocketConstants.SOL_SOCKET ? Tables.SO
                : level == SocketConstants.SOL_TCP ? Tables.TCP
                : level == SocketConstants.SOL_IP ? Tables.IP
                : level == SocketConstants.SOL_IPV6 ? Tables.IPV6
                : level == SocketConstants.SOL_UDP ? Tables.UDP
                : Map.of();
        return names.getOrDefault(optname, Integer.toString(optname));
    }

    /** @param how {@code shutdown}'s second argument @return {@code SHUT_RD}, {@code SHUT_WR}, {@code SHUT_RDWR}, or the number */
    public static String shutdownHow(int how) {
        return Tables.SHUT.getOrDefault(how, Integer.toString(how));
    }

    /** @param cmd an {@code fcntl} command @return {@code F_GETFL}, {@code F_SETFD}, ..., or the number */
    public static String fcntlCommand(int cmd) {
        return Tables.FCNTL.getOrDefault(cmd, Integer.toString(cmd));
    }

    /** @param request an {@code ioctl} request @return {@code FIONREAD}, {@code SIOCOUTQ}, ..., or the number in hex */
    public static String ioctlRequest(long request) {
        String name = request == (int) request ? Tables.IOCTL.get((int) request) : null;
        return name != null ? name : "0x" + Long.toHexString(request);
    }

    /** @param op an {@code epoll_ctl} operation @return {@code EPOLL_CTL_ADD}, ..., or the number */
    public static String epollOp(int op) {
        return Tables.EPOLL_CTL.getOrDefault(op, Integer.toString(op));
    }

    /** @param events {@code poll} events @return {@code POLLIN|POLLOUT}, unknown bits in hex, or {@code 0} */
    public static String pollEvents(int events) {
        return bits(events & 0xFFFF, Tables.POLL);
    }

    /**
     * @param flags open-file flags ({@code pipe2}, {@code dup3}, {@code F_SETFL}) or descriptor flags ({@code F_SETFD})
     * @return {@code O_NONBLOCK|O_CLOEXEC}, {@code FD_CLOEXEC}, unknown bits in hex, or {@code 0}
     */
    public static String openFlags(int flags) {
        return bits(flags, Tables.O_FLAGS);
    }

    /** @param flags descriptor flags ({@code F_SETFD}, {@code F_GETFD}) @return {@code FD_CLOEXEC}, or {@code 0} */
    public static String descriptorFlags(int flags) {
        return bits(flags, Tables.FD_FLAGS);
    }

    private static String bits(int flags, Map<Integer, String> names) {
        if (flags == 0) {
            return "0";
        }
        StringJoiner j = new StringJoiner("|");
        int rest = flags;
        for (int bit = 0; bit < 32; bit++) {
            int value = 1 << bit;
            String name = names.get(value);
            if ((rest & value) != 0 && name != null) {
                j.add(name);
                rest &= ~value;
            }
        }
        if (rest != 0) {
            j.add("0x" + Integer.toHexString(rest));
        }
        return j.toString();
    }

    /** The reverse tables, made on first use: tracing and {@code toString} only. */
    private static final class Tables {
        private static final Set<String> TCP_OPTIONS = Set.of("TCP_NODELAY", "TCP_MAXSEG", "TCP_CORK", "TCP_KEEPIDLE",
                "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_SYNCNT", "TCP_LINGER2", "TCP_DEFER_ACCEPT", "TCP_WINDOW_CLAMP",
                "TCP_INFO", "TCP_QUICKACK", "TCP_CONGESTION", "TCP_MD5SIG", "TCP_COOKIE_TRANSACTIONS",
                "TCP_THIN_LINEAR_TIMEOUTS", "TCP_THIN_DUPACK", "TCP_USER_TIMEOUT", "TCP_REPAIR", "TCP_REPAIR_QUEUE",
                "TCP_QUEUE_SEQ", "TCP_REPAIR_OPTIONS", "TCP_FASTOPEN", "TCP_TIMESTAMP", "TCP_NOTSENT_LOWAT",
                "TCP_CC_INFO", "TCP_SAVE_SYN", "TCP_SAVED_SYN", "TCP_REPAIR_WINDOW", "TCP_FASTOPEN_CONNECT", "TCP_ULP",
                "TCP_MD5SIG_EXT", "TCP_FASTOPEN_KEY", "TCP_FASTOPEN_NO_COOKIE", "TCP_ZEROCOPY_RECEIVE", "TCP_INQ",
                "TCP_TX_DELAY");
        /** The multicast-group options of RFC 3678, valid at both IP levels; MCAST_INCLUDE/EXCLUDE are filter modes. */
        private static final Predicate<String> MCAST = n -> n.startsWith("MCAST_") && !n.equals("MCAST_INCLUDE")
                && !n.equals("MCAST_EXCLUDE");

        static final Map<Integer, String> LEVELS = names(n -> n.startsWith("SOL_"));
        static final Map<Integer, String> SO = names(n -> n.startsWith("SO_") && !n.startsWith("SO_EE_")
                && !n.endsWith("_OLD") && !n.endsWith("_NEW"));
        static final Map<Integer, String> TCP = names(TCP_OPTIONS::contains);
        static final Map<Integer, String> IP = names(MCAST.or(n -> n.startsWith("IP_") && !n.startsWith("IP_PMTUDISC_")
                && !n.startsWith("IP_DEFAULT_") && !n.equals("IP_MAX_MEMBERSHIPS")));
        static final Map<Integer, String> IPV6 = names(MCAST.or(n -> n.startsWith("IPV6_")
                && !n.startsWith("IPV6_PMTUDISC_") && !n.startsWith("IPV6_RTHDR_")));
        static final Map<Integer, String> UDP = names(n -> n.startsWith("UDP_") && !n.startsWith("UDP_ENCAP_"));
        static final Map<Integer, String> SHUT = names(n -> n.startsWith("SHUT_"));
        static final Map<Integer, String> FCNTL = names(n -> n.startsWith("F_"));
        static final Map<Integer, String> IOCTL = names(Set.of("FIONREAD", "FIONBIO", "FIOCLEX", "FIONCLEX", "SIOCINQ",
                "SIOCOUTQ", "TIOCOUTQ")::contains);
        static final Map<Integer, String> EPOLL_CTL = names(n -> n.startsWith("EPOLL_CTL_"));
        static final Map<Integer, String> POLL = names(n -> n.startsWith("POLL"));
        /** The O_* flags one bit each, as strace names them: not the aliases (O_NDELAY, O_FSYNC, O_RSYNC) nor masks. */
        static final Map<Integer, String> O_FLAGS = names(n -> n.startsWith("O_") && !Set.of("O_RDONLY", "O_ACCMODE",
                "O_NDELAY", "O_FSYNC", "O_RSYNC", "O_TMPFILE").contains(n));
        static final Map<Integer, String> FD_FLAGS = names(n -> n.equals("FD_CLOEXEC"));

        /** Value to name for the {@code int} constants of {@link SocketConstants} whose names pass {@code include}. */
        private static Map<Integer, String> names(Predicate<String> include) {
            Field[] fields = SocketConstants.class.getFields();
            Arrays.sort(fields, (a, b) -> a.getName().compareTo(b.getName()));
            Map<Integer, String> map = new HashMap<>();
            for (Field f : fields) {
                if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && include.test(f.getName())) {
                    try {
                        map.putIfAbsent(f.getInt(null), f.getName());
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e); // public fields of a public class
                    }
                }
            }
            return Map.copyOf(map);
        }
    }

    private static final int[] MSG_VALUES = {
        SocketConstants.MSG_OOB, SocketConstants.MSG_PEEK, SocketConstants.MSG_DONTROUTE, SocketConstants.MSG_CTRUNC,
        SocketConstants.MSG_TRUNC, SocketConstants.MSG_DONTWAIT, SocketConstants.MSG_EOR, SocketConstants.MSG_WAITALL,
        SocketConstants.MSG_CONFIRM, SocketConstants.MSG_ERRQUEUE, SocketConstants.MSG_NOSIGNAL, SocketConstants.MSG_MORE,
        SocketConstants.MSG_WAITFORONE, SocketConstants.MSG_FASTOPEN, SocketConstants.MSG_ZEROCOPY,
        SocketConstants.MSG_CMSG_CLOEXEC,
    };
    private static final String[] MSG_NAMES = {
        "MSG_OOB", "MSG_PEEK", "MSG_DONTROUTE", "MSG_CTRUNC", "MSG_TRUNC", "MSG_DONTWAIT", "MSG_EOR", "MSG_WAITALL",
        "MSG_CONFIRM", "MSG_ERRQUEUE", "MSG_NOSIGNAL", "MSG_MORE", "MSG_WAITFORONE", "MSG_FASTOPEN", "MSG_ZEROCOPY",
        "MSG_CMSG_CLOEXEC",
    };

    /**
     * @param flags {@code MSG_*} flags
     * @return {@code MSG_PEEK|MSG_DONTWAIT}, ..., unknown bits in hex, or {@code 0}
     */
    public static String msgFlags(int flags) {
        if (flags == 0) {
            return "0";
        }
        StringJoiner j = new StringJoiner("|");
        int rest = flags;
        for (int i = 0; i < MSG_VALUES.length; i++) {
            if ((rest & MSG_VALUES[i]) != 0) {
                j.add(MSG_NAMES[i]);
                rest &= ~MSG_VALUES[i];
            }
        }
        if (rest != 0) {
            j.add("0x" + Integer.toHexString(rest));
        }
        return j.toString();
    }
}
