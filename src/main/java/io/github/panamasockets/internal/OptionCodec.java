package io.github.panamasockets.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * How one socket option's Java value becomes the bytes {@code setsockopt(2)} takes and comes back from the
 * bytes {@code getsockopt(2)} fills in: an {@code int}, a struct or a string.
 *
 * @param <T> the Java type of the value
 */
public interface OptionCodec<T> {
    /** @return the class of the values, checked against what a caller passes through a raw {@code SocketOption} */
    Class<T> type();

    /** @return how many bytes to offer {@code getsockopt}; the kernel fills in at most that many */
    long capacity();

    /**
     * Checks a value and writes it in native memory. Every check happens here, before any native call.
     *
     * @param option the option's name, for messages
     * @param value the value, not {@code null}, of {@link #type()}
     * @param allocator where the memory comes from
     * @return the memory to pass as {@code optval}; its size is {@code optlen}
     * @throws IllegalArgumentException for a value the option cannot take, naming the option
     */
    MemorySegment encode(String option, T value, SegmentAllocator allocator);

    /**
     * Reads the value the kernel wrote.
     *
     * @param option the option's name, for messages
     * @param value the memory given to {@code getsockopt}, {@link #capacity()} bytes
     * @param length the {@code optlen} the kernel reported: how many bytes it filled in
     * @return the value
     * @throws IOException when the bytes cannot be made into a value
     */
    T decode(String option, MemorySegment value, int length) throws IOException;
}
