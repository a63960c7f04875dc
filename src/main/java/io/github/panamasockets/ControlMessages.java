package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.IPPROTO_IP;
import static io.github.panamasockets.SocketConstants.IPPROTO_IPV6;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;

import io.github.panamasockets.ControlMessage.Credentials;
import io.github.panamasockets.ControlMessage.ExtendedError;
import io.github.panamasockets.ControlMessage.Packet6Info;
import io.github.panamasockets.ControlMessage.PacketInfo;
import io.github.panamasockets.ControlMessage.Raw;
import io.github.panamasockets.ControlMessage.Rights;
import io.github.panamasockets.ControlMessage.Timestamp;
import io.github.panamasockets.ControlMessage.TimeToLive;
import io.github.panamasockets.ControlMessage.TypeOfService;
import io.github.panamasockets.internal.FdHandle;
import io.github.panamasockets.internal.Structs;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ancillary data in native memory: the {@code CMSG_*} macros of {@code <sys/socket.h>}, which jextract cannot
 * bind because they are macros, written in Java from the generated {@code cmsghdr} layout; and the encoder and
 * parser that turn {@link ControlMessage}s into a control buffer and back.
 *
 * <p>Layout (glibc, Linux): each message is a {@code struct cmsghdr} ({@code size_t cmsg_len; int cmsg_level;
 * int cmsg_type}) followed by its data; {@code cmsg_len} counts header and data ({@code CMSG_LEN}), and the next
 * message starts at the next multiple of {@code sizeof(size_t)} ({@code CMSG_SPACE}).
 *
 * {@snippet :
 * long room = ControlMessages.CMSG_SPACE(2 * Integer.BYTES);   // room for two descriptors, as in C
 * MsgResult r = s.recvmsg(List.of(IoBuffer.of(buf)), (int) room, 0);
 * List<ControlMessage> messages = r.control();                   // CMSG_FIRSTHDR/CMSG_NXTHDR, decoded
 * }
 */
public final class ControlMessages {
    private static final long ALIGN = Structs.CMSG_ALIGNMENT;
    private static final long HEADER = CMSG_ALIGN(Structs.CMSGHDR.byteSize());
    /** {@code getAndSet} on an aligned {@code int} of a native segment: two parsers cannot both read a number. */
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private ControlMessages() {}

    /**
     * The largest data length the macros accept: {@code CMSG_SPACE} of it is the largest multiple of 8 that is
     * an {@code int}. A control buffer's length is an {@code int} in this library ({@link PosixSocket#recvmsg}'s
     * {@code controlLength}), and Linux refuses a {@code msg_controllen} above {@code INT_MAX} ({@code ENOBUFS}),
     * so no message longer than this could be sent or received.
     */
    public static final long MAX_DATA_LENGTH = (Integer.MAX_VALUE & -ALIGN) - HEADER;

    /** The most descriptors one {@code SCM_RIGHTS} message can hold: {@link #spaceForFds} accepts up to this. */
    static final int MAX_FDS = (int) (MAX_DATA_LENGTH / Integer.BYTES);

    /**
     * {@return C's {@code CMSG_ALIGN(length)}: rounded up to {@code sizeof(size_t)}}
     *
     * @param length a length, 0 or more
     * @throws IllegalArgumentException for a negative length, or one so large that rounding it up overflows
     */
    public static long CMSG_ALIGN(long length) {
        // C's size_t cannot be negative; in Java the mask would turn -1 into 0 and a huge length into a negative one.
        if (length < 0 || length > Long.MAX_VALUE - (ALIGN - 1)) {
            throw new IllegalArgumentException("CMSG_ALIGN: length " + length + " is negative or too large to round up");
        }
        return (length + ALIGN - 1) & -ALIGN;
    }

    /**
     * {@return C's {@code CMSG_LEN}: the {@code cmsg_len} of such a message}
     *
     * @param dataLength bytes of data, 0 to {@link #MAX_DATA_LENGTH}
     * @throws IllegalArgumentException for a negative length or one above {@link #MAX_DATA_LENGTH}, which C
     *         would wrap round (C's {@code CMSG_LEN(-1)} is 15) and no control buffer could hold
     */
    public static long CMSG_LEN(long dataLength) {
        return HEADER + checkDataLength("CMSG_LEN", dataLength);
    }

    /**
     * {@return C's {@code CMSG_SPACE}: the room such a message takes, padding included}
     *
     * @param dataLength bytes of data, 0 to {@link #MAX_DATA_LENGTH}
     * @throws IllegalArgumentException for a negative length or one above {@link #MAX_DATA_LENGTH}
     */
    public static long CMSG_SPACE(long dataLength) {
        return HEADER + CMSG_ALIGN(checkDataLength("CMSG_SPACE", dataLength));
    }

    private static long checkDataLength(String macro, long dataLength) {
        if (dataLength < 0 || dataLength > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException(macro + ": data length " + dataLength + " is outside 0.." + MAX_DATA_LENGTH
                    + ", the most a control buffer of at most Integer.MAX_VALUE bytes holds");
        }
        return dataLength;
    }

    /** {@return the offset of a message's data from its header: C's {@code CMSG_DATA(cmsg) - (unsigned char *)cmsg}} */
    public static long CMSG_DATA_OFFSET() {
        return HEADER;
    }

    /**
     * The control-buffer size that fits these messages.
     *
     * @param messages what to send
     * @return the sum of their {@code CMSG_SPACE}s
     */
    public static long space(List<? extends ControlMessage> messages) {
        long total = 0;
        for (ControlMessage m : messages) {
            total = Math.addExact(total, CMSG_SPACE(dataLength(m))); // each fits an int; only an absurdly long list could overflow
        }
        return total;
    }

    /**
     * The control-buffer size for receiving up to {@code maxFds} descriptors.
     *
     * @param maxFds how many descriptors a message may bring, 0 to {@code MAX_DATA_LENGTH / 4} (536,870,906)
     * @return {@code CMSG_SPACE(maxFds * sizeof(int))}, at most {@link Integer#MAX_VALUE}
     * @throws IllegalArgumentException for a negative count or one whose space exceeds an {@code int}
     */
    public static long spaceForFds(int maxFds) {
        if (maxFds < 0 || maxFds > MAX_FDS) {
            throw new IllegalArgumentException("spaceForFds: " + maxFds + " descriptors is outside 0.." + MAX_FDS
                    + ", the most a control buffer of at most Integer.MAX_VALUE bytes holds");
        }
        return CMSG_SPACE(4L * maxFds);
    }

    private static long dataLength(ControlMessage m) {
        return switch (m) {
            case Rights r -> 4L * r.fds().size();
            case Credentials c -> Structs.UCRED.byteSize();
            case PacketInfo p -> Structs.IN_PKTINFO.byteSize();
            case Packet6Info p -> Structs.IN6_PKTINFO.byteSize();
            case TypeOfService t -> 4;
            case TimeToLive t -> 4;
            case Timestamp t -> t.type() == SocketConstants.SCM_TIMESTAMPNS ? Structs.TIMESPEC.byteSize() : Structs.TIMEVAL.byteSize();
            case ExtendedError e -> throw new IllegalArgumentException("an error-queue entry cannot be sent");
            case Raw r -> r.data().length;
        };
    }

    /**
     * Writes messages into a control buffer. Descriptors of {@link Rights} are held open (their owners'
     * in-flight count raised) and recorded in {@code held}: the caller must end each after the send.
     *
     * @param messages what to send
     * @param buffer at least {@link #space} bytes
     * @param held receives the handles held for SCM_RIGHTS
     * @return the bytes written, for {@code msg_controllen}
     * @throws SocketClosedException when a descriptor to pass is already closed
     */
    static long encode(List<? extends ControlMessage> messages, MemorySegment buffer, List<FdHandle> held)
            throws SocketClosedException {
        long at = 0;
        for (ControlMessage m : messages) {
            long n = dataLength(m);
            buffer.asSlice(at, CMSG_SPACE(n)).fill((byte) 0);
            buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, at + Structs.CMSG_LEN_FIELD, CMSG_LEN(n));
            buffer.set(ValueLayout.JAVA_INT_UNALIGNED, at + Structs.CMSG_LEVEL, m.level());
            buffer.set(ValueLayout.JAVA_INT_UNALIGNED, at + Structs.CMSG_TYPE, m.type());
            long data = at + HEADER;
            switch (m) {
                case Rights r -> {
                    int i = 0;
                    for (DescriptorOwner owner : r.fds()) {
                        FdHandle h = handleOf(owner);
                        int fd = h.begin("sendmsg");
                        held.add(h);
                        // Passed to another process: from now on closing it must not disturb that process.
                        h.markShared();
                        buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data + 4L * i++, fd);
                    }
                }
                case Credentials c -> {
                    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data + Structs.UCRED_PID, c.pid());
                    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data + Structs.UCRED_UID, c.uid());
                    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data + Structs.UCRED_GID, c.gid());
                }
                case PacketInfo p -> {
                    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data + Structs.IPI_IFINDEX, p.ifindex());
                    MemorySegment.copy(p.specDst().getAddress(), 0, buffer, ValueLayout.JAVA_BYTE, data + Structs.IPI_SPEC_DST, 4);
                    MemorySegment.copy(p.addr().getAddress(), 0, buffer, ValueLayout.JAVA_BYTE, data + Structs.IPI_ADDR, 4);
                }
                case Packet6Info p -> {
                    MemorySegment.copy(p.addr().getAddress(), 0, buffer, ValueLayout.JAVA_BYTE, data + Structs.IPI6_ADDR, 16);
                    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data + Structs.IPI6_IFINDEX, p.ifindex());
                }
                case TypeOfService t -> buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data, t.tos());
                case TimeToLive t -> buffer.set(ValueLayout.JAVA_INT_UNALIGNED, data, t.ttl());
                case Timestamp t -> {
                    buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, data, t.time().getEpochSecond());
                    long fraction = t.type() == SocketConstants.SCM_TIMESTAMPNS ? t.time().getNano() : t.time().getNano() / 1000;
                    buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, data + 8, fraction);
                }
                case ExtendedError e -> throw new IllegalArgumentException("an error-queue entry cannot be sent");
                case Raw r -> MemorySegment.copy(r.data(), 0, buffer, ValueLayout.JAVA_BYTE, data, r.data().length);
            }
            at += CMSG_SPACE(n);
        }
        return at;
    }

    private static FdHandle handleOf(DescriptorOwner owner) {
        return switch (owner) {
            case PosixSocket s -> s.handle();
            case OwnedFd f -> f.handle();
        };
    }

    /**
     * Parses what {@code recvmsg} left in a control buffer, as C's {@code CMSG_FIRSTHDR}/{@code CMSG_NXTHDR} walk
     * it, and decodes each message.
     *
     * <p><b>Descriptors are taken out of the buffer.</b> Every descriptor of an {@code SCM_RIGHTS} message becomes
     * an {@link OwnedFd} at once, before anything else can fail, so none leaks; and its number in the buffer is
     * replaced by {@code -1} as it is taken (atomically, in native memory aligned for an {@code int}). A descriptor
     * can have only one owner, or it would be closed twice — the second time perhaps another file that has been
     * given the same number. So parsing the same bytes again gives no second owner: entries of {@code -1} (or any
     * negative number, which is no descriptor) are skipped, and an {@code SCM_RIGHTS} message with no descriptor
     * left comes back as {@link ControlMessage.Raw}, with its bytes as they now are. Should decoding fail after
     * descriptors were taken, they are closed before the exception leaves, as nothing else could own them.
     *
     * <p><b>Malformed lengths stop the walk</b>, as in C: a {@code cmsg_len} shorter than a header ends it; one
     * that runs past {@code length} (which the kernel never writes: it shortens a message that does not fit and
     * sets {@code MSG_CTRUNC}) is read as truncated at the end of the buffer, and ends it. The messages before it,
     * and their descriptors, are returned.
     *
     * @param buffer the control buffer; writable when it holds descriptors, since they are taken out of it
     * @param length {@code msg_controllen} after the call
     * @return the messages, in order
     * @throws IllegalArgumentException when the buffer is read-only and holds a descriptor, which therefore could
     *         not be taken out of it; nothing has been adopted then
     */
    public static List<ControlMessage> parse(MemorySegment buffer, long length) {
        List<ControlMessage> out = new ArrayList<>();
        long end = Math.max(0, Math.min(length, buffer.byteSize()));
        long at = 0;
        try {
            while (end - at >= HEADER) {
                long len = buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, at + Structs.CMSG_LEN_FIELD);
                if (len < HEADER) {
                    break; // malformed (or a size_t above Long.MAX_VALUE): C's CMSG_NXTHDR stops here too
                }
                int level = buffer.get(ValueLayout.JAVA_INT_UNALIGNED, at + Structs.CMSG_LEVEL);
                int type = buffer.get(ValueLayout.JAVA_INT_UNALIGNED, at + Structs.CMSG_TYPE);
                long room = end - at;
                // A truncated (MSG_CTRUNC) message keeps what arrived; one claiming more than the buffer holds
                // is read up to the buffer's end and is the last, without CMSG_ALIGN(len) ever overflowing.
                long dataLen = Math.min(len, room) - HEADER;
                out.add(decode(level, type, buffer.asSlice(at + HEADER, dataLen)));
                if (len > room) {
                    break; // nothing can follow a message that already runs past the end
                }
                at += CMSG_ALIGN(len);
            }
        } catch (RuntimeException | Error e) {
            closeReceived(out, e);
            throw e;
        }
        return out;
    }

    /** Closes the descriptors already taken when parsing fails: their numbers are gone from the buffer. */
    private static void closeReceived(List<ControlMessage> parsed, Throwable failure) {
        for (ControlMessage m : parsed) {
            if (m instanceof Rights r) {
                for (OwnedFd fd : r.received()) {
                    try {
                        fd.close();
                    } catch (IOException | RuntimeException e) {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
    }

    /**
     * Reads the descriptor at {@code offset} of {@code data} and writes {@code -1} in its place, atomically where
     * the memory allows it (native, aligned for an {@code int}); plainly otherwise (heap arrays, odd addresses).
     */
    private static int take(MemorySegment data, long offset) {
        if (data.isNative() && (data.address() + offset) % Integer.BYTES == 0) {
            return (int) INT.getAndSet(data, offset, -1);
        }
        int fd = data.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
        if (fd >= 0) {
            data.set(ValueLayout.JAVA_INT_UNALIGNED, offset, -1);
        }
        return fd;
    }

    private static ControlMessage decode(int level, int type, MemorySegment data) {
        long n = data.byteSize();
        if (level == SOL_SOCKET && type == SocketConstants.SCM_RIGHTS) {
            return rights(data);
        }
        if (level == SOL_SOCKET && type == SocketConstants.SCM_CREDENTIALS && n >= Structs.UCRED.byteSize()) {
            return new Credentials(data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.UCRED_PID),
                    data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.UCRED_UID),
                    data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.UCRED_GID));
        }
        if (level == SOL_SOCKET && type == SocketConstants.SCM_TIMESTAMPNS && n >= Structs.TIMESPEC.byteSize()) {
            return new Timestamp(type, Instant.ofEpochSecond(data.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.TIMESPEC_SEC),
                    data.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.TIMESPEC_NSEC)));
        }
        if (level == SOL_SOCKET && type == SocketConstants.SCM_TIMESTAMP && n >= Structs.TIMEVAL.byteSize()) {
            return new Timestamp(type, Instant.ofEpochSecond(data.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.TV_SEC),
                    data.get(ValueLayout.JAVA_LONG_UNALIGNED, Structs.TV_USEC) * 1000));
        }
        if (level == IPPROTO_IP && type == SocketConstants.IP_PKTINFO && n >= Structs.IN_PKTINFO.byteSize()) {
            return new PacketInfo(data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.IPI_IFINDEX),
                    inet4(data, Structs.IPI_SPEC_DST), inet4(data, Structs.IPI_ADDR));
        }
        if (level == IPPROTO_IPV6 && type == SocketConstants.IPV6_PKTINFO && n >= Structs.IN6_PKTINFO.byteSize()) {
            return new Packet6Info(inet6(data, Structs.IPI6_ADDR), data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.IPI6_IFINDEX));
        }
        if (level == IPPROTO_IP && type == SocketConstants.IP_TOS && n >= 1) {
            // The kernel sends the TOS byte as a single byte.
            return new TypeOfService(Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, 0)));
        }
        if (level == IPPROTO_IP && type == SocketConstants.IP_TTL && n >= 4) {
            return new TimeToLive(data.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        }
        if (((level == IPPROTO_IP && type == SocketConstants.IP_RECVERR) || (level == IPPROTO_IPV6 && type == SocketConstants.IPV6_RECVERR))
                && n >= Structs.SOCK_EXTENDED_ERR.byteSize()) {
            long size = Structs.SOCK_EXTENDED_ERR.byteSize();
            SockAddr offender = null;
            // SO_EE_OFFENDER: the address follows the struct; family AF_UNSPEC (0) means there is none.
            if (n - size >= 2 && data.get(ValueLayout.JAVA_SHORT_UNALIGNED, size) != 0) {
                offender = SockAddr.decode(data.asSlice(size), (int) (n - size));
            }
            return new ExtendedError(level, type, data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.EE_ERRNO),
                    Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, Structs.EE_ORIGIN)),
                    Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, Structs.EE_TYPE)),
                    Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, Structs.EE_CODE)),
                    data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.EE_INFO),
                    data.get(ValueLayout.JAVA_INT_UNALIGNED, Structs.EE_DATA), offender);
        }
        return new Raw(level, type, data.toArray(ValueLayout.JAVA_BYTE));
    }

    /**
     * An {@code SCM_RIGHTS} message: each descriptor taken out of the buffer and adopted at once. Adopting a
     * non-negative number does not fail (short of running out of memory), so no number is taken and left unowned.
     */
    private static ControlMessage rights(MemorySegment data) {
        long n = data.byteSize() & -Integer.BYTES;
        if (data.isReadOnly()) {
            for (long i = 0; i < n; i += Integer.BYTES) {
                if (data.get(ValueLayout.JAVA_INT_UNALIGNED, i) >= 0) {
                    throw new IllegalArgumentException("parse: the control buffer is read-only, so the SCM_RIGHTS"
                            + " descriptors in it cannot be taken out of it; pass a writable buffer");
                }
            }
        }
        List<OwnedFd> fds = new ArrayList<>();
        for (long i = 0; i < n; i += Integer.BYTES) {
            int fd = take(data, i);
            if (fd >= 0) {
                fds.add(OwnedFd.adopt(fd));
            }
        }
        return fds.isEmpty() ? new Raw(SOL_SOCKET, SocketConstants.SCM_RIGHTS, data.toArray(ValueLayout.JAVA_BYTE)) : new Rights(fds);
    }

    private static Inet4Address inet4(MemorySegment data, long offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(data.asSlice(offset, 4).toArray(ValueLayout.JAVA_BYTE));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Inet6Address inet6(MemorySegment data, long offset) {
        try {
            return Inet6Address.getByAddress(null, data.asSlice(offset, 16).toArray(ValueLayout.JAVA_BYTE), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
