package io.github.panamasockets;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One buffer of a scatter/gather call ({@code sendmsg}, {@code recvmsg}, {@code writev}, {@code readv}): part of a
 * {@code byte[]}, a {@link ByteBuffer}'s remaining bytes, or a {@link MemorySegment}. Kinds can be mixed in one
 * call. A {@code ByteBuffer}'s position advances by what was transferred into or out of it.
 *
 * {@snippet :
 * ByteBuffer header = ByteBuffer.allocate(8);
 * byte[] body = new byte[1024];
 * long n = s.readv(IoBuffer.of(header), IoBuffer.of(body, 0, 512));   // one recvmsg into both
 * }
 *
 * <p>A native segment or direct buffer is given to the kernel as it is, and its arena is held open for the C call
 * as if the segment were a direct argument: closing a shared arena meanwhile throws
 * {@link IllegalStateException}, and an arena already closed makes the call throw it. (With buffers of more than
 * eight arenas in one call, those of the ninth and later are copied instead, and closing one of them during the
 * call makes the call throw {@code IllegalStateException}.) Heap memory goes through a copy in native memory of
 * the library's. On a stream ({@code SOCK_STREAM}) one call copies at most 1 MiB of it, so a call may transfer
 * less than offered — never out of order: the list is cut where the copy ends. On any other type one call is one
 * record, sent or received whole whatever the kinds of its buffers.
 */
public sealed interface IoBuffer {
    /** {@return the bytes this buffer offers or has room for} */
    long length();

    /**
     * A whole array.
     *
     * @param array the array
     * @return the whole array
     */
    static IoBuffer of(byte[] array) {
        return new Bytes(array, 0, array.length);
    }

    /**
     * Part of an array.
     *
     * @param array the array
     * @param offset where the part starts
     * @param length how long it is
     * @return that part of the array
     * @throws IndexOutOfBoundsException when the part does not lie within the array
     */
    static IoBuffer of(byte[] array, int offset, int length) {
        return new Bytes(array, offset, length);
    }

    /**
     * {@return the buffer's remaining bytes (position to limit)}
     *
     * @param buffer heap or direct
     */
    static IoBuffer of(ByteBuffer buffer) {
        return new Buffer(buffer);
    }

    /**
     * {@return the whole segment}
     *
     * @param segment native or heap
     */
    static IoBuffer of(MemorySegment segment) {
        return new Segment(segment);
    }

    /**
     * Part of an array.
     *
     * @param array the array
     * @param offset start
     * @param count bytes
     */
    record Bytes(byte[] array, int offset, int count) implements IoBuffer {
        /** Checks the bounds. */
        public Bytes {
            Objects.checkFromIndexSize(offset, count, array.length);
        }

        @Override
        public long length() {
            return count;
        }
    }

    /**
     * A buffer's remaining bytes.
     *
     * @param buffer the buffer
     */
    record Buffer(ByteBuffer buffer) implements IoBuffer {
        /** Refuses null. */
        public Buffer {
            Objects.requireNonNull(buffer, "buffer");
        }

        @Override
        public long length() {
            return buffer.remaining();
        }
    }

    /**
     * A whole segment.
     *
     * @param segment the segment
     */
    record Segment(MemorySegment segment) implements IoBuffer {
        /** Refuses null. */
        public Segment {
            Objects.requireNonNull(segment, "segment");
        }

        @Override
        public long length() {
            return segment.byteSize();
        }
    }
}
