package io.github.panamasockets;

import io.github.panamasockets.IoBuffer.Buffer;
import io.github.panamasockets.IoBuffer.Bytes;
import io.github.panamasockets.IoBuffer.Segment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What the scatter/gather calls need to know about each kind of {@link IoBuffer}. */
final class IoBuffers {
    private IoBuffers() {}

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
