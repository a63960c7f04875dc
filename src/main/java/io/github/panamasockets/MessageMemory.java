package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import io.github.panamasockets.internal.ScopeHolds;
import io.github.panamasockets.internal.Scratch;
import io.github.panamasockets.internal.Structs;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The native memory of one {@code sendmsg}/{@code recvmsg} call, laid out in the thread's message area
 * ({@link Scratch#message}): {@code struct msghdr}, the {@code iovec} array, the address, the control buffer, and
 * copies of the buffers the kernel cannot be given directly.
 *
 * <p>Every byte the kernel may touch is either library memory or caller memory whose lifetime the call holds: the
 * {@code msghdr} stores only addresses, which the FFM API does not keep alive, so the scope of each native buffer
 * is collected in the thread's {@link ScopeHolds}, which the call passes to the linker
 * ({@link io.github.panamasockets.internal.Libc#sendmsg(int, MemorySegment, int, ScopeHolds)}). Buffers go
 * through a copy in library memory when they live on the Java heap (a blocking call may not be given the heap),
 * or when their scope would be one more than a call can hold. The destination address is always copied, since it
 * is small; the control buffer is always library memory.
 *
 * <p>How much is copied depends on the socket:
 * <ul>
 *   <li>on a stream, at most {@link Scratch#MAX_BOUNCE} bytes per call; the buffer in which that limit falls is
 *       taken in part and the buffers after it are left out of the call, so that the bytes on the wire, or the
 *       bytes received, follow the order of the list exactly (a stream call may always transfer less);</li>
 *   <li>on any other type ({@code SOCK_SEQPACKET}, {@code SOCK_DGRAM}, ...) each call is one record, which a
 *       partial copy would split or cut short: the whole record is copied, in an area as large as it takes.</li>
 * </ul>
 *
 * <p>Use: {@link #forSend} or {@link #forReceive}, the call with {@link #hdr}, then {@link #distributeSent} or
 * {@link #distributeReceived}, and always {@link #release()} at the end, which gives back an area made for a
 * large call and forgets the scopes held.
 */
final class MessageMemory {
    /** On a stream, at most this many bytes go through library memory per call. */
    private static final long STREAM_COPY_LIMIT = Scratch.MAX_BOUNCE;
    /** The most bytes Linux moves in one call ({@code MAX_RW_COUNT}): no record can be longer. */
    private static final long RECORD_MAX = Integer.MAX_VALUE & ~4095L;

    /** The {@code struct msghdr}: the one argument of the call. */
    final MemorySegment hdr;
    /** Room for the address: the destination's copy, or the sender's address once received. */
    final MemorySegment name;
    /** Room for control data. */
    final MemorySegment control;
    /** The bytes the iovecs offer in all. */
    final long total;

    private final Scratch scratch;
    /** Where each buffer's bytes are for the call: its own native memory, or its copy in the area. */
    private final MemorySegment[] memory;
    /** Whether each buffer goes through a copy. */
    private final boolean[] copied;
    /** How many bytes of each buffer take part. */
    private final long[] lengths;
    /** How many buffers, from the first, take part; those after are left out (a stream call cut short). */
    private final int used;

    private MessageMemory(String call, List<IoBuffer> buffers, long nameSize, long controlSize, boolean record)
            throws IOException {
        scratch = Scratch.get();
        ScopeHolds holds = scratch.messageHolds();
        holds.clear();
        int n = buffers.size();
        lengths = new long[n];
        memory = new MemorySegment[n];
        copied = new boolean[n];
        try {
            // Which buffers the kernel gets directly (native, scope held), which go through a copy, and how much.
            long copyBytes = 0;
            int taking = n;
            for (int i = 0; i < n; i++) {
                IoBuffer b = buffers.get(i);
                long len = b.length();
                if (IoBuffers.isNative(b)) {
                    MemorySegment own = requireUsable(IoBuffers.nativeMemory(b));
                    if (holds.add(own)) {
                        memory[i] = own;
                        lengths[i] = len;
                        continue;
                    }
                }
                copied[i] = true;
                long limit = record ? RECORD_MAX : STREAM_COPY_LIMIT;
                if (copyBytes + len > limit) {
                    if (record && isSend(call)) {
                        // C's sendmsg fails so for a record no socket could take; copying it would be futile.
                        throw ErrnoExceptions.of(call, Errno.EMSGSIZE, "a record of more than " + RECORD_MAX + " bytes");
                    }
                    // A stream call ends here, in the middle of this buffer; no receive record is ever longer.
                    len = limit - copyBytes;
                    lengths[i] = len;
                    copyBytes += len;
                    taking = len > 0 ? i + 1 : i;
                    break;
                }
                lengths[i] = len;
                copyBytes += len;
            }
            used = taking;

            long iovAt = align(Structs.MSGHDR.byteSize());
            long nameAt = iovAt + align(Structs.IOVEC.byteSize() * used);
            long controlAt = nameAt + align(nameSize);
            long copyAt = controlAt + align(controlSize);
            MemorySegment area = scratch.message(copyAt + copyBytes);
            // Only the structures need zeroing: each copy is filled by the caller's data, or read back only as far
            // as the kernel wrote. A zeroed control buffer reads as no control messages after a failed call.
            area.asSlice(0, copyAt).fill((byte) 0);
            hdr = area.asSlice(0, Structs.MSGHDR.byteSize());
            name = area.asSlice(nameAt, nameSize);
            control = area.asSlice(controlAt, controlSize);

            long at = copyAt;
            long sum = 0;
            for (int i = 0; i < used; i++) {
                if (copied[i]) {
                    memory[i] = area.asSlice(at, lengths[i]);
                    at += lengths[i];
                }
                long iov = iovAt + i * Structs.IOVEC.byteSize();
                area.set(ValueLayout.ADDRESS, iov + Structs.IOV_BASE, memory[i]);
                area.set(ValueLayout.JAVA_LONG, iov + Structs.IOV_LEN, lengths[i]);
                sum += lengths[i];
            }
            total = sum;
            hdr.set(ValueLayout.ADDRESS, Structs.MSG_IOV, area.asSlice(iovAt));
            hdr.set(ValueLayout.JAVA_LONG, Structs.MSG_IOVLEN, used);
            hdr.set(ValueLayout.ADDRESS, Structs.MSG_CONTROL, controlSize == 0 ? MemorySegment.NULL : control);
            hdr.set(ValueLayout.JAVA_LONG, Structs.MSG_CONTROLLEN, controlSize);
        } catch (IOException | RuntimeException | Error e) {
            scratch.endMessage();
            throw e;
        }
    }

    /**
     * Memory for sending: buffers to be copied copied in, the address copied.
     *
     * @param record whether the socket keeps record boundaries (any type but {@code SOCK_STREAM})
     * @throws IOException {@code EMSGSIZE} for a record longer than any socket takes
     */
    static MessageMemory forSend(List<IoBuffer> buffers, List<? extends ControlMessage> control, SockAddr to,
                                 boolean record) throws IOException {
        checkCount(buffers);
        int nameLength = to == null ? 0 : to.length();
        MessageMemory m = new MessageMemory("sendmsg", buffers, Math.max(0, nameLength), ControlMessages.space(control), record);
        try {
            for (int i = 0; i < m.used; i++) {
                if (m.copied[i]) {
                    IoBuffers.copyOut(buffers.get(i), m.lengths[i], m.memory[i], 0);
                }
            }
            if (to != null) {
                // A copy: the address is small, and a copy needs no hold. Closed or foreign memory fails here as
                // it would as a direct argument.
                MemorySegment.copy(to.segment(), 0, m.name, 0, m.name.byteSize());
                m.hdr.set(ValueLayout.ADDRESS, Structs.MSG_NAME, m.name);
                m.hdr.set(ValueLayout.JAVA_INT, Structs.MSG_NAMELEN, nameLength);
            }
        } catch (RuntimeException | Error e) {
            m.release();
            throw e;
        }
        return m;
    }

    /**
     * Memory for receiving: room for any address and {@code controlLength} bytes of control data.
     *
     * @param record whether the socket keeps record boundaries (any type but {@code SOCK_STREAM})
     */
    static MessageMemory forReceive(List<IoBuffer> buffers, long controlLength, boolean record) throws IOException {
        checkCount(buffers);
        long nameSize = Structs.SOCKADDR_STORAGE.byteSize();
        MessageMemory m = new MessageMemory("recvmsg", buffers, nameSize, controlLength, record);
        m.hdr.set(ValueLayout.ADDRESS, Structs.MSG_NAME, m.name);
        m.hdr.set(ValueLayout.JAVA_INT, Structs.MSG_NAMELEN, (int) nameSize);
        return m;
    }

    /** Advances the ByteBuffers by the {@code n} bytes that were sent, in order. */
    void distributeSent(List<IoBuffer> buffers, long n) {
        long left = Math.max(0, n);
        for (int i = 0; i < used && left > 0; i++) {
            long part = Math.min(left, lengths[i]);
            IoBuffers.advance(buffers.get(i), part);
            left -= part;
        }
    }

    /** Copies received bytes out of the copies and advances the ByteBuffers, in order. */
    void distributeReceived(List<IoBuffer> buffers, long n) {
        long left = Math.max(0, Math.min(n, total)); // with MSG_TRUNC the kernel reports more than it stored
        for (int i = 0; i < used && left > 0; i++) {
            IoBuffer b = buffers.get(i);
            long part = Math.min(left, lengths[i]);
            if (copied[i]) {
                IoBuffers.copyIn(b, memory[i], 0, part);
            }
            IoBuffers.advance(b, part);
            left -= part;
        }
    }

    /**
     * Ends the message: frees an area made for this call alone and forgets the scopes held, so that no caller
     * memory stays reachable from the thread. Call it once the call and the distribution are over, also after a
     * failure; nothing of this message may be used afterwards.
     */
    void release() {
        scratch.endMessage();
    }

    /**
     * Refuses memory the caller could not touch itself: a segment whose arena is closed, or one confined to
     * another thread, with the exceptions the FFM API throws for a direct argument — before anything is copied.
     * The call itself holds the scope ({@link ScopeHolds}), so that the arena cannot close while the kernel uses
     * the memory; this early check only makes the refusal come before any work.
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

    private static boolean isSend(String call) {
        return call.equals("sendmsg");
    }

    private static void checkCount(List<IoBuffer> buffers) {
        if (buffers.size() > IoBuffers.IOV_MAX) {
            throw new IllegalArgumentException("at most IOV_MAX (" + IoBuffers.IOV_MAX + ") buffers in one call, not "
                    + buffers.size());
        }
    }

    private static long align(long n) {
        return (n + 15) & ~15L;
    }
}
