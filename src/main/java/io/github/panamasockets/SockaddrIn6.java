package io.github.panamasockets;

import static io.github.panamasockets.ArpaInet.htons;
import static io.github.panamasockets.ArpaInet.ntohs;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Structs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * C's {@code struct sockaddr_in6}, in native memory, with the C field names as accessors
 * ({@code sin6_family}, {@code sin6_port}, {@code sin6_flowinfo}, {@code sin6_addr}, {@code sin6_scope_id}).
 *
 * <p>{@code sin6_port} and {@code sin6_flowinfo} hold network byte order, as in C; {@code sin6_scope_id} is a
 * host value (an interface index). An IPv4-mapped address ({@code ::ffff:a.b.c.d}) stays IPv6 in every
 * conversion, so a dual-stack socket can be given it back: the JDK would have turned it into an
 * {@code Inet4Address}, which such a socket refuses.
 *
 * {@snippet :
 * SockaddrIn6 sa = SockaddrIn6.allocate(arena);   // struct sockaddr_in6 sa; memset(&sa, 0, sizeof sa);
 * sa.sin6_family(AF_INET6);                       // sa.sin6_family = AF_INET6;
 * sa.sin6_port(htons(8080));                      // sa.sin6_port = htons(8080);
 * inet_pton(AF_INET6, "::1", sa.sin6_addr());     // inet_pton(AF_INET6, "::1", &sa.sin6_addr);
 * SockaddrIn6 same = SockaddrIn6.of("::1", 8080); // or from host values
 * }
 */
public final class SockaddrIn6 implements SockAddr {
    private final MemorySegment segment;

    private SockaddrIn6(MemorySegment segment) {
        this.segment = segment;
    }

    /**
     * A zeroed {@code struct sockaddr_in6}.
     *
     * @param allocator where the memory comes from
     * @return the address, all fields 0
     */
    public static SockaddrIn6 allocate(SegmentAllocator allocator) {
        MemorySegment s = allocator.allocate(Structs.SOCKADDR_IN6);
        s.fill((byte) 0);
        return new SockaddrIn6(s);
    }

    /**
     * An IPv6 address from numeric text and a port: {@code of("::1", 8080)}, {@code of("::ffff:127.0.0.1", 80)},
     * {@code of("fe80::1%lo", 80)}.
     *
     * @param ip numeric IPv6 text, optionally with a {@code %scope} suffix: an interface name ({@code %lo},
     *           looked up with {@code if_nametoindex}) or index ({@code %1}), as {@code getaddrinfo} reads it;
     *           names are not resolved
     * @param port 0..65535
     * @return the address, with the scope id of the suffix, or 0 without one
     * @throws IllegalArgumentException for text that is not an IPv6 address, a scope that names no interface, or
     *         a port out of range
     */
    public static SockaddrIn6 of(String ip, int port) {
        return of(ip, port, 0);
    }

    /**
     * An IPv6 address from numeric text, a port and a scope id.
     *
     * @param ip numeric IPv6 text, optionally with a {@code %scope} suffix as for {@link #of(String, int)}
     * @param port 0..65535
     * @param scopeId the interface index for a link-local address, or 0 (then the suffix's, if any, is used)
     * @return the address
     * @throws IllegalArgumentException as {@link #of(String, int)}, and when the suffix and {@code scopeId} name
     *         different interfaces
     */
    public static SockaddrIn6 of(String ip, int port, int scopeId) {
        SockAddr.checkPort(port);
        int percent = ip.indexOf('%');
        int scope = scopeId;
        if (percent >= 0) {
            int inText = scopeOf(ip, ip.substring(percent + 1));
            if (scopeId != 0 && scopeId != inText) {
                throw new IllegalArgumentException("SockaddrIn6: the scope of " + CText.quote(ip) + " is interface "
                        + Integer.toUnsignedString(inText) + ", not the " + Integer.toUnsignedString(scopeId) + " given");
            }
            scope = inText;
        }
        SockaddrIn6 sa = allocate(Arena.ofAuto());
        sa.sin6_family(SocketConstants.AF_INET6);
        sa.sin6_port(htons(port));
        ArpaInet.parse(SocketConstants.AF_INET6, percent >= 0 ? ip.substring(0, percent) : ip, sa.sin6_addr());
        sa.sin6_scope_id(scope);
        return sa;
    }

    /** The interface index a {@code %scope} suffix names: a number as it is, a name through {@code if_nametoindex}. */
    private static int scopeOf(String ip, String scope) {
        if (!scope.isEmpty() && scope.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Integer.parseUnsignedInt(scope);
            } catch (NumberFormatException tooLarge) {
                throw new IllegalArgumentException("SockaddrIn6: the scope of " + CText.quote(ip) + " is out of range");
            }
        }
        try {
            return Netdb.if_nametoindex(scope);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("SockaddrIn6: the scope of " + CText.quote(ip) + " names no interface ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * An IPv6 address from the JDK's form and a port.
     *
     * @param address an IPv6 address; its scope id, if any, is kept
     * @param port 0..65535
     * @return the address
     */
    public static SockaddrIn6 of(Inet6Address address, int port) {
        SockAddr.checkPort(port);
        SockaddrIn6 sa = allocate(Arena.ofAuto());
        sa.sin6_family(SocketConstants.AF_INET6);
        sa.sin6_port(htons(port));
        MemorySegment.copy(address.getAddress(), 0, sa.sin6_addr(), ValueLayout.JAVA_BYTE, 0, 16);
        sa.sin6_scope_id(address.getScopeId());
        return sa;
    }

    /**
     * An IPv4 address as the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d}, for a dual-stack socket.
     *
     * @param v4 the IPv4 address
     * @return the mapped address with the same port
     */
    public static SockaddrIn6 mapped(SockaddrIn v4) {
        SockaddrIn6 sa = allocate(Arena.ofAuto());
        sa.sin6_family(SocketConstants.AF_INET6);
        sa.sin6_port(v4.sin_port());
        MemorySegment addr = sa.sin6_addr();
        addr.set(ValueLayout.JAVA_BYTE, 10, (byte) 0xFF);
        addr.set(ValueLayout.JAVA_BYTE, 11, (byte) 0xFF);
        MemorySegment.copy(v4.sin_addr(), 0, addr, 12, 4);
        return sa;
    }

    static SockaddrIn6 copyOf(MemorySegment memory) {
        SockaddrIn6 sa = allocate(Arena.ofAuto());
        MemorySegment.copy(memory, 0, sa.segment, 0, sa.segment.byteSize());
        return sa;
    }

    /** {@return {@code sin6_family}} */
    public int sin6_family() {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, Structs.SIN6_FAMILY));
    }

    /**
     * {@return this}
     *
     * @param family the new {@code sin6_family}, normally {@code AF_INET6}
     */
    public SockaddrIn6 sin6_family(int family) {
        segment.set(ValueLayout.JAVA_SHORT, Structs.SIN6_FAMILY, (short) family);
        return this;
    }

    /** {@return {@code sin6_port} in network byte order (0..65535)} */
    public int sin6_port() {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, Structs.SIN6_PORT));
    }

    /**
     * {@return this}
     *
     * @param netPort the port in network byte order, as {@code htons(port)} gives it
     */
    public SockaddrIn6 sin6_port(int netPort) {
        segment.set(ValueLayout.JAVA_SHORT, Structs.SIN6_PORT, (short) netPort);
        return this;
    }

    /** {@return {@code sin6_flowinfo}, in network byte order} */
    public int sin6_flowinfo() {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.SIN6_FLOWINFO);
    }

    /**
     * {@return this}
     *
     * @param netFlowinfo {@code sin6_flowinfo} in network byte order
     */
    public SockaddrIn6 sin6_flowinfo(int netFlowinfo) {
        segment.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.SIN6_FLOWINFO, netFlowinfo);
        return this;
    }

    /** {@return {@code sin6_addr}: the 16 address bytes as a writable view (C's {@code &sa.sin6_addr})} */
    public MemorySegment sin6_addr() {
        return segment.asSlice(Structs.SIN6_ADDR, 16);
    }

    /** {@return {@code sin6_scope_id}: the interface index, host byte order} */
    public int sin6_scope_id() {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.SIN6_SCOPE_ID);
    }

    /**
     * {@return this}
     *
     * @param scopeId the interface index for a link-local address, or 0
     */
    public SockaddrIn6 sin6_scope_id(int scopeId) {
        segment.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.SIN6_SCOPE_ID, scopeId);
        return this;
    }

    /** {@return the port in host byte order} */
    public int port() {
        return ntohs(sin6_port());
    }

    /** {@return whether this is an IPv4-mapped address, {@code ::ffff:a.b.c.d}} */
    public boolean isV4Mapped() {
        MemorySegment a = sin6_addr();
        for (int i = 0; i < 10; i++) {
            if (a.get(ValueLayout.JAVA_BYTE, i) != 0) {
                return false;
            }
        }
        return a.get(ValueLayout.JAVA_BYTE, 10) == (byte) 0xFF && a.get(ValueLayout.JAVA_BYTE, 11) == (byte) 0xFF;
    }

    /**
     * The address as the JDK's type.
     *
     * @return the address as an {@link Inet6Address}, with its scope id when it has one; an IPv4-mapped address
     *         stays an {@code Inet6Address}
     */
    public Inet6Address address() {
        byte[] bytes = sin6_addr().toArray(ValueLayout.JAVA_BYTE);
        try {
            // A negative scope id leaves it unset; getByAddress(null, bytes, scope) never converts to IPv4.
            int scope = sin6_scope_id();
            return Inet6Address.getByAddress(null, bytes, scope == 0 ? -1 : scope);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // sixteen bytes are always a valid IPv6 address
        }
    }

    @Override public MemorySegment segment() { return segment; }
    @Override public int length() { return (int) segment.byteSize(); }
    @Override public int family() { return sin6_family(); }

    @Override
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address(), port());
    }

    /** {@return {@code "[addr%scope]:port"}} */
    @Override
    public String toString() {
        int scope = sin6_scope_id();
        return "[" + ArpaInet.format(SocketConstants.AF_INET6, sin6_addr()) + (scope != 0 ? "%" + scope : "") + "]:" + port();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockaddrIn6 other && segment.mismatch(other.segment) == -1;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(segment.toArray(ValueLayout.JAVA_BYTE));
    }
}
