package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Native memory with guard bytes on both sides of the part handed to a call: {@link #body} returns a slice
 * with {@value #GUARD_BYTES} bytes of {@link #GUARD} before and after it, inside one larger segment, and
 * {@link #assertGuardsIntact} checks them after the call. A native write outside the caller's buffer, by the
 * library's arithmetic or the kernel's, changes a guard. The body itself is filled with {@code GUARD} too, so
 * a test can also check that nothing was written past the count a call returned.
 */
final class Canary {
    static final byte GUARD = (byte) 0xC3;
    static final int GUARD_BYTES = 64;

    private final MemorySegment region;
    private long start;
    private long size;

    /** A region for bodies of up to {@code maxBody} bytes, allocated once and reused by every case. */
    Canary(Arena arena, long maxBody) {
        region = arena.allocate(maxBody + 2L * GUARD_BYTES + 16, 16);
    }

    /**
     * @param size the body's size, up to the maximum given at construction
     * @param misalign 0 to 15: where the body starts relative to a 16-byte boundary
     * @return the body, filled with {@link #GUARD} like the guards around it
     */
    MemorySegment body(long size, int misalign) {
        this.start = GUARD_BYTES + misalign;
        this.size = size;
        region.asSlice(0, start + size + GUARD_BYTES).fill(GUARD);
        return region.asSlice(start, size);
    }

    /** Fails when a byte before or after the body changed. */
    void assertGuardsIntact(Object context) {
        checkGuard(start - GUARD_BYTES, start, "before", context);
        checkGuard(start + size, start + size + GUARD_BYTES, "after", context);
    }

    /** Fails when a byte of the body at or after {@code from} changed (nothing was written past a count). */
    void assertBodyUntouchedFrom(long from, Object context) {
        checkGuard(start + Math.max(0, from), start + size, "inside, past the count returned,", context);
    }

    private void checkGuard(long from, long to, String where, Object context) {
        for (long i = from; i < to; i++) {
            if (region.get(ValueLayout.JAVA_BYTE, i) != GUARD) {
                fail("a byte " + where + " the buffer was written (offset " + (i - start) + " from its start): " + context);
            }
        }
    }

    /** Fails when a byte of {@code array} outside {@code [from, to)} is not {@link #GUARD}. */
    static void assertArrayGuards(byte[] array, int from, int to, Object context) {
        for (int i = 0; i < array.length; i++) {
            if ((i < from || i >= to) && array[i] != GUARD) {
                fail("byte " + i + " of the array, outside [" + from + ", " + to + "), was written: " + context);
            }
        }
    }
}
