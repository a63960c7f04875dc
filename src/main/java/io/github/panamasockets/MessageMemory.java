package io.github.panamasockets;

import io.github.panamasockets.internal.Scratch;
import io.github.panamasockets.internal.Structs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The native memory of one {@code sendmsg}/{@code recvmsg} call, laid out in the thread's scratch area:
 * {@code struct msghdr}, the {@code iovec} array, room for the address, the control buffer, and bounce copies of
 * the buffers that live on the Java heap (the kernel may only be given native memory).
 */
final class MessageMemory {
    /** Room for up to this many bytes of heap buffers per call; longer heap data is sent or received in part. */
    private static final long MAX_HEAP_BYTES = Scratch.MAX_BOUNCE;

    final MemorySegment hdr;
    final MemorySegment name;
    final MemorySegment control;
    /** Where each buffer's bytes are: its own native memory, or its bounce copy. */
    private final MemorySegment[] memory;
    private final long[] lengths;
    /** The bytes the iovecs offer in all. */
    final long total;

    private MessageMemory(List<IoBuffer> buffers, long nameSize, long controlSize) {
        int n = buffers.size();
        long heapBytes = 0;
        lengths = new long[n];
        for (int i = 0; i < n; i++) {
            IoBuffer b = buffers.get(i);
            long len = b.length();
            if (!IoBuffers.isNative(b)) {
                len = Math.min(len, Math.max(0, MAX_HEAP_BYTES - heapBytes));
                heapBytes += len;
            }
            lengths[i] = len;
        }
        long hdrSize = align(Structs.MSGHDR.byteSize());
        long iovAt = hdrSize;
        long nameAt = iovAt + align(Structs.IOVEC.byteSize() * n);
        long controlAt = nameAt + align(nameSize);
        long bounceAt = controlAt + align(controlSize);
        MemorySegment area = Scratch.get().message(bounceAt + heapBytes);
        hdr = area.asSlice(0, Structs.MSGHDR.byteSize());
        name = area.asSlice(nameAt, nameSize);
        control = area.asSlice(controlAt, controlSize);

        memory = new MemorySegment[n];
        long bounce = bounceAt;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            IoBuffer b = buffers.get(i);
            if (IoBuffers.isNative(b)) {
                memory[i] = requireUsable(IoBuffers.nativeMemory(b));
            } else {
                memory[i] = area.asSlice(bounce, lengths[i]);
                bounce += lengths[i];
            }
            long iov = iovAt + i * Structs.IOVEC.byteSize();
            area.set(ValueLayout.ADDRESS, iov + Structs.IOV_BASE, memory[i]);
            area.set(ValueLayout.JAVA_LONG, iov + Structs.IOV_LEN, lengths[i]);
            sum += lengths[i];
        }
        total = sum;
        hdr.set(ValueLayout.ADDRESS, Structs.MSG_IOV, area.asSlice(iovAt));
        hdr.set(ValueLayout.JAVA_LONG, Structs.MSG_IOVLEN, n);
        hdr.set(ValueLayout.ADDRESS, Structs.MSG_CONTROL, controlSize == 0 ? MemorySegment.NULL : control);
        hdr.set(ValueLayout.JAVA_LONG, Structs.MSG_CONTROLLEN, controlSize);
    }

    /** Memory for sending: heap buffers copied in, the address pointed at. */
    static MessageMemory forSend(List<IoBuffer> buffers, List<? extends ControlMessage> control, SockAddr to) {
        checkCount(buffers);
        MessageMemory m = new MessageMemory(buffers, 0, ControlMessages.space(control));
        for (int i = 0; i < buffers.size(); i++) {
            IoBuffer b = buffers.get(i);
            if (!IoBuffers.isNative(b)) {
                IoBuffers.copyOut(b, m.lengths[i], m.memory[i], 0);
            }
        }
        if (to != null) {
            m.hdr.set(ValueLayout.ADDRESS, Structs.MSG_NAME, requireUsable(to.segment()));
            m.hdr.set(ValueLayout.JAVA_INT, Structs.MSG_NAMELEN, to.length());
        }
        return m;
    }

    /** Memory for receiving: room for any address and {@code controlLength} bytes of control data. */
    static MessageMemory forReceive(List<IoBuffer> buffers, long controlLength) {
        checkCount(buffers);
        long nameSize = Structs.SOCKADDR_STORAGE.byteSize();
        MessageMemory m = new MessageMemory(buffers, nameSize, controlLength);
        m.hdr.set(ValueLayout.ADDRESS, Structs.MSG_NAME, m.name);
        m.hdr.set(ValueLayout.JAVA_INT, Structs.MSG_NAMELEN, (int) nameSize);
        return m;
    }

    /** Advances the ByteBuffers by the {@code n} bytes that were sent, in order. */
    void distributeSent(List<IoBuffer> buffers, long n) {
        long left = Math.max(0, n);
        for (int i = 0; i < buffers.size() && left > 0; i++) {
            long part = Math.min(left, lengths[i]);
            IoBuffers.advance(buffers.get(i), part);
            left -= part;
        }
    }

    /** Copies received bytes out of the bounce copies and advances the ByteBuffers, in order. */
    void distributeReceived(List<IoBuffer> buffers, long n) {
        long left = Math.max(0, Math.min(n, total)); // with MSG_TRUNC the kernel reports more than it stored
        for (int i = 0; i < buffers.size() && left > 0; i++) {
            IoBuffer b = buffers.get(i);
            long part = Math.min(left, lengths[i]);
            if (!IoBuffers.isNative(b)) {
                IoBuffers.copyIn(b, memory[i], 0, part);
            }
            IoBuffers.advance(b, part);
            left -= part;
        }
    }

    /**
     * Refuses memory the caller could not touch itself: a segment whose arena is closed, or one confined to
     * another thread. A segment passed to a downcall as an argument gets these checks from the FFM API; one whose
     * address is only stored inside the {@code msghdr} does not ({@code MemorySegment.set(ADDRESS, ...)} stores
     * the address of a closed segment without complaint), and the kernel would then read or write freed memory.
     * The exceptions are the ones the FFM API throws for a direct argument.
     */
    private static MemorySegment requireUsable(MemorySegment segment) {
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("Already closed: a buffer or address of this call belongs to a closed arena");
        }
        if (!segment.isAccessibleBy(Thread.currentThread())) {
            throw new WrongThreadException("a buffer or address of this call is confined to another thread");
        }
        return segment;
    }

    private static void checkCount(List<IoBuffer> buffers) {
        if (buffers.size() > 1024) {
            throw new IllegalArgumentException("at most IOV_MAX (1024) buffers in one call, not " + buffers.size());
        }
    }

    private static long align(long n) {
        return (n + 15) & ~15L;
    }
}
