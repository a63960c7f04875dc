package io.github.panamasockets.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual threads parked on one descriptor for one direction (input or output), and whether the descriptor
 * is in that direction's {@link Poller} interest list. One per handle and direction, made the first time a
 * virtual thread waits that way and kept for the handle's life, so that a wait allocates nothing: a thread
 * takes a free slot, parks, and gives the slot back.
 *
 * <p>Most descriptors have one waiter per direction, some a few (threads accepting on one listener, readers
 * sharing a datagram socket). Slots come in chunks of {@link #CHUNK}; a full chunk links another one, which is
 * kept, so a burst of waiters costs one allocation per {@value #CHUNK} of them once, not one per wait. Slots
 * are claimed and released with compare-and-set; {@link #unparkAll} reads them with acquire semantics, so a
 * thread that claimed its slot before its descriptor was armed is always found by the wake-up that follows.
 */
public final class PollWaiters {
    private static final int CHUNK = 4;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Thread[].class);
    private static final VarHandle MORE;
    private static final VarHandle REGISTERED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MORE = lookup.findVarHandle(PollWaiters.class, "more", PollWaiters.class);
            REGISTERED = lookup.findVarHandle(PollWaiters.class, "registered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread[] threads = new Thread[CHUNK];
    /** The next chunk, once this one has been full. */
    private volatile PollWaiters more;
    /** Whether the descriptor is in the poller's interest list (only the first chunk's flag is used). */
    private volatile boolean registered;

    /** Makes the first chunk of a descriptor's waiters in one direction. */
    public PollWaiters() {}

    /**
     * Claims a slot for {@code thread}. Allocates only when every slot of every chunk is taken.
     *
     * @param thread the current thread, about to park
     */
    void add(Thread thread) {
        for (PollWaiters chunk = this; ; ) {
            for (int i = 0; i < CHUNK; i++) {
                if (SLOT.getAcquire(chunk.threads, i) == null && SLOT.compareAndSet(chunk.threads, i, null, thread)) {
                    return;
                }
            }
            PollWaiters next = chunk.more;
            if (next == null) {
                PollWaiters made = new PollWaiters();
                next = MORE.compareAndSet(chunk, null, made) ? made : chunk.more;
            }
            chunk = next;
        }
    }

    /**
     * Gives back the slot {@code thread} claimed.
     *
     * @param thread the thread that called {@link #add}
     */
    void remove(Thread thread) {
        for (PollWaiters chunk = this; chunk != null; chunk = chunk.more) {
            for (int i = 0; i < CHUNK; i++) {
                if (SLOT.getAcquire(chunk.threads, i) == thread && SLOT.compareAndSet(chunk.threads, i, thread, null)) {
                    return;
                }
            }
        }
    }

    /** Unparks every thread parked here now. */
    public void unparkAll() {
        for (PollWaiters chunk = this; chunk != null; chunk = chunk.more) {
            for (int i = 0; i < CHUNK; i++) {
                Thread t = (Thread) SLOT.getAcquire(chunk.threads, i);
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }
    }

    /** Whether the descriptor is (as far as this side knows) in the poller's interest list. */
    boolean registered() {
        return registered;
    }

    /** Records that it is, or is no longer. */
    void registered(boolean value) {
        registered = value;
    }

    /**
     * Claims the removal of the registration: true for exactly one of the threads that call it while it is
     * registered, so that it is deleted once.
     */
    boolean unregister() {
        return REGISTERED.compareAndSet(this, true, false);
    }
}
