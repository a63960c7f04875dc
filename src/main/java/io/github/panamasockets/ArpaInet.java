package io.github.panamasockets;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.LibcNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The byte-order and address-text functions of {@code <arpa/inet.h>} (and {@code <netinet/in.h>}), named as in
 * C for a static import: {@code import static io.github.panamasockets.ArpaInet.*;}.
 *
 * <p>{@code htons}/{@code ntohs} work on the 16 low bits and return a value in 0..65535, never negative, so a
 * port above 32767 survives. {@code htonl}/{@code ntohl} work on all 32 bits of an {@code int} (C's
 * {@code uint32_t}; read it with {@link Integer#toUnsignedLong} when the sign matters). They are plain Java,
 * with no native call.
 *
 * <p>{@code inet_pton} and {@code inet_ntop} call the C library, which never resolves a name: they accept and
 * produce numeric text only. So do the legacy IPv4 functions {@code inet_aton}, {@code inet_addr} and
 * {@code inet_ntoa}, kept because the code being ported uses them everywhere; they also accept the old forms
 * ({@code "127.1"}, {@code "0x7f.0.0.1"}, octal parts) that {@code inet_pton} refuses.
 *
 * {@snippet :
 * int port = ntohs(sa.sin_port());                   // network to host byte order
 * inet_pton(AF_INET6, "::1", sa6.sin6_addr());        // text into the struct, as C's &sa6.sin6_addr
 * String text = inet_ntop(AF_INET, sa.sin_addr());    // "127.0.0.1"
 * }
 */
public final class ArpaInet {
    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private ArpaInet() {}

    /**
     * {@code htons(3)}: a 16-bit value from host to network byte order.
     *
     * @param hostshort a value in 0..65535 (higher bits are ignored, as C's conversion to {@code uint16_t} does)
     * @return the value in network byte order, in 0..65535
     */
    public static int htons(int hostshort) {
        return (BIG_ENDIAN ? hostshort : Short.reverseBytes((short) hostshort)) & 0xFFFF;
    }

    /**
     * {@code ntohs(3)}: a 16-bit value from network to host byte order.
     *
     * @param netshort a value in network byte order
     * @return the value in host byte order, in 0..65535
     */
    public static int ntohs(int netshort) {
        return htons(netshort);
    }

    /**
     * {@code htonl(3)}: a 32-bit value from host to network byte order.
     *
     * @param hostlong the value
     * @return the value in network byte order
     */
    public static int htonl(int hostlong) {
        return BIG_ENDIAN ? hostlong : Integer.reverseBytes(hostlong);
    }

    /**
     * {@code ntohl(3)}: a 32-bit value from network to host byte order.
     *
     * @param netlong the value in network byte order
     * @return the value in host byte order
     */
    public static int ntohl(int netlong) {
        return htonl(netlong);
    }

    /**
     * {@code inet_pton(3)}: parses numeric address text into {@code dst} in network byte order (4 bytes for
     * {@code AF_INET}, 16 for {@code AF_INET6}). Where C returns 0 for text that is not an address of that
     * family, this throws, so the result is always 1.
     *
     * @param af {@code AF_INET} or {@code AF_INET6}
     * @param src the text, such as {@code "127.0.0.1"} or {@code "::1"}
     * @param dst where the address goes: a {@code sin_addr} or {@code sin6_addr}, or any writable segment
     * @return 1
     * @throws IllegalArgumentException when {@code src} is not an address of family {@code af}, contains a NUL
     *         character or a character UTF-8 cannot encode (an unpaired surrogate), or {@code dst} is too small
     *         or read-only
     * @throws PosixSocketException with EAFNOSUPPORT for another family
     */
    public static int inet_pton(int af, String src, MemorySegment dst) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = CText.allocate("inet_pton", "the address text", src, arena);
            long need = af == SocketConstants.AF_INET6 ? 16 : 4;
            if (dst.byteSize() < need || dst.isReadOnly()) {
                throw new IllegalArgumentException("inet_pton: dst must be a writable segment of at least " + need
                        + " bytes; it has " + dst.byteSize() + (dst.isReadOnly() ? " and is read-only" : ""));
            }
            MemorySegment out = arena.allocate(16);
            int r = Libc.inet_pton(af, text, out);
            if (r == 0) {
                throw new IllegalArgumentException("inet_pton: " + quote(src) + " is not a numeric "
                        + (af == SocketConstants.AF_INET6 ? "AF_INET6" : af == SocketConstants.AF_INET ? "AF_INET" : "family " + af)
                        + " address");
            }
            MemorySegment.copy(out, 0, dst, 0, need);
            return r;
        }
    }

    /**
     * {@code inet_ntop(3)}: the numeric text of an address held in network byte order.
     *
     * @param af {@code AF_INET} or {@code AF_INET6}
     * @param src the 4 or 16 bytes of the address
     * @return the text, such as {@code "127.0.0.1"} or {@code "::ffff:10.0.0.1"}
     * @throws IllegalArgumentException when {@code src} is shorter than the family's address
     * @throws PosixSocketException with EAFNOSUPPORT for another family
     */
    public static String inet_ntop(int af, MemorySegment src) throws IOException {
        long need = af == SocketConstants.AF_INET6 ? 16 : 4;
        if (src.byteSize() < need) {
            throw new IllegalArgumentException("inet_ntop: src holds " + src.byteSize() + " bytes; the family needs " + need);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(16);
            MemorySegment.copy(src, 0, in, 0, need);
            MemorySegment text = arena.allocate(SocketConstants.INET6_ADDRSTRLEN);
            Libc.inet_ntop(af, in, text, SocketConstants.INET6_ADDRSTRLEN);
            return text.getString(0);
        }
    }

    /**
     * {@code inet_aton(3)}: parses IPv4 text, in any of its legacy forms, into a {@code struct in_addr} (network
     * byte order). Where C returns 0 for text that is not an address, this throws, so the result is always 1.
     *
     * @param cp the text: {@code "127.0.0.1"}, or {@code "127.1"}, {@code "0x7f000001"}, ...
     * @param inp where the address goes: a {@code sin_addr()}, or any writable segment of at least 4 bytes
     * @return 1
     * @throws IllegalArgumentException when {@code cp} is not an IPv4 address, contains a NUL or cannot be
     *         encoded, or {@code inp} is too small or read-only
     */
    public static int inet_aton(String cp, MemorySegment inp) {
        if (inp.byteSize() < 4 || inp.isReadOnly()) {
            throw new IllegalArgumentException("inet_aton: inp must be a writable segment of at least 4 bytes; it has "
                    + inp.byteSize() + (inp.isReadOnly() ? " and is read-only" : ""));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = CText.allocate("inet_aton", "the address text", cp, arena);
            MemorySegment out = arena.allocate(4);
            if (LibcNames.inet_aton(text, out) == 0) {
                throw notIpv4("inet_aton", cp);
            }
            MemorySegment.copy(out, 0, inp, 0, 4);
            return 1;
        }
    }

    /**
     * {@code inet_addr(3)}: IPv4 text, in any of its legacy forms, as a {@code in_addr_t} in network byte order.
     * C returns {@code INADDR_NONE} (all ones) both for invalid text and for {@code "255.255.255.255"}; here
     * invalid text throws, so all ones means only the broadcast address.
     *
     * @param cp the text
     * @return the address in network byte order, as C's {@code sa.sin_addr.s_addr} holds it
     * @throws IllegalArgumentException when {@code cp} is not an IPv4 address, contains a NUL or cannot be encoded
     */
    public static int inet_addr(String cp) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = CText.allocate("inet_addr", "the address text", cp, arena);
            int addr = LibcNames.inet_addr(text);
            if (addr == SocketConstants.INADDR_NONE && LibcNames.inet_aton(text, arena.allocate(4)) == 0) {
                throw notIpv4("inet_addr", cp); // INADDR_NONE for text that is no address, not for 255.255.255.255
            }
            return addr;
        }
    }

    /**
     * {@code inet_ntoa(3)}: the dotted-decimal text of an IPv4 address. C returns a static buffer that the next
     * call overwrites; this returns a {@code String}.
     *
     * @param in the 4 bytes of a {@code struct in_addr}, such as {@code sa.sin_addr()}
     * @return the text, such as {@code "127.0.0.1"}
     * @throws IllegalArgumentException when {@code in} holds fewer than 4 bytes
     */
    public static String inet_ntoa(MemorySegment in) {
        if (in.byteSize() < 4) {
            throw new IllegalArgumentException("inet_ntoa: in holds " + in.byteSize() + " bytes; a struct in_addr has 4");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(4); // passed by value: native memory the linker may read
            MemorySegment.copy(in, 0, copy, 0, 4);
            return LibcNames.inet_ntoa(copy);
        }
    }

    /**
     * {@code inet_ntoa(3)} of an {@code s_addr} value held in an {@code int}, as {@code SockaddrIn.s_addr()} gives it.
     *
     * @param s_addr the address in network byte order
     * @return the text, such as {@code "127.0.0.1"}
     */
    public static String inet_ntoa(int s_addr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_INT);
            in.set(ValueLayout.JAVA_INT, 0, s_addr);
            return LibcNames.inet_ntoa(in);
        }
    }

    private static IllegalArgumentException notIpv4(String call, String cp) {
        return new IllegalArgumentException(call + ": " + quote(cp) + " is not an IPv4 address");
    }

    /** {@link #inet_pton} for callers that cannot throw a checked exception (the family is always valid). */
    static void parse(int af, String src, MemorySegment dst) {
        try {
            inet_pton(af, src, dst);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #inet_ntop} for callers that cannot throw a checked exception (the family is always valid). */
    static String format(int af, MemorySegment src) {
        try {
            return inet_ntop(af, src);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text quoted for a message, as every message of the library quotes it ({@link CText#quote}). */
    static String quote(String s) {
        return CText.quote(s);
    }
}
