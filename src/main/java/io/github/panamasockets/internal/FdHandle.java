package io.github.panamasockets.internal;

import io.github.panamasockets.ClosedWhileBlockedException;
import io.github.panamasockets.SocketClosedException;
import io.github.panamasockets.SocketConstants;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Owns one file descriptor number and decides when it may be used and when it is released.
 *
 * <p>Every call on the descriptor is bracketed by {@link #begin} and {@link #end}, which count the calls in
 * flight. {@link #close} marks the handle closed at once, so that no new call can start, and the descriptor
 * is passed to {@code close(2)} only when the last call in flight has left: the number can never be reused
 * by the kernel while a thread of ours still holds it. This is the protocol of the JDK's
 * {@code NioSocketImpl}.
 *
 * <p>The handle holds no reference to its socket object, so it can be the socket's {@link java.lang.ref.Cleaner}
 * action: a socket dropped without {@code close} is closed when it becomes unreachable.
 */
public final class FdHandle implements Runnable {
    private static final int CLOSED = 1 << 31;
    private static final int COUNT_MASK = ~CLOSED;
    private static final VarHandle STATE;
    private static final int EFD_FLAGS = SocketConstants.EFD_CLOEXEC | SocketConstants.EFD_NONBLOCK;

    static {
        // Made with the first descriptor, not the first close with calls in flight: a descriptor that appears
        // in the middle of a program's life looks like a leak to whoever counts them.
        int dead = DeadSocket.FD;
        try {
            STATE = MethodHandles.lookup().findVarHandle(FdHandle.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many threads can be registered inside the kernel at once; more wait in poll beside the eventfd. */
    private static final int KERNEL_SLOTS = 8;
    /** {@link #enterKernel}: the handle is closed. */
    public static final int CLOSED_SLOT = -2;
    /** {@link #enterKernel}: every slot is taken. */
    public static final int NO_SLOT = -1;
    /** Set in a slot while a close signals its thread; a {@code pthread_t} is an aligned address, so bit 0 is free. */
    private static final long SIGNALLING = 1L;
    private static final long RESIGNAL_NANOS = 2_000_000;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int O_CLOEXEC = SocketConstants.O_CLOEXEC;

    private static final System.Logger LOG = System.getLogger("io.github.panamasockets");

    private final int fd;
    /** Bit 31: closed. Bits 0-30: calls in flight. */
    private volatile int state;
    /** Set when the descriptor is (or may be) shared with other holders: detach, fileno, fromfd, dup. */
    private volatile boolean shared;
    /** An eventfd that a close writes to, waking platform threads that poll a shared socket; -1 until needed. */
    private volatile int wakeFd = -1;
    /**
     * The virtual threads parked on this descriptor in the {@link Poller}, for input and for output; each made
     * the first time a virtual thread waits that way.
     */
    private volatile PollWaiters readWaiters, writeWaiters;
    /**
     * The threads waiting inside the kernel on this descriptor ({@code pthread_t}, 0 for a free slot), made on the
     * first such wait. See {@link #enterKernel}.
     */
    private volatile long[] kernelThreads;

    /**
     * @param fd the descriptor, which this handle now owns
     * @param shared whether other holders may have it too (a descriptor from outside the library)
     */
    public FdHandle(int fd, boolean shared) {
        this.fd = fd;
        this.shared = shared;
    }

    /**
     * Starts a call: returns the descriptor and counts the call in flight.
     *
     * @param call the method, named in the exception
     * @return the descriptor number
     * @throws SocketClosedException when the handle is closed; the number is not touched
     */
    public int begin(String call) throws SocketClosedException {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new SocketClosedException(call);
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return fd;
            }
        }
    }

    /**
     * Ends a call started by {@link #begin}. When the handle was closed meanwhile and this was the last call
     * in flight, the descriptor is released now.
     *
     * @param call the method, named in the exception
     * @param completed whether the call did what it was asked (transferred data, accepted, connected); a call
     *                  that did not, on a handle closed meanwhile, was woken by the close
     * @throws ClosedWhileBlockedException when the call did not complete and the handle was closed meanwhile
     */
    public void end(String call, boolean completed) throws ClosedWhileBlockedException {
        int s = (int) STATE.getAndAdd(this, -1) - 1;
        if ((s & CLOSED) != 0) {
            if ((s & COUNT_MASK) == 0) {
                release();
            }
            if (!completed) {
                throw new ClosedWhileBlockedException(call);
            }
        }
    }

    /**
     * Ends a call that failed with an exception: as {@link #end} with {@code completed = false}, but the call's
     * own exception is replaced only when the close caused it.
     *
     * @param call the method
     * @param failure the call's exception
     * @return the exception to throw: {@code failure}, or a {@link ClosedWhileBlockedException} with it
     *         attached as suppressed when the handle was closed meanwhile
     */
    public IOException endFailed(String call, IOException failure) {
        if (failure instanceof java.nio.channels.ClosedChannelException) {
            // An interrupt closed the socket (ClosedByInterruptException): that is the report, as in NIO.
            endCompleted(call);
            return failure;
        }
        try {
            end(call, false);
            return failure;
        } catch (ClosedWhileBlockedException e) {
            e.addSuppressed(failure);
            return e;
        }
    }

    /**
     * Ends a call that completed, or that threw an unchecked exception ({@link RuntimeException}, {@link Error}:
     * memory of a closed arena, an injected fault; the counterpart of {@link #endFailed} for those): the count of
     * calls in flight goes down whatever the call did, so that a close can still release the number. Never
     * throws: what the call threw stays the report.
     *
     * @param call the method
     */
    public void endCompleted(String call) {
        try {
            end(call, true);
        } catch (ClosedWhileBlockedException impossible) {
            throw new AssertionError(impossible); // a completed call never throws
        }
    }

    /**
     * Closes: no new call may start, and the descriptor is released once no call is in flight.
     *
     * @return the number of calls still in flight (0 when the descriptor was released by this call), or -1
     *         when the handle was already closed
     * @throws IOException when {@code close(2)} itself fails for a descriptor released here
     */
    public int close() throws IOException {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                return -1;
            }
            if (STATE.compareAndSet(this, s, s | CLOSED)) {
                int inFlight = s & COUNT_MASK;
                if (inFlight == 0) {
                    closeNow();
                }
                return inFlight;
            }
        }
    }

    /**
     * Closes as {@link #close()}, but when calls are in flight the caller is counted as one more of them: the
     * descriptor stays open, under its number, until the caller has woken the others ({@link #preClose},
     * {@link #wakeWaiters}) and called {@link #end end(call, true)}. Without that hold the woken calls could
     * all leave and release the number first, and the wake-up would reach whatever file the kernel gave the
     * number to next.
     *
     * @return the number of calls in flight besides the caller (0 when the descriptor was released by this
     *         call, and nothing is held), or -1 when the handle was already closed
     * @throws IOException when {@code close(2)} itself fails for a descriptor released here
     */
    public int closeHolding() throws IOException {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                return -1;
            }
            int inFlight = s & COUNT_MASK;
            if (STATE.compareAndSet(this, s, inFlight == 0 ? s | CLOSED : (s | CLOSED) + 1)) {
                if (inFlight == 0) {
                    closeNow();
                }
                return inFlight;
            }
        }
    }

    /**
     * Gives the descriptor up without closing it: the handle forgets it and behaves as closed. What this handle
     * hung off the number — the wake-up eventfd, the poller's registration — is released before the number is
     * handed over, while it still names the same file; the number itself stays open, the caller's.
     *
     * <p>It succeeds whole or not at all: one atomic step takes the number, and when that step fails (closed, or
     * a call in progress) nothing has changed.
     *
     * @param call the method, named in the exception
     * @return the descriptor, now owned by the caller
     * @throws SocketClosedException when already closed or detached
     * @throws IllegalStateException when a call is in progress on it; the handle still owns it
     */
    public int detach(String call) throws SocketClosedException {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new SocketClosedException(call);
            }
            if ((s & COUNT_MASK) != 0) {
                throw new IllegalStateException(call + ": calls are still in progress on this socket");
            }
            // With no call in flight and CLOSED set, no end() can release the number and close() returns -1:
            // from here the descriptor is the caller's alone.
            if (STATE.compareAndSet(this, s, CLOSED)) {
                releaseAttachments();
                return fd;
            }
        }
    }

    /**
     * Drops what hangs off the number without being it, before the number is closed or, for {@link #detach},
     * handed over: when the number leaves this handle,
     * the eventfd is this handle's alone and would never be closed, and a poller registration would outlive the
     * caller's close of the number whenever another descriptor keeps the socket open. Safe without a lock: with
     * the handle closed and no call in flight, no thread can make the eventfd or register the number any more.
     */
    private void releaseAttachments() {
        forgetPollerRegistrations();
        int w = wakeFd;
        if (w != -1) {
            wakeFd = -1;
            try {
                Libc.close(w);
            } catch (IOException ignored) {
                // an eventfd we made and nobody else holds: nothing to report
            }
        }
    }

    /**
     * The descriptor a platform thread polls beside this one so that a close can wake it when no signal can
     * ({@link WakeSignal#AVAILABLE} is false, or every kernel-waiter slot is taken). Made on first use.
     *
     * @return an eventfd, open until this handle releases its descriptor
     * @throws IOException when it cannot be made
     */
    public int wakeFd() throws IOException {
        int w = wakeFd;
        if (w == -1) {
            synchronized (this) {
                w = wakeFd;
                if (w == -1) {
                    w = Libc.eventfd(0, EFD_FLAGS);
                    wakeFd = w;
                }
            }
        }
        return w;
    }

    /**
     * Registers the calling thread as about to wait inside the kernel on this descriptor (a blocking call, or
     * {@code poll}), so that {@link #wakeWaiters} can end the wait with a signal. Must be followed by
     * {@link #leaveKernel} whatever happens. Nothing is allocated after the first call on a handle.
     *
     * @param thread the caller's {@link WakeSignal#self()}
     * @return the slot to pass to {@link #leaveKernel}; {@link #NO_SLOT} when the handle is closed (the caller
     *         must not wait) or when every slot is taken (the caller must wait where a close can reach it
     *         otherwise: in {@code poll} beside {@link #wakeFd()})
     */
    public int enterKernel(long thread) {
        long[] slots = kernelThreads;
        if (slots == null) {
            synchronized (this) {
                slots = kernelThreads;
                if (slots == null) {
                    slots = new long[KERNEL_SLOTS];
                    kernelThreads = slots;
                }
            }
        }
        for (int i = 0; i < slots.length; i++) {
            if ((long) SLOT.getVolatile(slots, i) == 0 && SLOT.compareAndSet(slots, i, 0L, thread)) {
                // A close that set CLOSED before this registration was visible did not see it: do not wait.
                // One that sets it from here on finds the slot and signals (both sides are volatile: one of the
                // two always sees the other).
                if (isClosed()) {
                    SLOT.setVolatile(slots, i, 0L);
                    return CLOSED_SLOT;
                }
                return i;
            }
        }
        return NO_SLOT;
    }

    /**
     * Ends a wait registered with {@link #enterKernel}. When a close is signalling the thread at this moment,
     * waits until it is done, so that no signal is ever sent to a thread that has moved on (or ended).
     *
     * @param slot what {@link #enterKernel} returned (nothing is done for a negative one)
     */
    public void leaveKernel(int slot) {
        if (slot < 0) {
            return;
        }
        long[] slots = kernelThreads;
        for (;;) {
            long t = (long) SLOT.getVolatile(slots, slot);
            if ((t & SIGNALLING) == 0 && SLOT.compareAndSet(slots, slot, t, 0L)) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The first step of a close with calls in flight: the descriptor number is pointed at a socket that is
     * already shut down ({@code dup3}), so that the socket itself is released now, as {@code close(2)} would,
     * and every call that starts from here on — a retry after a signal, a call about to enter the kernel — ends
     * at once on the dead socket instead of waiting on the real one. The number itself stays reserved until the
     * last call leaves. Other holders of the socket (a {@code dup}, another process) see nothing but this
     * descriptor going away. This is the JDK's {@code preClose}.
     */
    public void preClose() {
        forgetPollerRegistrations(); // while the number still names the real socket, whose registration this is
        try {
            Libc.dup3(DeadSocket.FD, fd, O_CLOEXEC);
        } catch (IOException | RuntimeException ignored) {
            // Not expected (EBUSY is a race with open(2) in another thread, on a number that is ours): the
            // signals and wake-ups below still end the waits, only less promptly.
        }
    }

    /**
     * Wakes every thread waiting on this descriptor: virtual threads parked in the poller, platform threads in
     * {@code poll} beside the wake-up eventfd, and threads registered inside the kernel, by a signal.
     */
    public void wakeWaiters() {
        PollWaiters readers = readWaiters, writers = writeWaiters;
        if (readers != null) {
            readers.unparkAll();
        }
        if (writers != null) {
            writers.unparkAll();
        }
        int w = wakeFd;
        if (w != -1) {
            MemorySegment one = Scratch.get().eventCount;
            one.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1L);
            try {
                Libc.write(w, one, 8);
            } catch (IOException ignored) {
                // EAGAIN: the counter is already non-zero, so the waiters are awake anyway.
            }
        }
        signalKernelWaiters();
    }

    /**
     * Whether a thread is registered inside the kernel on this descriptor now (or about to enter it). A close
     * that finds none needs no {@link #preClose}: a thread that registers later sees the handle closed and does
     * not enter, and calls that do not wait keep using the real socket, whose number stays reserved until they
     * leave — so that a {@code dup}, a name or a descriptor passed with {@code SCM_RIGHTS} at that moment is the
     * socket's own, not the dead one's.
     *
     * @return whether any kernel-waiter slot is taken
     */
    public boolean hasKernelWaiters() {
        long[] slots = kernelThreads;
        if (slots == null) {
            return false;
        }
        for (int i = 0; i < slots.length; i++) {
            if ((long) SLOT.getVolatile(slots, i) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until no thread is registered inside the kernel on this descriptor, signalling again now and then
     * (a signal that arrived just before a thread entered its system call is not lost: that call runs on the
     * dead socket of {@link #preClose}, but a thread may be slow to be scheduled). Gives up after
     * {@code timeoutNanos}: a thread held in an uninterruptible wait keeps the number until it leaves.
     *
     * @param timeoutNanos how long to wait at most
     * @return whether every registered thread has left
     */
    public boolean awaitKernelWaiters(long timeoutNanos) {
        long[] slots = kernelThreads;
        if (slots == null) {
            return true;
        }
        long start = System.nanoTime();
        long nextSignal = start + RESIGNAL_NANOS;
        for (;;) {
            boolean empty = true;
            for (int i = 0; i < slots.length; i++) {
                if ((long) SLOT.getVolatile(slots, i) != 0) {
                    empty = false;
                    break;
                }
            }
            if (empty) {
                return true;
            }
            long now = System.nanoTime();
            if (now - start > timeoutNanos) {
                return false;
            }
            if (now - nextSignal > 0) {
                signalKernelWaiters();
                nextSignal = now + RESIGNAL_NANOS;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    /** Signals each registered thread, marking its slot meanwhile so that the thread cannot leave and end. */
    private void signalKernelWaiters() {
        long[] slots = kernelThreads;
        if (slots == null) {
            return;
        }
        for (int i = 0; i < slots.length; i++) {
            long t = (long) SLOT.getVolatile(slots, i);
            if (t != 0 && (t & SIGNALLING) == 0 && SLOT.compareAndSet(slots, i, t, t | SIGNALLING)) {
                try {
                    WakeSignal.signal(t);
                } finally {
                    SLOT.setVolatile(slots, i, t);
                }
            }
        }
    }

    /**
     * Where virtual threads park on this descriptor in the {@link Poller} for one direction; made on first use
     * and kept, so that later waits allocate nothing.
     *
     * @param output {@code true} for waits for room to send, {@code false} for input (and waits for time only)
     * @return the waiters of that direction
     */
    public PollWaiters pollWaiters(boolean output) {
        PollWaiters w = output ? writeWaiters : readWaiters;
        if (w == null) {
            synchronized (this) {
                w = output ? writeWaiters : readWaiters;
                if (w == null) {
                    w = new PollWaiters();
                    if (output) {
                        writeWaiters = w;
                    } else {
                        readWaiters = w;
                    }
                }
            }
        }
        return w;
    }

    /**
     * How many readiness events the {@link Poller} has handed to this descriptor's waiters in one direction (see
     * {@link Blocking#readinessMark}); 0 before the first wait that way.
     *
     * @param output {@code true} for room to send, {@code false} for input
     * @return the count
     */
    public long pollEventCount(boolean output) {
        PollWaiters w = output ? writeWaiters : readWaiters;
        return w == null ? 0 : w.events();
    }

    private void forgetPollerRegistrations() {
        PollWaiters r = readWaiters, w = writeWaiters;
        if (r != null || w != null) {
            Poller.forget(fd, r, w);
        }
    }

    /** Records that other holders may have the descriptor, so closing must not disturb the socket for them. */
    public void markShared() {
        shared = true;
    }

    /** @return whether other holders may have this descriptor */
    public boolean isShared() {
        return shared;
    }

    /** @return whether {@link #close} or {@link #detach} has run */
    public boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    /** @return the descriptor number, for display only: never pass it to a call without {@link #begin} */
    public int number() {
        return fd;
    }

    /** @return the number of calls in flight */
    public int inFlight() {
        return state & COUNT_MASK;
    }

    /**
     * Closes, and ends the calls in flight wherever they wait — inside the kernel (registered with
     * {@link #enterKernel}), in {@code poll} beside the wake-up eventfd, or parked in the {@link Poller}: the one
     * close sequence of every owner, a socket's and a plain descriptor's. With calls in flight the descriptor is
     * pointed at a dead socket first, if any of them is inside the kernel (see {@link #hasKernelWaiters}); the
     * number stays reserved until the last call has left.
     *
     * @param timeoutNanos how long to wait at most for the woken threads to leave the kernel
     * @throws IOException when {@code close(2)} itself fails for a descriptor released here
     */
    public void closeWaking(long timeoutNanos) throws IOException {
        int inFlight = closeHolding();
        if (inFlight > 0) {
            try {
                if (hasKernelWaiters()) {
                    preClose(); // only then: see hasKernelWaiters
                }
                wakeWaiters();
                awaitKernelWaiters(timeoutNanos);
            } finally {
                end("close", true);
            }
        }
    }

    /**
     * The cleaner's action: closes the descriptor of a socket that became unreachable without close. An owner's
     * own {@code close} (and {@code detach}) runs it too, to unregister it, after the handle is closed, when it
     * does nothing; so a handle still open here is always the cleaner's to close, and is reported at
     * {@code DEBUG} level as a leak in the caller's code — before the close, so that the report is out by the
     * time the descriptor is gone.
     */
    @Override
    public void run() {
        if (!isClosed() && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "descriptor {0} closed by the cleaner: its owner was dropped without close()", fd);
        }
        try {
            close();
        } catch (IOException ignored) {
            // Nobody is left to tell: the socket object is gone.
        }
    }

    private void release() {
        try {
            closeNow();
        } catch (IOException ignored) {
            // The closing thread has returned already; the number is released either way on Linux.
        }
    }

    /** Releases the number: first what hangs off it (poller registration, wake-up eventfd), then the descriptor. */
    private void closeNow() throws IOException {
        releaseAttachments();
        Libc.close(fd);
    }
}
