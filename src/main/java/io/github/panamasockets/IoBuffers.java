package io.github.panamasockets;

import io.github.panamasockets.IoBuffer.Buffer;
import io.github.panamasockets.IoBuffer.Bytes;
import io.github.panamasockets.IoBuffer.Segment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** What the scatter/gather calls need to know about each kind of {@link IoBuffer}. */
final class IoBuffers {
    private IoBuffers() {}

    /**
     * {@code IOV_MAX}, the most buffers one call takes: the kernel's {@code UIO_MAXIOV}, which glibc's
     * {@code IOV_MAX} is. Longer lists are refused here and by {@link MessageMemory} before any memory is laid out.
     */
    static final int IOV_MAX = SocketConstants.UIO_MAXIOV;

    /**
     * Checks the buffers of a receiving call before anything is received: a failure after the kernel has
     * handed over the data would lose it, and the descriptors that came with it. Every buffer must be writable,
     * and no two may share memory: the kernel would store two parts of the message in the same bytes (the later
     * overwriting the earlier), and a {@code ByteBuffer} given twice cannot have its position advanced for both.
     *
     * @param call the call, for the message
     * @param buffers the buffers, in order
     * @throws IllegalArgumentException for a read-only buffer, or two buffers with a byte in common
     */
    static void checkForReceive(String call, List<IoBuffer> buffers) {
        for (IoBuffer b : buffers) {
            if (!isWritable(b)) {
                throw new IllegalArgumentException(call + ": a buffer is read-only");
            }
        }
        int n = buffers.size();
        if (n < 2 || n > IOV_MAX) {
            return; // one buffer cannot overlap itself; too many are refused later, without a quadratic search first
        }
        MemorySegment[] views = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            views[i] = view(buffers.get(i));
        }
        for (int i = 0; i < n; i++) {
            if (!comparable(views[i])) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (comparable(views[j]) && views[i].asOverlappingSlice(views[j]).isPresent()) {
                    throw new IllegalArgumentException(call + ": buffers " + i + " and " + j + " share memory, so"
                            + " data received into one would overwrite the other's; nothing was received");
                }
            }
        }
    }

    /**
     * Checks the buffers of a sending call before anything is sent: a {@code ByteBuffer} given twice would have
     * its position advanced past its limit after its bytes had gone. Overlapping memory is fine to send (the
     * kernel only reads it), as C's {@code writev} allows.
     *
     * @param call the call, for the message
     * @param buffers the buffers, in order
     * @throws IllegalArgumentException when the same {@code ByteBuffer} (with bytes remaining) is given twice
     */
    static void checkForSend(String call, List<IoBuffer> buffers) {
        int n = buffers.size();
        if (n < 2 || n > IOV_MAX) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (buffers.get(i) instanceof Buffer x && x.buffer().hasRemaining()) {
                for (int j = i + 1; j < n; j++) {
                    if (buffers.get(j) instanceof Buffer y && y.buffer() == x.buffer()) {
                        throw new IllegalArgumentException(call + ": buffers " + i + " and " + j + " are the same"
                                + " ByteBuffer, whose position cannot advance for both; nothing was sent");
                    }
                }
            }
        }
    }

    /**
     * Whether a buffer's memory can share bytes with another's. An empty buffer receives nothing (and
     * {@code asOverlappingSlice} would still find one that lies inside another overlapping it). The memory of a
     * closed arena may have been given to another buffer since: it is refused as closed when the call lays out
     * its memory, not reported as shared.
     */
    private static boolean comparable(MemorySegment view) {
        return view.byteSize() != 0 && view.scope().isAlive();
    }

    /** The memory a buffer covers, heap or native, for comparing buffers; never accessed. */
    private static MemorySegment view(IoBuffer b) {
        return switch (b) {
            case Bytes x -> MemorySegment.ofArray(x.array()).asSlice(x.offset(), x.count());
            case Buffer x -> MemorySegment.ofBuffer(x.buffer());
            case Segment x -> x.segment();
        };
    }

    /** Whether the kernel can be given this buffer's memory directly (it is native). */
    static boolean isNative(IoBuffer b) {
        return switch (b) {
            case Bytes x -> false;
            case Buffer x -> x.buffer().isDirect();
            case Segment x -> x.segment().isNative();
        };
    }

    /** The native memory of a buffer for which {@link #isNative} holds. */
    static MemorySegment nativeMemory(IoBuffer b) {
        return switch (b) {
            case Buffer x -> MemorySegment.ofBuffer(x.buffer());
            case Segment x -> x.segment();
            case Bytes x -> throw new IllegalStateException("heap array");
        };
    }

    /** Whether data may be stored into this buffer. */
    static boolean isWritable(IoBuffer b) {
        return switch (b) {
            case Bytes x -> true;
            case Buffer x -> !x.buffer().isReadOnly();
            case Segment x -> !x.segment().isReadOnly();
        };
    }

    /** Copies the first {@code n} bytes of this buffer into {@code dst} at {@code at}. */
    static void copyOut(IoBuffer b, long n, MemorySegment dst, long at) {
        switch (b) {
            case Bytes x -> MemorySegment.copy(x.array(), x.offset(), dst, ValueLayout.JAVA_BYTE, at, (int) n);
            case Buffer x -> MemorySegment.copy(MemorySegment.ofBuffer(x.buffer()), 0, dst, at, n);
            case Segment x -> MemorySegment.copy(x.segment(), 0, dst, at, n);
        }
    }

    /** Copies {@code n} bytes from {@code src} at {@code at} into the start of this buffer. */
    static void copyIn(IoBuffer b, MemorySegment src, long at, long n) {
        switch (b) {
            case Bytes x -> MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at, x.array(), x.offset(), (int) n);
            case Buffer x -> MemorySegment.copy(src, at, MemorySegment.ofBuffer(x.buffer()), 0, n);
            case Segment x -> MemorySegment.copy(src, at, x.segment(), 0, n);
        }
    }

    /** Moves a ByteBuffer's position past the {@code n} bytes transferred; other kinds have no position. */
    static void advance(IoBuffer b, long n) {
        if (b instanceof Buffer x) {
            x.buffer().position(x.buffer().position() + (int) n);
        }
    }
}
