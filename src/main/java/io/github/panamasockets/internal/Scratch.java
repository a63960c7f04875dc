package io.github.panamasockets.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

/**
 * Native memory a thread reuses from call to call, so that a send or recv allocates nothing: the errno
 * capture slot, out-parameters, room for one {@code sockaddr_storage}, two {@code pollfd}s; and, made on first
 * use, a bounce buffer for heap data ({@code byte[]}, heap {@code ByteBuffer}s) that a blocking call on a
 * platform thread must not be given directly, and an area for {@code sendmsg}/{@code recvmsg}.
 *
 * <p>One per thread, reached through a {@link ThreadLocal}: calls on one thread never overlap, and every value
 * is copied out before the method that used it returns. A virtual thread's scratch is its own too (not its
 * carrier's, which another virtual thread may use while this one is parked), and small: it never needs the
 * bounce buffer, since heap data reaches the kernel through non-blocking critical calls. The memory belongs to
 * automatic arenas and is freed when the thread and its scratch are gone.
 */
public final class Scratch {
    /** Bounce buffers grow to what a call needs, up to this; larger transfers are done in pieces. */
    public static final int MAX_BOUNCE = 1 << 20;

    private static final int INITIAL_BOUNCE = 64 * 1024;
    private static final long SOCKADDR_STORAGE_SIZE = 128;
    /** Room for every small slot below with its alignment: about 250 bytes are used. */
    private static final long SMALL_SLOTS_SIZE = 512;

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    /** The capture-state segment handed to every errno-capturing downcall. */
    public final MemorySegment callState;
    /**
     * An out-parameter of up to 8 bytes ({@code socklen_t *}, {@code int *}) for one C call, set right before it
     * and read right after it: never carried across a wait, since a wait may use other slots of this scratch.
     */
    public final MemorySegment intOut;
    /** A second 8-byte slot, for calls with two, under the same rule. */
    public final MemorySegment intOut2;
    /** Room for any socket address ({@code struct sockaddr_storage}), for one C call, under the same rule. */
    public final MemorySegment sockaddr;
    /** Two {@code struct pollfd}s: a socket and, where needed, its wake-up eventfd. Used by waits only. */
    public final MemorySegment pollfd;
    /** A {@code struct epoll_event} for the poller's {@code epoll_ctl}, which runs inside a wait. */
    public final MemorySegment epollEvent;
    /** {@code sendfile}'s {@code off_t} offset, which must survive the waits between its attempts. */
    public final MemorySegment fileOffset;
    /** A {@code struct timeval} for reading {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO} at the start of a wait. */
    public final MemorySegment timeval;
    /** The 8-byte counter written to a wake-up eventfd. */
    public final MemorySegment eventCount;
    /** {@code socketpair}'s {@code int sv[2]}. */
    public final MemorySegment fdPair;

    /** The thread's {@code pthread_t}, 0 until {@link WakeSignal#self()} first asks; kept for platform threads only. */
    long pthread;

    private MemorySegment bounce;
    private MemorySegment message;

    private Scratch() {
        // One block, sliced: a thread's first call (and a server makes a virtual thread per connection) costs one
        // native allocation and one cleaner, not one of each per slot.
        SegmentAllocator slots = SegmentAllocator.slicingAllocator(Arena.ofAuto().allocate(SMALL_SLOTS_SIZE, 16));
        callState = slots.allocate(NativeCall.CAPTURE_STATE_LAYOUT);
        intOut = slots.allocate(ValueLayout.JAVA_LONG);
        intOut2 = slots.allocate(ValueLayout.JAVA_LONG);
        sockaddr = slots.allocate(SOCKADDR_STORAGE_SIZE, 8);
        pollfd = slots.allocate(16, 8);
        epollEvent = slots.allocate(16, 8);
        fileOffset = slots.allocate(ValueLayout.JAVA_LONG);
        timeval = slots.allocate(16, 8);
        eventCount = slots.allocate(ValueLayout.JAVA_LONG);
        fdPair = slots.allocate(ValueLayout.JAVA_LONG);
        // The large areas are made on first use: a virtual thread never bounces (it passes heap arrays to
        // non-blocking critical calls), so thousands of them cost only the small slots above.
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
        MemorySegment b = bounce;
        if (b == null || b.byteSize() < wanted) {
            long current = b == null ? INITIAL_BOUNCE / 2 : b.byteSize();
            b = Arena.ofAuto().allocate(Math.min(MAX_BOUNCE, Math.max(wanted, current * 2)), 16);
            bounce = b;
        }
        return b;
    }

    /**
     * The largest message area a thread keeps for its later calls: room for the most heap data one stream call
     * copies ({@link #MAX_BOUNCE}) with its {@code msghdr}, {@code iovec}s, address and a modest control buffer.
     * A call that needs more gets an area of its own, freed when it ends.
     */
    public static final long MESSAGE_KEEP = MAX_BOUNCE + 64 * 1024;

    /** The arena of an area larger than {@link #MESSAGE_KEEP}, made for the current call alone; or null. */
    private Arena messageOnce;
    private ScopeHolds messageHolds;

    /**
     * Room for one {@code sendmsg}/{@code recvmsg}: its {@code msghdr}, {@code iovec}s, address, control data and
     * the copies of buffers that cannot be handed to the kernel directly. Up to {@link #MESSAGE_KEEP} bytes come
     * from an area the thread keeps and reuses; a larger call gets an area of its own, from an arena that
     * {@link #endMessage()} closes, so that one huge call (a 64 MiB control buffer, a large record of heap data)
     * leaves no memory behind. Every call of this method must be followed by {@code endMessage()} once the
     * message's memory is no longer needed, also when the call failed.
     *
     * @param size bytes needed
     * @return a segment of exactly {@code size} bytes, 16-byte aligned; its contents are undefined (a reused
     *         area holds the previous call's bytes): the caller zeroes what must be zero
     */
    public MemorySegment message(long size) {
        closeMessageOnce(); // a call that failed before it could end its message must not keep that area
        if (size > MESSAGE_KEEP) {
            // Confined: closed by this thread in endMessage, at once and without the cost of a shared close.
            Arena once = Arena.ofConfined();
            try {
                MemorySegment m = once.allocate(size, 16);
                messageOnce = once;
                return m;
            } catch (RuntimeException | Error e) {
                once.close();
                throw e;
            }
        }
        MemorySegment area = message;
        if (area == null || area.byteSize() < size) {
            long grown = area == null ? 4096 : area.byteSize() * 2;
            area = Arena.ofAuto().allocate(Math.min(MESSAGE_KEEP, Math.max(size, grown)), 16);
            message = area;
        }
        return area.asSlice(0, size);
    }

    /**
     * The scopes the current message's call must hold open (see {@link ScopeHolds}), filled by the code that builds
     * the message (before it asks for {@link #message(long)}'s area, whose size depends on them) and passed by
     * {@link Libc#sendmsg(int, MemorySegment, int)} and {@link Libc#recvmsg(int, MemorySegment, int)}.
     *
     * @return this thread's holds, empty between calls
     */
    public ScopeHolds messageHolds() {
        ScopeHolds h = messageHolds;
        if (h == null) {
            h = new ScopeHolds();
            messageHolds = h;
        }
        return h;
    }

    /**
     * Ends the call that used {@link #message(long)}: frees an area made for that call alone, and forgets the scopes
     * held for it, so that no caller memory stays reachable from this thread. Idempotent.
     */
    public void endMessage() {
        closeMessageOnce();
        ScopeHolds h = messageHolds;
        if (h != null) {
            h.clear();
        }
    }

    private void closeMessageOnce() {
        Arena once = messageOnce;
        if (once != null) {
            messageOnce = null;
            once.close();
        }
    }

    /**
     * The segment for a direct buffer's remaining bytes ({@link MemorySegment#ofBuffer}), or for part of an
     * array, remembered for the last few buffers (or arrays), positions and lengths this thread used. A buffer reused the
     * usual way — cleared or flipped, then handed over again — then costs no allocation per call: a segment made
     * per call would escape, since the data path is too big to inline. Both the buffer and its segment are held
     * weakly, so the cache keeps no memory alive; the segment keeps its scope checks (a closed arena is refused
     * as ever).
     *
     * @param direct a direct buffer
     * @return a segment over its bytes from position to limit
     */
    public MemorySegment segmentOf(java.nio.ByteBuffer direct) {
        int position = direct.position();
        int length = direct.limit() - position;
        MemorySegment segment = cached(direct, position, length);
        if (segment == null) {
            segment = remember(direct, position, length, MemorySegment.ofBuffer(direct));
        }
        return segment;
    }

    /**
     * As {@link #segmentOf(java.nio.ByteBuffer)}, for {@code array[offset, offset + length)}.
     *
     * @param array the array
     * @param offset where the part starts
     * @param length its length
     * @return a heap segment over that part
     */
    public MemorySegment segmentOf(byte[] array, int offset, int length) {
        MemorySegment segment = cached(array, offset, length);
        if (segment == null) {
            segment = remember(array, offset, length, MemorySegment.ofArray(array).asSlice(offset, length));
        }
        return segment;
    }

    private MemorySegment cached(Object owner, int offset, int length) {
        for (int i = 0; i < SEGMENT_CACHE; i++) {
            java.lang.ref.WeakReference<MemorySegment> ref = cachedSegments[i];
            if (ref != null && cachedOffsets[i] == offset && cachedLengths[i] == length && cachedOwners[i].get() == owner) {
                MemorySegment segment = ref.get();
                if (segment != null) {
                    return segment;
                }
            }
        }
        return null;
    }

    private MemorySegment remember(Object owner, int offset, int length, MemorySegment segment) {
        int i = nextSlot;
        nextSlot = (i + 1) % SEGMENT_CACHE;
        cachedSegments[i] = new java.lang.ref.WeakReference<>(segment);
        cachedOwners[i] = new java.lang.ref.WeakReference<>(owner);
        cachedOffsets[i] = offset;
        cachedLengths[i] = length;
        return segment;
    }

    /** A few entries, so that a send buffer and a receive buffer used in turn both stay cached. */
    private static final int SEGMENT_CACHE = 4;
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made raw
    private final java.lang.ref.WeakReference<MemorySegment>[] cachedSegments = new java.lang.ref.WeakReference[SEGMENT_CACHE];
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final java.lang.ref.WeakReference<Object>[] cachedOwners = new java.lang.ref.WeakReference[SEGMENT_CACHE];
    private final int[] cachedOffsets = new int[SEGMENT_CACHE];
    private final int[] cachedLengths = new int[SEGMENT_CACHE];
    private int nextSlot;
}
