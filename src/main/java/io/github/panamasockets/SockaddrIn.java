package io.github.panamasockets;

import static io.github.panamasockets.ArpaInet.htonl;
import static io.github.panamasockets.ArpaInet.htons;
import static io.github.panamasockets.ArpaInet.ntohs;

import io.github.panamasockets.internal.Structs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * C's {@code struct sockaddr_in}, in native memory, with the C field names as accessors so that ported code
 * reads the same:
 *
 * {@snippet :
 * SockaddrIn sa = SockaddrIn.allocate(arena);   // struct sockaddr_in sa; memset(&sa, 0, sizeof sa);
 * sa.sin_family(AF_INET);                       // sa.sin_family = AF_INET;
 * sa.sin_port(htons(1100));                     // sa.sin_port = htons(1100);
 * sa.s_addr(htonl(INADDR_ANY));                 // sa.sin_addr.s_addr = htonl(INADDR_ANY);
 * inet_pton(AF_INET, "127.0.0.1", sa.sin_addr()); // inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
 * }
 *
 * <p>As in C, {@code sin_port} and {@code s_addr} hold network byte order; {@link #port()} and
 * {@link #address()} give host values. The factories ({@link #of(String, int)}, {@link #of(InetSocketAddress)})
 * fill everything in from host values. Memory comes from the allocator given, or from an automatic arena
 * (freed by the garbage collector) for the factories without one.
 */
public final class SockaddrIn implements SockAddr {
    private final MemorySegment segment;

    private SockaddrIn(MemorySegment segment) {
        this.segment = segment;
    }

    /**
     * A zeroed {@code struct sockaddr_in}, as C's declaration plus {@code memset(&sa, 0, sizeof sa)}.
     *
     * @param allocator where the memory comes from (an {@link Arena})
     * @return the address, all fields 0
     */
    public static SockaddrIn allocate(SegmentAllocator allocator) {
        MemorySegment s = allocator.allocate(Structs.SOCKADDR_IN);
        s.fill((byte) 0);
        return new SockaddrIn(s);
    }

    /**
     * An IPv4 address from numeric text and a port: {@code of("127.0.0.1", 8080)}.
     *
     * @param ip dotted-quad text; names are not resolved
     * @param port 0..65535
     * @return the address
     * @throws IllegalArgumentException for text that is not an IPv4 address, or a port out of range
     */
    public static SockaddrIn of(String ip, int port) {
        SockAddr.checkPort(port);
        SockaddrIn sa = allocate(Arena.ofAuto());
        sa.sin_family(SocketConstants.AF_INET);
        sa.sin_port(htons(port));
        ArpaInet.parse(SocketConstants.AF_INET, ip, sa.sin_addr());
        return sa;
    }

    /**
     * An IPv4 address from the JDK's form and a port.
     *
     * @param address an IPv4 address
     * @param port 0..65535
     * @return the address
     */
    public static SockaddrIn of(Inet4Address address, int port) {
        SockAddr.checkPort(port);
        SockaddrIn sa = allocate(Arena.ofAuto());
        sa.sin_family(SocketConstants.AF_INET);
        sa.sin_port(htons(port));
        MemorySegment.copy(address.getAddress(), 0, sa.sin_addr(), ValueLayout.JAVA_BYTE, 0, 4);
        return sa;
    }

    /**
     * An IPv4 address from a JDK socket address.
     *
     * @param address a resolved address holding an IPv4 address
     * @return the address
     * @throws IllegalArgumentException when it is unresolved or not IPv4
     */
    public static SockaddrIn of(InetSocketAddress address) {
        if (address.isUnresolved() || !(address.getAddress() instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("not a resolved IPv4 address: " + address);
        }
        return of(v4, address.getPort());
    }

    /**
     * {@return {@code INADDR_ANY} (0.0.0.0) with that port}
     *
     * @param port 0..65535
     */
    public static SockaddrIn any(int port) {
        return ofHost(SocketConstants.INADDR_ANY, port);
    }

    /**
     * {@return {@code INADDR_LOOPBACK} (127.0.0.1) with that port}
     *
     * @param port 0..65535
     */
    public static SockaddrIn loopback(int port) {
        return ofHost(SocketConstants.INADDR_LOOPBACK, port);
    }

    private static SockaddrIn ofHost(int hostOrderAddress, int port) {
        SockAddr.checkPort(port);
        SockaddrIn sa = allocate(Arena.ofAuto());
        sa.sin_family(SocketConstants.AF_INET);
        sa.sin_port(htons(port));
        sa.s_addr(htonl(hostOrderAddress));
        return sa;
    }

    static SockaddrIn copyOf(MemorySegment memory) {
        SockaddrIn sa = allocate(Arena.ofAuto());
        MemorySegment.copy(memory, 0, sa.segment, 0, sa.segment.byteSize());
        return sa;
    }

    /** {@return {@code sin_family}} */
    public int sin_family() {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, Structs.SIN_FAMILY));
    }

    /**
     * {@return this}
     *
     * @param family the new {@code sin_family}, normally {@code AF_INET}
     */
    public SockaddrIn sin_family(int family) {
        segment.set(ValueLayout.JAVA_SHORT, Structs.SIN_FAMILY, (short) family);
        return this;
    }

    /** {@return {@code sin_port}, in network byte order (0..65535); {@link #port()} gives the host value} */
    public int sin_port() {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, Structs.SIN_PORT));
    }

    /**
     * {@return this}
     *
     * @param netPort the port in network byte order, as {@code htons(port)} gives it
     */
    public SockaddrIn sin_port(int netPort) {
        segment.set(ValueLayout.JAVA_SHORT, Structs.SIN_PORT, (short) netPort);
        return this;
    }

    /** {@return {@code sin_addr}: the 4 address bytes, in network byte order, as a writable view (C's {@code &sa.sin_addr})} */
    public MemorySegment sin_addr() {
        return segment.asSlice(Structs.SIN_ADDR, 4);
    }

    /** {@return {@code sin_addr.s_addr}: the address as stored, in network byte order} */
    public int s_addr() {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.SIN_ADDR);
    }

    /**
     * {@return this}
     *
     * @param netAddress {@code sin_addr.s_addr} in network byte order, as {@code htonl(INADDR_ANY)} gives it
     */
    public SockaddrIn s_addr(int netAddress) {
        segment.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.SIN_ADDR, netAddress);
        return this;
    }

    /** {@return the port in host byte order} */
    public int port() {
        return ntohs(sin_port());
    }

    /** {@return the address as an {@link Inet4Address}} */
    public Inet4Address address() {
        try {
            return (Inet4Address) InetAddress.getByAddress(sin_addr().toArray(ValueLayout.JAVA_BYTE));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always a valid IPv4 address
        }
    }

    @Override public MemorySegment segment() { return segment; }
    @Override public int length() { return (int) segment.byteSize(); }
    @Override public int family() { return sin_family(); }

    @Override
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address(), port());
    }

    /** {@return {@code "a.b.c.d:port"}} */
    @Override
    public String toString() {
        return ArpaInet.format(SocketConstants.AF_INET, sin_addr()) + ":" + port();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockaddrIn other && segment.mismatch(other.segment) == -1;
    }

    @Override
    public int hashCode() {
        return s_addr() * 31 + sin_port();
    }
}
