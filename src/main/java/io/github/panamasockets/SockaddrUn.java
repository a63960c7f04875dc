package io.github.panamasockets;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Structs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * C's {@code struct sockaddr_un}: a Unix-domain socket address, in native memory, with the C field names as
 * accessors ({@code sun_family}, {@code sun_path}).
 *
 * <p>Three kinds, told apart by the length that goes with the struct (see {@code unix(7)}):
 * <ul>
 *   <li>a <b>path</b> name ({@link #of(String)}, {@link #of(Path)}, {@link #of(byte[])}): at most 107 bytes and
 *       no NUL, the length being the offset of {@code sun_path} plus the bytes plus the terminating NUL. Text is
 *       encoded as UTF-8, and refused when UTF-8 cannot encode it exactly (an unpaired surrogate), since the
 *       replacement would name another file. Linux takes any bytes for a name: a path that is not UTF-8 is given
 *       and read as bytes ({@link #pathBytes()});</li>
 *   <li>a Linux <b>abstract</b> name ({@link #abstractName(String)}): {@code sun_path} starts with a NUL and the
 *       name is exactly the next bytes; the length is the offset plus 1 plus the name's bytes, never
 *       {@code sizeof}, or the trailing zeros become part of the name. The JDK's
 *       {@link UnixDomainSocketAddress} cannot express it;</li>
 *   <li><b>unnamed</b>: just the family, as {@code getsockname} reports for an unbound socket.</li>
 * </ul>
 *
 * {@snippet :
 * server.bind(SockaddrUn.of("/run/app/app.sock"));     // a path in the file system
 * other.bind(SockaddrUn.abstractName("app"));           // Linux's abstract namespace: no file at all
 * }
 */
public final class SockaddrUn implements SockAddr {
    /** The longest path name: {@code sun_path} holds 108 bytes with the terminating NUL. */
    public static final int MAX_PATH_BYTES = Structs.SUN_PATH_SIZE - 1;

    private final MemorySegment segment;
    private int length;

    private SockaddrUn(MemorySegment segment, int length) {
        this.segment = segment;
        this.length = length;
    }

    /**
     * A zeroed {@code struct sockaddr_un} whose length is the whole struct ({@code sizeof sa}), for code that
     * fills {@code sun_path} itself.
     *
     * @param allocator where the memory comes from
     * @return the address
     */
    public static SockaddrUn allocate(SegmentAllocator allocator) {
        MemorySegment s = allocator.allocate(Structs.SOCKADDR_UN);
        s.fill((byte) 0);
        return new SockaddrUn(s, (int) s.byteSize());
    }

    /**
     * A path name.
     *
     * @param path the socket file's path, at most 107 bytes in UTF-8
     * @return the address
     * @throws IllegalArgumentException when the path is empty, too long, or contains a NUL character or a
     *         character UTF-8 cannot encode (an unpaired surrogate); the message gives its index
     */
    public static SockaddrUn of(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("sun_path: an empty path names no socket; use unnamed() or abstractName()");
        }
        byte[] bytes = CText.utf8("sun_path", "the path", path);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("sun_path holds at most " + MAX_PATH_BYTES + " bytes and a NUL; this path has "
                    + bytes.length + " bytes of UTF-8: " + path);
        }
        return ofPathBytes(bytes);
    }

    /**
     * A path name given as bytes, exactly as the kernel takes it: for a file whose name is not UTF-8, which no
     * Java string names.
     *
     * {@snippet :
     * byte[] name = {'/', 't', 'm', 'p', '/', (byte) 0xff, '.', 's', 'o', 'c', 'k'};   // not UTF-8
     * server.bind(SockaddrUn.of(name));
     * }
     *
     * @param path the path's bytes, without the terminating NUL: 1 to 107 bytes, none of them 0
     * @return the address
     * @throws IllegalArgumentException when the path is empty, too long or contains a 0 byte
     */
    public static SockaddrUn of(byte[] path) {
        if (path.length == 0) {
            throw new IllegalArgumentException("sun_path: an empty path names no socket; use unnamed() or abstractName()");
        }
        if (path.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("sun_path holds at most " + MAX_PATH_BYTES + " bytes and a NUL; this path has "
                    + path.length + " bytes");
        }
        for (int i = 0; i < path.length; i++) {
            if (path[i] == 0) {
                throw new IllegalArgumentException("sun_path: the path contains a NUL byte at index " + i
                        + ", where C would end it: " + CText.display(path));
            }
        }
        return ofPathBytes(path.clone());
    }

    private static SockaddrUn ofPathBytes(byte[] bytes) {
        SockaddrUn sa = allocate(Arena.ofAuto());
        sa.sun_family(SocketConstants.AF_UNIX);
        MemorySegment.copy(bytes, 0, sa.sun_path(), ValueLayout.JAVA_BYTE, 0, bytes.length);
        sa.length = (int) Structs.SUN_PATH + bytes.length + 1;
        return sa;
    }

    /**
     * {@return the address}
     *
     * @param path the socket file's path
     * @throws IllegalArgumentException as {@link #of(String)}, and when the path's name holds bytes that are not
     *         valid UTF-8 (a {@code Path} listed from a directory keeps them, but its text replaces them, and would
     *         name another file): use {@link #of(byte[])}
     * @see #of(String)
     */
    public static SockaddrUn of(Path path) {
        return of(CText.pathText("sun_path", path));
    }

    /**
     * A Linux abstract name: not a file, gone when the last socket bound to it closes.
     *
     * @param name the name, without the leading NUL; at most 107 bytes in UTF-8
     * @return the address
     * @throws IllegalArgumentException when the name is too long or has a character UTF-8 cannot encode (an
     *         unpaired surrogate)
     */
    public static SockaddrUn abstractName(String name) {
        return abstractName(CText.utf8AllowingNul("sun_path", "the abstract name", name));
    }

    /**
     * A Linux abstract name given as bytes.
     *
     * @param name the name's bytes, without the leading NUL (they may contain NULs); at most 107
     * @return the address
     */
    public static SockaddrUn abstractName(byte[] name) {
        if (name.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("an abstract name holds at most " + MAX_PATH_BYTES + " bytes; this one has " + name.length);
        }
        SockaddrUn sa = allocate(Arena.ofAuto());
        sa.sun_family(SocketConstants.AF_UNIX);
        MemorySegment.copy(name, 0, sa.sun_path(), ValueLayout.JAVA_BYTE, 1, name.length);
        sa.length = (int) Structs.SUN_PATH + 1 + name.length;
        return sa;
    }

    /** {@return an unnamed address: the family alone} */
    public static SockaddrUn unnamed() {
        SockaddrUn sa = allocate(Arena.ofAuto());
        sa.sun_family(SocketConstants.AF_UNIX);
        sa.length = (int) Structs.SUN_PATH;
        return sa;
    }

    static SockaddrUn copyOf(MemorySegment memory, int length) {
        SockaddrUn sa = allocate(Arena.ofAuto());
        int n = (int) Math.min(length, sa.segment.byteSize());
        MemorySegment.copy(memory, 0, sa.segment, 0, n);
        sa.length = n;
        return sa;
    }

    /** {@return {@code sun_family}} */
    public int sun_family() {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT, Structs.SUN_FAMILY));
    }

    /**
     * {@return this}
     *
     * @param family the new {@code sun_family}, normally {@code AF_UNIX}
     */
    public SockaddrUn sun_family(int family) {
        segment.set(ValueLayout.JAVA_SHORT, Structs.SUN_FAMILY, (short) family);
        return this;
    }

    /** {@return {@code sun_path}: all 108 bytes, as a writable view} */
    public MemorySegment sun_path() {
        return segment.asSlice(Structs.SUN_PATH, Structs.SUN_PATH_SIZE);
    }

    /**
     * Sets the length passed with the struct, for code that fills {@code sun_path} by hand.
     *
     * @param addrlen from {@code offsetof(sun_path)} to {@code sizeof(struct sockaddr_un)}
     * @return this
     */
    public SockaddrUn length(int addrlen) {
        if (addrlen < Structs.SUN_PATH || addrlen > segment.byteSize()) {
            throw new IllegalArgumentException("addrlen must be in " + Structs.SUN_PATH + ".." + segment.byteSize() + ": " + addrlen);
        }
        this.length = addrlen;
        return this;
    }

    /** {@return whether this is an unnamed address (the family alone)} */
    public boolean isUnnamed() {
        return length <= Structs.SUN_PATH;
    }

    /** {@return whether this is an abstract name: {@code sun_path} starts with a NUL} */
    public boolean isAbstract() {
        return !isUnnamed() && segment.get(ValueLayout.JAVA_BYTE, Structs.SUN_PATH) == 0;
    }

    /**
     * The path as text.
     *
     * @return the path, up to the first NUL, decoded as UTF-8; empty for an unnamed or abstract address
     * @throws UnsupportedOperationException when the path's bytes are not valid UTF-8: decoding would replace
     *         them, and the text would name another file; use {@link #pathBytes()}
     */
    public String path() {
        byte[] bytes = pathBytes();
        String text = CText.decodeOrNull(bytes);
        if (text == null) {
            throw new UnsupportedOperationException("sun_path \"" + CText.display(bytes)
                    + "\" is not valid UTF-8, so no String names it; use pathBytes()");
        }
        return text;
    }

    /**
     * The path as the kernel has it: any bytes but 0, in whatever encoding the file's creator used.
     *
     * @return the path's bytes, up to the first NUL; empty for an unnamed or abstract address
     */
    public byte[] pathBytes() {
        if (isUnnamed() || isAbstract()) {
            return new byte[0];
        }
        byte[] bytes = sunPathBytes();
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return Arrays.copyOf(bytes, end);
    }

    /** {@return the abstract name's bytes, without the leading NUL; empty when not abstract} */
    public byte[] abstractNameBytes() {
        if (!isAbstract()) {
            return new byte[0];
        }
        byte[] bytes = sunPathBytes();
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }

    /** The bytes of {@code sun_path} that the length covers. */
    private byte[] sunPathBytes() {
        return segment.asSlice(Structs.SUN_PATH, length - Structs.SUN_PATH).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override public MemorySegment segment() { return segment; }
    @Override public int length() { return length; }
    @Override public int family() { return sun_family(); }

    /**
     * @return a {@link UnixDomainSocketAddress}; an unnamed address gives the empty path, as the JDK does
     * @throws UnsupportedOperationException for an abstract name, or a path that is not valid UTF-8, which the
     *         JDK's type cannot hold
     */
    @Override
    public UnixDomainSocketAddress toSocketAddress() {
        if (isAbstract()) {
            throw new UnsupportedOperationException("UnixDomainSocketAddress cannot hold the abstract name " + this
                    + "; use abstractNameBytes()");
        }
        return UnixDomainSocketAddress.of(path());
    }

    /**
     * {@return the path; {@code "@name"} for an abstract name (as {@code ss} shows it); {@code "(unnamed)"}} Bytes
     * that are not valid UTF-8, and control characters (a NUL in an abstract name), are shown as {@code \xNN} and a
     * backslash as two, so that two different names never look the same.
     */
    @Override
    public String toString() {
        if (isUnnamed()) {
            return "(unnamed)";
        }
        if (isAbstract()) {
            return "@" + CText.display(abstractNameBytes());
        }
        return CText.display(pathBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockaddrUn other && length == other.length
                && segment.asSlice(0, length).mismatch(other.segment.asSlice(0, length)) == -1;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segment.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
    }
}
