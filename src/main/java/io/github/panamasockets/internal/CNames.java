package io.github.panamasockets.internal;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;

import io.github.panamasockets.SocketConstants;
import java.util.StringJoiner;

/**
 * The C names of the numbers a socket call is given, for text meant for people: {@code PosixSocket.toString}
 * and the trace lines. Only the common families are named; anything else stays a number.
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
