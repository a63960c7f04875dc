package io.github.panamasockets.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual threads parked on one descriptor for one direction (input or output), and the state of the
 * descriptor's registration in that direction's {@link Poller}. One per handle and direction, made the first
 * time a virtual thread waits that way and kept for the handle's life, so that a wait allocates nothing: a thread
 * takes a free slot, parks, and gives the slot back.
 *
 * <p>Most descriptors have one waiter per direction, some a few (threads accepting on one listener, readers
 * sharing a datagram socket). Slots come in chunks of {@link #CHUNK}; a full chunk links another one, which is
 * kept, so a burst of waiters costs one allocation per {@value #CHUNK} of them once, not one per wait. Slots
 * are claimed and released with compare-and-set and read with volatile semantics, so a thread that claimed its
 * slot before it looked at the registration and at the count of events is always found by a wake-up that
 * follows, or sees the count changed.
 *
 * <p>A registration for input is edge-triggered and stays enabled from wait to wait, so that a thread that waits
 * again on a descriptor whose registration is enabled makes no system call to wait (one for output is one-shot
 * and enabled again by every wait, from {@link #ARMED}). Its state moves in one direction around a loop, each
 * step taken by one thread with a compare-and-set, so that the kernel is never asked to enable and to disable it
 * at the same time:
 * {@link #UNREGISTERED} &rarr; {@link #ARMING} (a waiter adds it) &rarr; {@link #ARMED} &rarr; {@link #DISARMING}
 * (the poller found an event that no thread waited for, and disables it) &rarr; {@link #DISARMED} &rarr;
 * {@link #ARMING} (the next waiter enables it) &rarr; ...; and back to {@code UNREGISTERED} when the handle lets
 * go of the number ({@link #forget}).
 */
public final class PollWaiters {
    /** Not in the poller's interest list. */
    static final int UNREGISTERED = 0;
    /** A waiter is adding the registration, or enabling it again. */
    static final int ARMING = 1;
    /** Registered and enabled (for output: until its one event). */
    static final int ARMED = 2;
    /** The poller is disabling the registration, which produced an event that no thread waited for. */
    static final int DISARMING = 3;
    /** Registered but disabled: produces no events until a waiter enables it. */
    static final int DISARMED = 4;

    private static final int CHUNK = 4;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Thread[].class);
    private static final VarHandle MORE;
    private static final VarHandle ARM_STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MORE = lookup.findVarHandle(PollWaiters.class, "more", PollWaiters.class);
            ARM_STATE = lookup.findVarHandle(PollWaiters.class, "armState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread[] threads = new Thread[CHUNK];
    /** The next chunk, once this one has been full. */
    private volatile PollWaiters more;
    /** The registration's state (only the first chunk's is used). */
    private volatile int armState;
    /**
     * How many readiness events the poller has handed out here (only the first chunk's is used); written by that
     * direction's one poller thread, before it looks for waiters.
     */
    private volatile long events;

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

    /** @return how many readiness events the poller has handed out here */
    long events() {
        return events;
    }

    /**
     * Hands out a readiness event: counts it, then unparks every thread parked here now. The count comes first,
     * so that a thread that registered too late to be found here sees it changed (see {@link Poller#park}).
     * Called by the one poller thread of this direction.
     *
     * @return whether any thread was parked here
     */
    boolean ready() {
        events = events + 1; // a volatile write: ordered before the reads of the slots below
        return unparkAll();
    }

    /**
     * Unparks every thread parked here now.
     *
     * @return whether there was any
     */
    public boolean unparkAll() {
        boolean any = false;
        for (PollWaiters chunk = this; chunk != null; chunk = chunk.more) {
            for (int i = 0; i < CHUNK; i++) {
                Thread t = (Thread) SLOT.getVolatile(chunk.threads, i);
                if (t != null) {
                    LockSupport.unpark(t);
                    any = true;
                }
            }
        }
        return any;
    }

    /** @return the registration's state: {@link #UNREGISTERED}, {@link #ARMING}, ... */
    int armState() {
        return armState;
    }

    /**
     * Claims the step that adds or enables the registration, from {@link #UNREGISTERED} or {@link #DISARMED} (or
     * from {@link #ARMED}, to enable it again, which makes the kernel report the current readiness).
     *
     * @param from the state seen
     * @return whether this thread is to take it (and then call {@link #armed} or {@link #armFailed})
     */
    boolean claimArming(int from) {
        return ARM_STATE.compareAndSet(this, from, ARMING);
    }

    /** The registration is enabled. Set unconditionally: a {@link #forget} meanwhile must see it to delete it. */
    void armed() {
        armState = ARMED;
    }

    /**
     * Adding or enabling the registration failed: back to the state it was claimed from.
     *
     * @param from what {@link #claimArming} was given
     */
    void armFailed(int from) {
        ARM_STATE.compareAndSet(this, ARMING, from);
    }

    /** Claims the step that disables the registration: true for one poller, and only while it is enabled. */
    boolean claimDisarm() {
        return ARM_STATE.compareAndSet(this, ARMED, DISARMING);
    }

    /** The registration is disabled. */
    void disarmed() {
        armState = DISARMED; // only the disarming thread leaves DISARMING: forget waits for it
    }

    /**
     * Marks the registration gone, for the handle that lets go of the number. While the poller is disabling it,
     * waits for that to end, so that the poller's {@code epoll_ctl} is made on this descriptor while the number
     * still names it, never on a file that reuses the number.
     *
     * @return whether it was in the interest list (or may be): the caller deletes it
     */
    boolean forget() {
        for (int spins = 0; ; spins++) {
            int s = armState;
            if (s == DISARMING) {
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // one system call on the poller's side; its carrier may be descheduled
                }
                continue;
            }
            if (ARM_STATE.compareAndSet(this, s, UNREGISTERED)) {
                return s != UNREGISTERED;
            }
        }
    }
}
