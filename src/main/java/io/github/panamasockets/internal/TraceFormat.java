package io.github.panamasockets.internal;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;

import io.github.panamasockets.Errno;
import io.github.panamasockets.SocketConstants;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.StringJoiner;

/**
 * Turns one C call into a trace line in the manner of strace: {@code name(arguments) = result}, with errno's
 * name and text after a failure. Arguments are shown as C sees them, decoded where that helps a reader:
 * socket addresses (given with their length, or returned through a length pointer) as
 * {@code {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}}, data buffers by their length
 * ({@code <5 bytes>}, never their content), {@code int} option values and out-parameters in brackets, and by name
 * the family, the type, the option level and name, {@code SHUT_*}, the {@code MSG_*}, {@code O_*} and
 * {@code POLL*} flags, {@code fcntl} commands and {@code ioctl} requests.
 *
 * <p>Everything here is plain Java reading memory the call was given: nothing reaches C, so formatting cannot
 * disturb the errno being reported (except the errno names, from {@code strerrorname_np}, which the caller
 * accounts for).
 */
final class TraceFormat {
    private TraceFormat() {}

    /**
     * @param name the C function
     * @param args the handle's arguments: the capture state, then the C arguments
     * @param result what it returned ({@code null} for a {@code void} function)
     * @param errno the errno it captured
     * @return the line
     */
    static String line(String name, Object[] args, Object result, int errno) {
        // sendmsg and recvmsg may carry extra pointer arguments after their three, which C never sees (ScopeHolds).
        int shownArgs = name.equals("sendmsg") || name.equals("recvmsg") ? Math.min(3, args.length - 1) : args.length - 1;
        Object[] a = new Object[shownArgs];
        System.arraycopy(args, 1, a, 0, a.length);
        long r = result instanceof Number n ? n.longValue() : result == null ? 0 : -2;
        boolean ok = r >= 0;
        String[] shown = new String[a.length];
        for (int i = 0; i < a.length; i++) {
            shown[i] = plain(a[i]);
        }
        switch (name) {
            case "socket", "socketpair" -> {
                shown[0] = CNames.family((Integer) a[0]);
                shown[1] = CNames.socketType((Integer) a[1]);
                if (name.equals("socketpair") && ok) {
                    shown[3] = ints((MemorySegment) a[3], 2);
                }
            }
            case "bind", "connect" -> shown[1] = sockaddr((MemorySegment) a[1], (Integer) a[2]);
            case "accept4", "getsockname", "getpeername" -> {
                if (ok) {
                    shown[1] = sockaddr((MemorySegment) a[1], intAt((MemorySegment) a[2]));
                }
                shown[2] = ints((MemorySegment) a[2], 1); // the room given, after a failure, as strace shows it
                if (name.equals("accept4")) {
                    shown[3] = CNames.socketType((Integer) a[3]);
                }
            }
            case "send", "write" -> shown[1] = bytes((Long) a[2]);
            case "recv", "read" -> shown[1] = ok ? bytes(r) : shown[1];
            case "sendto" -> {
                shown[1] = bytes((Long) a[2]);
                shown[4] = sockaddr((MemorySegment) a[4], (Integer) a[5]);
            }
            case "recvfrom" -> {
                if (ok) {
                    shown[1] = bytes(r);
                    shown[4] = sockaddr((MemorySegment) a[4], intAt((MemorySegment) a[5]));
                    shown[5] = ints((MemorySegment) a[5], 1);
                }
            }
            case "sendmsg", "recvmsg" -> shown[1] = msghdr((MemorySegment) a[1], ok);
            case "inet_pton" -> {
                shown[0] = CNames.family((Integer) a[0]);
                shown[1] = cString((MemorySegment) a[1]);
            }
            case "inet_ntop" -> {
                shown[0] = CNames.family((Integer) a[0]);
                if (result instanceof MemorySegment text && !text.equals(MemorySegment.NULL)) {
                    shown[2] = cString((MemorySegment) a[2]);
                }
            }
            case "setsockopt" -> {
                shown[1] = CNames.level((Integer) a[1]);
                shown[2] = CNames.option((Integer) a[1], (Integer) a[2]);
                shown[3] = optionValue((Integer) a[1], (Integer) a[2], (MemorySegment) a[3], (Integer) a[4], shown[3]);
            }
            case "getsockopt" -> {
                shown[1] = CNames.level((Integer) a[1]);
                shown[2] = CNames.option((Integer) a[1], (Integer) a[2]);
                if (ok) {
                    shown[3] = optionValue((Integer) a[1], (Integer) a[2], (MemorySegment) a[3], intAt((MemorySegment) a[4]), shown[3]);
                }
                shown[4] = ints((MemorySegment) a[4], 1);
            }
            case "shutdown" -> shown[1] = CNames.shutdownHow((Integer) a[1]);
            case "fcntl" -> {
                int cmd = (Integer) a[1];
                shown[1] = CNames.fcntlCommand(cmd);
                if (a.length > 2 && a[2] instanceof Integer arg) {
                    shown[2] = cmd == SocketConstants.F_SETFL ? CNames.openFlags(arg)
                            : cmd == SocketConstants.F_SETFD ? CNames.descriptorFlags(arg) : shown[2];
                }
            }
            case "ioctl" -> {
                shown[1] = CNames.ioctlRequest((Long) a[1]);
                if (ok && a[2] instanceof MemorySegment arg) {
                    shown[2] = ints(arg, 1);
                }
            }
            case "pipe2" -> {
                if (ok) {
                    shown[0] = ints((MemorySegment) a[0], 2);
                }
                shown[1] = CNames.openFlags((Integer) a[1]);
            }
            case "dup3" -> shown[2] = CNames.openFlags((Integer) a[2]);
            case "epoll_ctl" -> shown[1] = CNames.epollOp((Integer) a[1]);
            case "poll" -> shown[0] = pollfds((MemorySegment) a[0], (Long) a[1], false);
            default -> { }
        }
        if (name.startsWith("send") || name.startsWith("recv")) {
            int flags = name.endsWith("mmsg") ? 3 : name.endsWith("msg") ? 2 : 3;
            if (flags < a.length && a[flags] instanceof Integer f) {
                shown[flags] = CNames.msgFlags(f);
            }
        }
        StringBuilder line = new StringBuilder(name).append('(').append(String.join(", ", shown)).append(')');
        if (result != null) {
            line.append(" = ").append(plain(result));
            if (name.equals("poll") && r > 0) {
                line.append(" (").append(pollfds((MemorySegment) a[0], (Long) a[1], true)).append(')');
            }
            if (failed(name, result)) {
                line.append(' ').append(Errno.name(errno)).append(" (").append(Errno.description(errno)).append(')');
            } else if ((name.equals("getaddrinfo") || name.equals("getnameinfo")) && r != 0) {
                line.append(' ').append(ErrnoExceptions.eaiName((int) r));
            }
        }
        return line.toString();
    }

    /** Whether the result is the function's failure value, after which errno means something. */
    private static boolean failed(String name, Object result) {
        if (result instanceof MemorySegment m) {
            return m.equals(MemorySegment.NULL) && !name.startsWith("strerror");
        }
        if (name.equals("getaddrinfo") || name.equals("getnameinfo")) {
            return false; // they return an EAI code, not -1; errno matters only for EAI_SYSTEM
        }
        return result instanceof Number n && n.longValue() == -1;
    }

    private static String plain(Object value) {
        if (value instanceof MemorySegment m) {
            return m.equals(MemorySegment.NULL) ? "NULL" : "0x" + Long.toHexString(m.address());
        }
        return String.valueOf(value);
    }

    /** A NUL-terminated string within the segment's bounds, quoted; its address when there is none. */
    private static String cString(MemorySegment m) {
        if (!m.equals(MemorySegment.NULL) && m.byteSize() > 0) {
            try {
                return "\"" + m.getString(0) + "\"";
            } catch (IndexOutOfBoundsException noTerminator) {
                // fall through: not a string this segment holds
            }
        }
        return plain(m);
    }

    private static String bytes(long count) {
        return "<" + count + (count == 1 ? " byte>" : " bytes>");
    }

    /** The first {@code count} ints of an out-parameter, as strace shows {@code [16]} or {@code [3, 4]}. */
    private static String ints(MemorySegment m, int count) {
        if (m.equals(MemorySegment.NULL) || m.byteSize() < 4L * count) {
            return plain(m);
        }
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < count; i++) {
            j.add(Integer.toString(m.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i)));
        }
        return j.toString();
    }

    private static int intAt(MemorySegment m) {
        return m.equals(MemorySegment.NULL) || m.byteSize() < 4 ? -1 : m.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
    }

    /**
     * A {@code struct msghdr}: its address decoded after a call that succeeded (the kernel has then read or written
     * it, so it is memory of the caller's), its counts and flags always.
     */
    private static String msghdr(MemorySegment m, boolean ok) {
        if (m.equals(MemorySegment.NULL) || m.byteSize() < Structs.MSGHDR.byteSize()) {
            return plain(m);
        }
        int namelen = m.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.MSG_NAMELEN);
        MemorySegment name = m.get(ValueLayout.ADDRESS_UNALIGNED, Structs.MSG_NAME);
        String shownName = name.equals(MemorySegment.NULL) ? "NULL"
                : ok && namelen > 0 ? sockaddr(name.reinterpret(namelen), namelen) : plain(name);
        return "{msg_name=" + shownName + ", msg_namelen=" + namelen
                + ", msg_iovlen=" + m.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.MSG_IOVLEN)
                + ", msg_controllen=" + m.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.MSG_CONTROLLEN)
                + ", msg_flags=" + CNames.msgFlags(m.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.MSG_FLAGS)) + "}";
    }

    /** {@code struct pollfd}s as strace shows them: the events asked for, or after the call the events returned. */
    private static String pollfds(MemorySegment fds, long nfds, boolean returned) {
        long size = Structs.POLLFD.byteSize();
        if (fds.equals(MemorySegment.NULL) || nfds < 0 || fds.byteSize() < nfds * size) {
            return plain(fds);
        }
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (long i = 0; i < nfds; i++) {
            int fd = fds.get(ValueLayout.JAVA_INT_UNALIGNED, i * size + Structs.POLLFD_FD);
            short events = fds.get(ValueLayout.JAVA_SHORT_UNALIGNED, i * size + (returned ? Structs.POLLFD_REVENTS : Structs.POLLFD_EVENTS));
            if (!returned || events != 0) {
                j.add("{fd=" + fd + (returned ? ", revents=" : ", events=") + CNames.pollEvents(events) + "}");
            }
        }
        return j.toString();
    }

    /**
     * An option's value: an {@code int} in brackets as strace shows it ({@code [1]}); a {@code struct linger},
     * {@code struct timeval} or {@code struct ucred} by its fields; anything else by its address.
     */
    private static String optionValue(int level, int optname, MemorySegment value, int length, String otherwise) {
        if (value.equals(MemorySegment.NULL) || length < 0 || value.byteSize() < length) {
            return otherwise;
        }
        if (level == SocketConstants.SOL_SOCKET) {
            if (optname == SocketConstants.SO_LINGER && length >= Structs.LINGER.byteSize()) {
                return "{l_onoff=" + value.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.L_ONOFF)
                        + ", l_linger=" + value.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.L_LINGER) + "}";
            }
            if ((optname == SocketConstants.SO_RCVTIMEO || optname == SocketConstants.SO_SNDTIMEO)
                    && length >= Structs.TIMEVAL.byteSize()) {
                return "{tv_sec=" + value.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.TV_SEC)
                        + ", tv_usec=" + value.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.TV_USEC) + "}";
            }
            if (optname == SocketConstants.SO_PEERCRED && length >= Structs.UCRED.byteSize()) {
                return "{pid=" + value.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.UCRED_PID)
                        + ", uid=" + Integer.toUnsignedString(value.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.UCRED_UID))
                        + ", gid=" + Integer.toUnsignedString(value.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.UCRED_GID)) + "}";
            }
        }
        return length == 4 ? ints(value, 1) : otherwise;
    }

    /**
     * A socket address the call was given or filled in, as strace writes it:
     * {@code {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}}. Memory shorter than the
     * length it comes with is shown by its address only, never read past its end.
     */
    static String sockaddr(MemorySegment m, long length) {
        if (m.equals(MemorySegment.NULL)) {
            return "NULL";
        }
        if (length < 2 || m.byteSize() < length) {
            return plain(m);
        }
        int family = Short.toUnsignedInt(m.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
        String head = "{sa_family=" + CNames.family(family);
        if (family == AF_INET && length >= 8) {
            return head + ", sin_port=htons(" + port(m) + "), sin_addr=inet_addr(\"" + (m.get(ValueLayout.JAVA_BYTE, 4) & 0xff)
                    + "." + (m.get(ValueLayout.JAVA_BYTE, 5) & 0xff) + "." + (m.get(ValueLayout.JAVA_BYTE, 6) & 0xff)
                    + "." + (m.get(ValueLayout.JAVA_BYTE, 7) & 0xff) + "\")}";
        }
        if (family == AF_INET6 && length >= 24) {
            String scope = length >= 28 ? ", sin6_scope_id=" + Integer.toUnsignedString(m.get(ValueLayout.JAVA_INT_UNALIGNED, 24)) : "";
            return head + ", sin6_port=htons(" + port(m) + "), sin6_flowinfo=htonl("
                    + Integer.toUnsignedString(Integer.reverseBytes(m.get(ValueLayout.JAVA_INT_UNALIGNED, 4)))
                    + "), inet_pton(AF_INET6, \"" + ipv6(m.asSlice(8, 16)) + "\", &sin6_addr)" + scope + "}";
        }
        if (family == AF_UNIX) {
            if (length == 2) {
                return head + "}";
            }
            byte[] path = m.asSlice(2, length - 2).toArray(ValueLayout.JAVA_BYTE);
            if (path[0] == 0) {
                return head + ", sun_path=@\"" + CText.display(java.util.Arrays.copyOfRange(path, 1, path.length)) + "\"}";
            }
            int end = 0;
            while (end < path.length && path[end] != 0) {
                end++;
            }
            return head + ", sun_path=\"" + CText.display(java.util.Arrays.copyOf(path, end)) + "\"}";
        }
        return head + ", sa_data=<" + (length - 2) + " bytes>}";
    }

    private static int port(MemorySegment m) {
        return ((m.get(ValueLayout.JAVA_BYTE, 2) & 0xff) << 8) | (m.get(ValueLayout.JAVA_BYTE, 3) & 0xff);
    }

    /** RFC 5952 text for 16 bytes: lower-case hex, the longest run of two or more zero groups as {@code ::}. */
    static String ipv6(MemorySegment sixteen) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((sixteen.get(ValueLayout.JAVA_BYTE, 2L * i) & 0xff) << 8) | (sixteen.get(ValueLayout.JAVA_BYTE, 2L * i + 1) & 0xff);
        }
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
