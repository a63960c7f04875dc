package io.github.panamasockets;

import io.github.panamasockets.internal.Structs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;

/**
 * C's {@code struct sockaddr_storage}: room for an address of any family, with the length that goes with it.
 *
 * <p>It is what {@code accept}, {@code recvfrom}, {@code getsockname} and {@code getpeername} write into: pass
 * one and reuse it across calls to receive without allocating. It also carries addresses of families this
 * library has no type for ({@code AF_PACKET}, {@code AF_NETLINK}, ...), to {@code bind} or {@code sendto}
 * as raw bytes.
 *
 * {@snippet :
 * SockaddrStorage peer = SockaddrStorage.allocate();   // struct sockaddr_storage peer;
 * PosixSocket conn = server.accept(peer);              // accept(fd, (struct sockaddr *)&peer, &len);
 * SockAddr typed = peer.decode();                      // a SockaddrIn, SockaddrIn6 or SockaddrUn
 * }
 */
public final class SockaddrStorage implements SockAddr {
    private final MemorySegment segment;
    private int length;

    private SockaddrStorage(MemorySegment segment, int length) {
        this.segment = segment;
        this.length = length;
    }

    /**
     * A zeroed {@code struct sockaddr_storage} whose length is the whole struct.
     *
     * @param allocator where the memory comes from
     * @return the storage
     */
    public static SockaddrStorage allocate(SegmentAllocator allocator) {
        MemorySegment s = allocator.allocate(Structs.SOCKADDR_STORAGE);
        s.fill((byte) 0);
        return new SockaddrStorage(s, (int) s.byteSize());
    }

    /** {@return a zeroed storage in an automatic arena} */
    public static SockaddrStorage allocate() {
        return allocate(Arena.ofAuto());
    }

    static SockaddrStorage copyOf(MemorySegment memory, int length) {
        SockaddrStorage ss = allocate();
        int n = (int) Math.min(Math.max(length, 0), ss.segment.byteSize());
        MemorySegment.copy(memory, 0, ss.segment, 0, n);
        ss.length = n;
        return ss;
    }

    /** {@return {@code ss_family}} */
    public int ss_family() {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, Structs.SS_FAMILY));
    }

    /**
     * {@return this}
     *
     * @param family the new {@code ss_family}
     */
    public SockaddrStorage ss_family(int family) {
        segment.set(ValueLayout.JAVA_SHORT, Structs.SS_FAMILY, (short) family);
        return this;
    }

    /**
     * Sets the length that goes with the struct: the kernel's value after a call, or the caller's before a
     * {@code bind}/{@code sendto} of a family without a type of its own.
     *
     * @param addrlen 0 to {@code sizeof(struct sockaddr_storage)}
     * @return this
     */
    public SockaddrStorage length(int addrlen) {
        if (addrlen < 0 || addrlen > segment.byteSize()) {
            throw new IllegalArgumentException("addrlen must be in 0.." + segment.byteSize() + ": " + addrlen);
        }
        this.length = addrlen;
        return this;
    }

    /** {@return the address in its family's type ({@link SockaddrIn}, {@link SockaddrIn6}, {@link SockaddrUn}), copied} */
    public SockAddr decode() {
        return SockAddr.decode(segment, length);
    }

    @Override public MemorySegment segment() { return segment; }
    @Override public int length() { return length; }
    @Override public int family() { return ss_family(); }

    @Override
    public SocketAddress toSocketAddress() {
        SockAddr typed = decode();
        if (typed instanceof SockaddrStorage) {
            throw new UnsupportedOperationException("the JDK has no address type for family " + ss_family());
        }
        return typed.toSocketAddress();
    }

    @Override
    public String toString() {
        SockAddr typed = decode();
        return typed instanceof SockaddrStorage ? "sockaddr(family=" + ss_family() + ", len=" + length + ")" : typed.toString();
    }
}
