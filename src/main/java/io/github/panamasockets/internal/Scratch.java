package io.github.panamasockets.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Native memory a thread reuses from call to call, so that a send or recv allocates nothing: the errno
 * capture slot, an out-parameter for lengths, room for one {@code sockaddr_storage}, and a bounce buffer for
 * data that lives on the Java heap ({@code byte[]}, heap {@code ByteBuffer}s), which a blocking downcall may
 * not read directly.
 *
 * <p>One per thread, reached through a {@link ThreadLocal}: calls on one thread never overlap, and every value
 * is copied out before the method that used it returns. The memory belongs to an automatic arena and is freed
 * when the thread and its scratch are gone.
 */
public final class Scratch {
    /** Bounce buffers grow to what a call needs, up to this; larger transfers are done in pieces. */
    public static final int MAX_BOUNCE = 1 << 20;

    private static final int INITIAL_BOUNCE = 64 * 1024;
    private static final long SOCKADDR_STORAGE_SIZE = 128;

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    /** The capture-state segment handed to every errno-capturing downcall. */
    public final MemorySegment callState;
    /** An {@code int}-sized out-parameter ({@code socklen_t *}, {@code int *}). */
    public final MemorySegment intOut;
    /** A second {@code int}-sized slot, for calls with two. */
    public final MemorySegment intOut2;
    /** Room for any socket address ({@code struct sockaddr_storage}). */
    public final MemorySegment sockaddr;
    /** One {@code struct pollfd}, for waiting on a single descriptor. */
    public final MemorySegment pollfd;

    private MemorySegment bounce;
    private MemorySegment message;

    private Scratch() {
        Arena arena = Arena.ofAuto();
        callState = arena.allocate(NativeCall.CAPTURE_STATE_LAYOUT);
        intOut = arena.allocate(ValueLayout.JAVA_INT);
        intOut2 = arena.allocate(ValueLayout.JAVA_INT);
        sockaddr = arena.allocate(SOCKADDR_STORAGE_SIZE, 8);
        pollfd = arena.allocate(8, 4);
        bounce = arena.allocate(INITIAL_BOUNCE, 16);
        message = arena.allocate(4096, 16);
    }

    /** @return this thread's scratch memory */
    public static Scratch get() {
        return PER_THREAD.get();
    }

    /**
     * A native buffer of at least {@code min(size, MAX_BOUNCE)} bytes, reused by later calls on this thread.
     * It is returned whole, not sliced, so that a call allocates nothing: pass the length separately.
     *
     * @param size bytes wanted; the caller transfers at most {@code min(size, MAX_BOUNCE)}
     * @return a segment of at least {@code min(size, MAX_BOUNCE)} bytes
     */
    public MemorySegment bounce(long size) {
        long wanted = Math.min(size, MAX_BOUNCE);
        if (bounce.byteSize() < wanted) {
            bounce = Arena.ofAuto().allocate(Math.min(MAX_BOUNCE, Math.max(wanted, bounce.byteSize() * 2)), 16);
        }
        return bounce;
    }

    /**
     * Room for one {@code sendmsg}/{@code recvmsg}: its {@code msghdr}, {@code iovec}s, address, control data and
     * the bounce copies of heap buffers. Grows as needed and is reused by later calls on this thread.
     *
     * @param size bytes needed
     * @return a segment of exactly {@code size} bytes, zeroed
     */
    public MemorySegment message(long size) {
        if (message.byteSize() < size) {
            message = Arena.ofAuto().allocate(Math.max(size, message.byteSize() * 2), 16);
        }
        MemorySegment m = message.asSlice(0, size);
        m.fill((byte) 0);
        return m;
    }
}
