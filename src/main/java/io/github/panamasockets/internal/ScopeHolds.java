package io.github.panamasockets.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The lifetimes (arena scopes) of the caller's memory that one {@code sendmsg}/{@code recvmsg} reaches only through
 * pointers stored inside its {@code msghdr} and {@code iovec}s, to be held open for the whole C call.
 *
 * <p>The FFM linker keeps a segment's arena from closing while a downcall runs only when the segment is an
 * argument of that downcall: a shared arena's {@code close()} then fails with {@link IllegalStateException}, and a
 * closed arena's segment is refused before the call. An address stored inside a structure gets nothing of the
 * kind. So {@link Libc#sendmsg(int, MemorySegment, int, ScopeHolds)} and its {@code recvmsg} twin pass one segment
 * of each distinct scope collected here as extra, trailing pointer arguments, which the C function never reads
 * (on the SysV x86-64 and AAPCS64 calling conventions the caller places and removes the arguments, so a
 * non-variadic callee ignores any it does not declare).
 *
 * <p>Scopes that can never close need no hold and take no place: the global arena's and a plain direct
 * {@code ByteBuffer}'s (whose memory lives as long as the buffer object, which the caller's list holds). They are
 * recognised by the implementation class of the scopes the JDK gives for them, compared at start-up with those of
 * the closeable arenas: should a JDK ever use one class for both, every scope is held.
 *
 * <p>At most {@link #MAX} scopes are held per call; {@link #add} says when a segment's scope would be one too
 * many, and the caller then copies that buffer through memory of its own. One instance per thread, reused from
 * call to call ({@link Scratch#messageHolds()}), so collecting scopes allocates nothing.
 */
public final class ScopeHolds {
    /** The most distinct scopes one call holds: the widest downcall variant takes this many extra arguments. */
    public static final int MAX = 8;

    private static final Class<?> GLOBAL_SCOPE = Arena.global().scope().getClass();
    private static final Class<?> BUFFER_SCOPE = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(1)).scope().getClass();
    /** Whether those two classes are told apart from every closeable arena's scope class, so that skipping them is sound. */
    private static final boolean NON_CLOSING_KNOWN = distinctFromCloseable();

    /** One segment per distinct scope held, {@link MemorySegment#NULL} past {@link #count}: the downcall's extra arguments. */
    final MemorySegment[] segments = new MemorySegment[MAX];
    /** How many of {@link #segments} are held. */
    int count;

    /** An empty set. */
    public ScopeHolds() {
        Arrays.fill(segments, MemorySegment.NULL);
    }

    /**
     * Holds the scope of a native segment for the next call, unless it is held already or never closes.
     *
     * @param segment native memory the kernel will reach through a pointer inside the call's structures
     * @return {@code true} when the segment's memory is safe for the call; {@code false} when {@link #MAX} other
     *         scopes are held already, and the caller must copy this buffer through library memory instead
     * @throws IllegalArgumentException for a heap segment, which is never handed to the kernel directly
     */
    public boolean add(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("heap memory is never handed to the kernel directly");
        }
        MemorySegment.Scope scope = segment.scope();
        if (neverCloses(scope)) {
            return true;
        }
        for (int i = 0; i < count; i++) {
            if (segments[i].scope().equals(scope)) {
                return true;
            }
        }
        if (count == MAX) {
            return false;
        }
        segments[count++] = segment;
        return true;
    }

    /** {@return how many scopes are held} */
    public int count() {
        return count;
    }

    /** Forgets every scope, so that no caller memory is kept reachable after the call. */
    public void clear() {
        Arrays.fill(segments, 0, count, MemorySegment.NULL);
        count = 0;
    }

    private static boolean neverCloses(MemorySegment.Scope scope) {
        Class<?> c = scope.getClass();
        return NON_CLOSING_KNOWN && (c == GLOBAL_SCOPE || c == BUFFER_SCOPE);
    }

    private static boolean distinctFromCloseable() {
        try (Arena confined = Arena.ofConfined(); Arena shared = Arena.ofShared()) {
            Class<?>[] closeable = {confined.scope().getClass(), shared.scope().getClass(), Arena.ofAuto().scope().getClass()};
            for (Class<?> c : closeable) {
                if (c == GLOBAL_SCOPE || c == BUFFER_SCOPE) {
                    return false;
                }
            }
            return true;
        }
    }
}
