package io.github.panamasockets.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * One small wrapper per C library function that looks a name up or turns text into an address without a
 * descriptor: the host name, network interfaces, {@code /etc/services} and {@code /etc/protocols} entries, and the
 * legacy IPv4 text functions. As in {@link Libc}, each makes exactly one C call through {@link NativeCall} and
 * applies the function's own failure convention, which here differs from function to function: {@code 0} with
 * errno ({@code if_nametoindex}), {@code NULL} with errno ({@code if_indextoname}, {@code if_nameindex}), an
 * error number returned ({@code getservbyname_r} and its kin), or no errno at all ({@code inet_aton},
 * {@code inet_addr}).
 *
 * <p>None of these reaches the network: the host name is the kernel's, interfaces are the kernel's, services and
 * protocols are read from local files as {@code /etc/nsswitch.conf} says (files on every usual system).
 */
public final class LibcNames {
    private LibcNames() {}

    private static final MethodHandle GETHOSTNAME = NativeCall.downcall("gethostname");
    private static final MethodHandle IF_NAMETOINDEX = NativeCall.downcall("if_nametoindex");
    private static final MethodHandle IF_INDEXTONAME = NativeCall.downcall("if_indextoname");
    private static final MethodHandle IF_NAMEINDEX = NativeCall.downcall("if_nameindex");
    private static final MethodHandle IF_FREENAMEINDEX = NativeCall.downcall("if_freenameindex");
    private static final MethodHandle GETSERVBYNAME_R = NativeCall.downcall("getservbyname_r");
    private static final MethodHandle GETSERVBYPORT_R = NativeCall.downcall("getservbyport_r");
    private static final MethodHandle GETPROTOBYNAME_R = NativeCall.downcall("getprotobyname_r");
    private static final MethodHandle GETPROTOBYNUMBER_R = NativeCall.downcall("getprotobynumber_r");
    private static final MethodHandle INET_ATON = NativeCall.downcall("inet_aton");
    private static final MethodHandle INET_ADDR = NativeCall.downcall("inet_addr");
    private static final MethodHandle INET_NTOA = NativeCall.downcall("inet_ntoa");

    /** {@code gethostname(2)}: the NUL-terminated name into {@code name}, at most {@code len} bytes. */
    public static void gethostname(MemorySegment name, long len) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) GETHOSTNAME.invokeExact(st, name, len);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("gethostname", r, st);
    }

    /** {@code if_nametoindex(3)}, which fails with 0 and errno ({@code ENODEV}). @return the index */
    public static int if_nametoindex(MemorySegment ifname, Object detail) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) IF_NAMETOINDEX.invokeExact(st, ifname);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r == 0) {
            throw NativeCall.fail("if_nametoindex", st, detail);
        }
        return r;
    }

    /** {@code if_indextoname(3)}: the name into {@code ifname} ({@code IF_NAMESIZE} bytes); NULL and errno ({@code ENXIO}) on failure. */
    public static void if_indextoname(int ifindex, MemorySegment ifname) throws IOException {
        MemorySegment st = Scratch.get().callState;
        MemorySegment r;
        try {
            r = (MemorySegment) IF_INDEXTONAME.invokeExact(st, ifindex, ifname);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r.equals(MemorySegment.NULL)) {
            throw NativeCall.fail("if_indextoname", st, "index " + Integer.toUnsignedString(ifindex));
        }
    }

    /**
     * {@code if_nameindex(3)}: the interfaces, as an array ended by an entry with index 0, which the caller owes an
     * {@link #if_freenameindex}. @return the array's address (a zero-length segment)
     */
    public static MemorySegment if_nameindex() throws IOException {
        MemorySegment st = Scratch.get().callState;
        MemorySegment r;
        try {
            r = (MemorySegment) IF_NAMEINDEX.invokeExact(st);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r.equals(MemorySegment.NULL)) {
            throw NativeCall.fail("if_nameindex", st, null);
        }
        return r;
    }

    /** {@code if_freenameindex(3)}: releases what {@link #if_nameindex} returned. It cannot fail. */
    public static void if_freenameindex(MemorySegment ptr) {
        try {
            IF_FREENAMEINDEX.invokeExact(Scratch.get().callState, ptr);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /**
     * {@code getservbyname_r(3)}, which returns 0 or an error number ({@code ERANGE}: {@code buf} is too small).
     *
     * @return 0 (then {@code *result} is the entry, or NULL when there is none) or the error number
     */
    public static int getservbyname_r(MemorySegment name, MemorySegment proto, MemorySegment resultBuf,
                                      MemorySegment buf, long buflen, MemorySegment result) {
        try {
            return (int) GETSERVBYNAME_R.invokeExact(Scratch.get().callState, name, proto, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /** {@code getservbyport_r(3)}, as {@link #getservbyname_r}; {@code port} in network byte order. */
    public static int getservbyport_r(int port, MemorySegment proto, MemorySegment resultBuf, MemorySegment buf,
                                      long buflen, MemorySegment result) {
        try {
            return (int) GETSERVBYPORT_R.invokeExact(Scratch.get().callState, port, proto, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /** {@code getprotobyname_r(3)}, as {@link #getservbyname_r}. */
    public static int getprotobyname_r(MemorySegment name, MemorySegment resultBuf, MemorySegment buf, long buflen,
                                       MemorySegment result) {
        try {
            return (int) GETPROTOBYNAME_R.invokeExact(Scratch.get().callState, name, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /** {@code getprotobynumber_r(3)}, as {@link #getservbyname_r}. */
    public static int getprotobynumber_r(int proto, MemorySegment resultBuf, MemorySegment buf, long buflen,
                                         MemorySegment result) {
        try {
            return (int) GETPROTOBYNUMBER_R.invokeExact(Scratch.get().callState, proto, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /** {@code inet_aton(3)}: nonzero when {@code cp} is an IPv4 address in any of its legacy forms; no errno. */
    public static int inet_aton(MemorySegment cp, MemorySegment inp) {
        try {
            return (int) INET_ATON.invokeExact(Scratch.get().callState, cp, inp);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /** {@code inet_addr(3)}: the address in network byte order, or {@code INADDR_NONE} (all ones); no errno. */
    public static int inet_addr(MemorySegment cp) {
        try {
            return (int) INET_ADDR.invokeExact(Scratch.get().callState, cp);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /**
     * {@code inet_ntoa(3)}, which takes a {@code struct in_addr} by value and cannot fail.
     *
     * @return the text: glibc writes it into a buffer of the calling thread that its next call overwrites, so it
     *         is copied out here, before anything else runs on the thread
     */
    public static String inet_ntoa(MemorySegment in) {
        MemorySegment r;
        try {
            r = (MemorySegment) INET_NTOA.invokeExact(Scratch.get().callState, in);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return r.reinterpret(16).getString(0); // "255.255.255.255" and its NUL
    }
}
