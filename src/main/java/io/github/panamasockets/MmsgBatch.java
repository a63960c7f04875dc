package io.github.panamasockets;

import io.github.panamasockets.internal.Structs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Many datagrams for one {@link PosixSocket#sendmmsg sendmmsg} or {@link PosixSocket#recvmmsg recvmmsg} call:
 * C's {@code struct mmsghdr} array with, for each message, one native buffer of a fixed size, one address
 * ({@link SockaddrStorage}) and one length. Everything is allocated once, here; the calls only write lengths
 * and pointers into it, so a loop that reuses a batch allocates nothing.
 *
 * {@snippet :
 * MmsgBatch batch = MmsgBatch.allocate(64, 1500);
 * int n = socket.recvmmsg(batch, MSG_WAITFORONE);  // n datagrams: data(i), address(i), flags(i)
 * socket.sendmmsg(batch, n, 0);                    // echoes each one to its sender, as received
 * }
 *
 * <p>After {@code recvmmsg}, message {@code i < n} holds {@link #length(int) length(i)} bytes in
 * {@link #buffer(int) buffer(i)} (at most {@link #bufferSize()}; a longer datagram is cut and
 * {@link #flags(int) flags(i)} has {@code MSG_TRUNC}), and {@link #address(int) address(i)} names its sender
 * (length 0 when the kernel gave none). Before {@code sendmmsg}, set each message's data
 * ({@link #put}, or write {@code buffer(i)} and call {@link #length(int, int)}) and its destination
 * ({@link #address(int, SockAddr)}, or none on a connected socket). So a received batch can be sent straight
 * back to its senders.
 *
 * <p>A batch is not thread-safe: use it from one thread, for one call at a time. Its memory belongs to the arena
 * it was allocated in; a batch from {@link #allocate(int, int)} is freed when it becomes unreachable. All of it —
 * headers, addresses and buffers — is one block, handed to the call as its argument: the arena is held open for
 * the C call, so closing a shared arena meanwhile throws {@link IllegalStateException}, as for any segment passed
 * to a call.
 */
public final class MmsgBatch {
    /** The kernel handles at most {@code UIO_MAXIOV} messages per call and silently ignores the rest. */
    public static final int MAX_MESSAGES = 1024;

    private static final long MMSG = Structs.MMSGHDR.byteSize();
    private static final long IOV = Structs.IOVEC.byteSize();
    private static final long STORAGE = Structs.SOCKADDR_STORAGE.byteSize();
    private static final int STORAGE_SIZE = (int) STORAGE;

    /** The {@code mmsghdr} array, handed to the kernel; the iovecs, addresses and buffers follow it in the same block. */
    private final MemorySegment vector;
    /** The {@code iovec} array: one per message, each pointing at its buffer. */
    private final MemorySegment iovecs;
    private final MemorySegment[] buffers;
    private final SockaddrStorage[] addresses;
    private final int[] lengths;
    private final int bufferSize;

    private MmsgBatch(Arena arena, int messages, int bufferSize) {
        this.bufferSize = bufferSize;
        long stride = (bufferSize + 7L) & ~7L;
        long iovAt = MMSG * messages;
        long storageAt = iovAt + IOV * messages;
        long buffersAt = storageAt + STORAGE * messages;
        MemorySegment block = arena.allocate(Math.addExact(buffersAt, Math.multiplyExact(stride, messages)), 16);
        vector = block.asSlice(0, iovAt);
        iovecs = block.asSlice(iovAt, IOV * messages);
        SegmentAllocator storages = SegmentAllocator.slicingAllocator(block.asSlice(storageAt, STORAGE * messages));
        buffers = new MemorySegment[messages];
        addresses = new SockaddrStorage[messages];
        lengths = new int[messages];
        for (int i = 0; i < messages; i++) {
            buffers[i] = block.asSlice(buffersAt + stride * i, bufferSize);
            addresses[i] = SockaddrStorage.allocate(storages).length(0);
            long hdr = MMSG * i + Structs.MMSG_HDR;
            long iov = iovAt + IOV * i;
            block.set(ValueLayout.ADDRESS, iov + Structs.IOV_BASE, buffers[i]);
            block.set(ValueLayout.ADDRESS, hdr + Structs.MSG_IOV, block.asSlice(iov, IOV));
            block.set(ValueLayout.JAVA_LONG, hdr + Structs.MSG_IOVLEN, 1);
            block.set(ValueLayout.ADDRESS, hdr + Structs.MSG_CONTROL, MemorySegment.NULL);
            block.set(ValueLayout.JAVA_LONG, hdr + Structs.MSG_CONTROLLEN, 0);
        }
    }

    /**
     * A batch in an automatic arena, freed when it becomes unreachable.
     *
     * @param messages how many datagrams one call can carry, 1 to {@link #MAX_MESSAGES}
     * @param bufferSize bytes of each datagram's buffer (1500 for an Ethernet-sized datagram, 65507 for any UDP/IPv4 one)
     * @return the batch, with every length 0 and no addresses
     */
    public static MmsgBatch allocate(int messages, int bufferSize) {
        return allocate(Arena.ofAuto(), messages, bufferSize);
    }

    /**
     * A batch in the given arena, freed with it.
     *
     * @param arena where the memory comes from; it must stay open while the batch is used
     * @param messages how many datagrams one call can carry, 1 to {@link #MAX_MESSAGES}
     * @param bufferSize bytes of each datagram's buffer, at least 1
     * @return the batch, with every length 0 and no addresses
     */
    public static MmsgBatch allocate(Arena arena, int messages, int bufferSize) {
        Objects.requireNonNull(arena, "arena");
        if (messages < 1 || messages > MAX_MESSAGES) {
            throw new IllegalArgumentException("messages must be in 1.." + MAX_MESSAGES + ": " + messages);
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be positive: " + bufferSize);
        }
        return new MmsgBatch(arena, messages, bufferSize);
    }

    /**
     * How many messages one call can carry.
     *
     * @return how many messages one call can carry
     */
    public int capacity() {
        return buffers.length;
    }

    /**
     * The size of each message's buffer.
     *
     * @return the size of each message's buffer
     */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * The native buffer of one message.
     *
     * @param i the message, {@code 0 <= i < capacity()}
     * @return its whole buffer, {@link #bufferSize()} bytes of native memory, for reading or writing in place
     */
    public MemorySegment buffer(int i) {
        return buffers[i];
    }

    /**
     * The bytes of one message.
     *
     * @param i the message
     * @return its first {@link #length(int) length(i)} bytes: a view of its buffer, not a copy
     */
    public MemorySegment data(int i) {
        return buffers[i].asSlice(0, lengths[i]);
    }

    /**
     * The length of one message.
     *
     * @param i the message
     * @return its length: after {@code recvmmsg} the bytes stored (never more than {@link #bufferSize()}),
     *         before {@code sendmmsg} the bytes to send
     */
    public int length(int i) {
        return lengths[i];
    }

    /**
     * Sets how many bytes of the buffer message {@code i} sends.
     *
     * @param i the message
     * @param length 0 to {@link #bufferSize()}
     * @return this
     */
    public MmsgBatch length(int i, int length) {
        Objects.checkIndex(i, lengths.length);
        if (length < 0 || length > bufferSize) {
            throw new IllegalArgumentException("length must be in 0.." + bufferSize + ": " + length);
        }
        lengths[i] = length;
        return this;
    }

    /**
     * Copies data into message {@code i}'s buffer and sets its length.
     *
     * @param i the message
     * @param src the data
     * @param off where it starts in {@code src}
     * @param len how many bytes, at most {@link #bufferSize()}
     * @return this
     */
    public MmsgBatch put(int i, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        length(i, len);
        MemorySegment.copy(src, off, buffers[i], ValueLayout.JAVA_BYTE, 0, len);
        return this;
    }

    /**
     * The bytes of one message, copied to the heap.
     *
     * @param i the message
     * @return a copy of its {@link #length(int) length(i)} bytes
     */
    public byte[] toArray(int i) {
        return data(i).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * The address of message {@code i}: after {@code recvmmsg} its sender, before {@code sendmmsg} its
     * destination. Length 0 means none (a connected socket, or a sender the kernel did not name).
     *
     * @param i the message
     * @return the batch's own storage for it, reused by every call; decode or copy it to keep it
     */
    public SockaddrStorage address(int i) {
        return addresses[i];
    }

    /**
     * Sets the destination of message {@code i}, copied into the batch.
     *
     * @param i the message
     * @param to the destination, or {@code null} for none (a connected socket)
     * @return this
     */
    public MmsgBatch address(int i, SockAddr to) {
        SockaddrStorage storage = addresses[i];
        if (to == null) {
            storage.length(0);
            return this;
        }
        int n = to.length();
        if (n < 0 || n > STORAGE_SIZE) {
            throw new IllegalArgumentException("address length must be in 0.." + STORAGE_SIZE + ": " + n);
        }
        MemorySegment.copy(to.segment(), 0, storage.segment(), 0, n);
        storage.length(n);
        return this;
    }

    /**
     * What the kernel reported for one message ({@code msg_len}).
     *
     * @param i the message
     * @return {@code msg_len} from the last call: the bytes sent, or the bytes received — with {@code MSG_TRUNC}
     *         in the flags given to {@code recvmmsg}, a datagram's real length, which may exceed {@link #bufferSize()}
     */
    public int messageLength(int i) {
        return vector.get(ValueLayout.JAVA_INT, MMSG * Objects.checkIndex(i, lengths.length) + Structs.MMSG_LEN);
    }

    /**
     * The flags the kernel reported for one message ({@code msg_flags}).
     *
     * @param i the message
     * @return its {@code msg_flags} after {@code recvmmsg}: {@code MSG_TRUNC} when the datagram was longer than
     *         the buffer, {@code MSG_CTRUNC} when it came with control data (a batch has no room for any)
     */
    public int flags(int i) {
        return vector.get(ValueLayout.JAVA_INT, MMSG * Objects.checkIndex(i, lengths.length) + Structs.MMSG_HDR + Structs.MSG_FLAGS);
    }

    // -- for PosixSocket: fill in the headers before a call, read them back after it

    /** Points messages {@code 0..count-1} at their lengths and destinations. @return the vector to pass */
    MemorySegment prepareSend(int count) {
        for (int i = 0; i < count; i++) {
            long hdr = MMSG * i + Structs.MMSG_HDR;
            int nameLength = addresses[i].length();
            vector.set(ValueLayout.ADDRESS, hdr + Structs.MSG_NAME, nameLength == 0 ? MemorySegment.NULL : addresses[i].segment());
            vector.set(ValueLayout.JAVA_INT, hdr + Structs.MSG_NAMELEN, nameLength);
            vector.set(ValueLayout.JAVA_INT, hdr + Structs.MSG_FLAGS, 0);
            vector.set(ValueLayout.JAVA_INT, MMSG * i + Structs.MMSG_LEN, 0);
            iovecs.set(ValueLayout.JAVA_LONG, IOV * i + Structs.IOV_LEN, lengths[i]);
        }
        return vector;
    }

    /** Offers every whole buffer and address slot to the kernel. @return the vector to pass */
    MemorySegment prepareReceive(int count) {
        for (int i = 0; i < count; i++) {
            long hdr = MMSG * i + Structs.MMSG_HDR;
            vector.set(ValueLayout.ADDRESS, hdr + Structs.MSG_NAME, addresses[i].segment());
            vector.set(ValueLayout.JAVA_INT, hdr + Structs.MSG_NAMELEN, STORAGE_SIZE);
            vector.set(ValueLayout.JAVA_INT, hdr + Structs.MSG_FLAGS, 0);
            vector.set(ValueLayout.JAVA_INT, MMSG * i + Structs.MMSG_LEN, 0);
            iovecs.set(ValueLayout.JAVA_LONG, IOV * i + Structs.IOV_LEN, bufferSize);
        }
        return vector;
    }

    /** Reads back the lengths and senders of the {@code n} messages received. */
    void completeReceive(int n) {
        for (int i = 0; i < n; i++) {
            long hdr = MMSG * i + Structs.MMSG_HDR;
            // msg_len is unsigned and, with MSG_TRUNC, the datagram's real length: store only what fits.
            long received = Integer.toUnsignedLong(vector.get(ValueLayout.JAVA_INT, MMSG * i + Structs.MMSG_LEN));
            lengths[i] = (int) Math.min(received, bufferSize);
            addresses[i].length(Math.min(Math.max(vector.get(ValueLayout.JAVA_INT, hdr + Structs.MSG_NAMELEN), 0), STORAGE_SIZE));
        }
    }
}
