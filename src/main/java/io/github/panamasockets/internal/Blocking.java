package io.github.panamasockets.internal;

import io.github.panamasockets.SocketConstants;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The one place where a call waits for its descriptor to become ready: a call that found nothing to do on a
 * non-blocking path ({@code EAGAIN}, {@code EINPROGRESS}) waits here, with or without a deadline, and is then
 * issued again by the call driver.
 *
 * <p>Platform threads wait in {@code poll(2)}; virtual threads park in the {@link Poller}. A close from another
 * thread wakes both ({@link FdHandle#wakeWaiters}).
 */
public final class Blocking {
    /** No deadline: wait until ready. */
    public static final long FOREVER = Long.MIN_VALUE;

    /** {@code POLLIN}: ready to receive or accept. */
    public static final int READABLE = SocketConstants.POLLIN;
    /** {@code POLLOUT}: ready to send, or a connection attempt has finished. */
    public static final int WRITABLE = SocketConstants.POLLOUT;

    private Blocking() {}

    /**
     * A deadline {@code timeoutNanos} from now, for {@link #await}.
     *
     * @param timeoutNanos a positive timeout
     * @return the deadline in {@link System#nanoTime()} terms
     */
    public static long deadline(long timeoutNanos) {
        return System.nanoTime() + timeoutNanos;
    }

    /**
     * Whether {@code fd} is ready for {@code events} now, or has an error or hang-up to report: {@code poll(2)}
     * with a zero timeout, which never blocks. For callers whose next call would block on a blocking
     * descriptor, or would take "woken" for "done" (a connect in progress), since {@link #await} may return
     * early: a virtual thread's wake-up is a hint, as a parked thread may be unparked for no reason.
     *
     * @param fd the descriptor, held by the caller
     * @param events {@link #READABLE} or {@link #WRITABLE}
     * @return whether {@code poll} reports it ready
     * @throws IOException when {@code poll} itself fails
     */
    public static boolean readyNow(int fd, int events) throws IOException {
        MemorySegment pfd = Scratch.get().pollfd;
        pfd.set(ValueLayout.JAVA_INT, 0, fd);
        pfd.set(ValueLayout.JAVA_SHORT, 4, (short) events);
        pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        return Libc.poll(pfd, 1, 0) > 0;
    }

    /**
     * The mark to take before a try that may be followed by {@link #await}: how many readiness events the
     * {@link Poller} has handed out for the descriptor in that direction. A virtual thread's wait compares it with
     * the count then, so that readiness reported between the try and the wait — to other waiters, or to nobody —
     * is not slept through: the poller's registrations stay enabled from wait to wait and report each change once.
     *
     * @param handle the descriptor's owner
     * @param events {@link #READABLE}, {@link #WRITABLE}, or 0
     * @return the mark, for {@link #await}
     */
    public static long readinessMark(FdHandle handle, int events) {
        return handle.pollEventCount(events == WRITABLE);
    }

    /**
     * Waits until {@code fd} is ready for {@code events}, or has an error or hang-up to report (the caller's
     * next attempt then reports it), or the deadline passes, or a close wakes it. With {@code events} 0 it
     * waits only for the deadline or a close: for a call that has nothing to wait for but time (a Unix connect
     * to a full backlog, whose room no readiness event announces).
     *
     * <p>A virtual thread parks in the {@link Poller}, leaving its carrier free; it may return before the
     * descriptor is ready (see {@link #readyNow}). A platform thread waits in {@code poll(2)}: registered with
     * the handle as a thread inside the kernel, so that a close ends the wait with a signal
     * ({@link WakeSignal}); or, where no signal can be sent, beside the handle's wake-up eventfd, which a close
     * writes to. Either way a close that came before the wait could be found is not slept through: the handle
     * is looked at once the wait is registered.
     *
     * @param handle the descriptor's owner, held by the caller for the whole wait
     * @param fd its number
     * @param events {@link #READABLE}, {@link #WRITABLE}, or 0
     * @param deadline from {@link #deadline}, or {@link #FOREVER}
     * @param mark {@link #readinessMark} taken before the caller's last try
     * @return {@code true} when the caller should try again, {@code false} when the deadline passed
     * @throws IOException when {@code poll} itself fails
     */
    public static boolean await(FdHandle handle, int fd, int events, long deadline, long mark) throws IOException {
        if (Thread.currentThread().isVirtual()) {
            Poller.park(handle, fd, events, deadline, mark);
            return deadline == FOREVER || deadline - System.nanoTime() > 0;
        }
        if (WakeSignal.AVAILABLE) {
            int slot = handle.enterKernel(WakeSignal.self());
            if (slot == FdHandle.CLOSED_SLOT) {
                return true;
            }
            if (slot >= 0) {
                try {
                    return poll(fd, events, -1, deadline);
                } finally {
                    handle.leaveKernel(slot);
                }
            }
        }
        int wake = handle.wakeFd();
        if (handle.isClosed()) {
            // A close that ran before the eventfd existed had nothing to write to: it must not be slept through.
            return true;
        }
        return poll(fd, events, wake, deadline);
    }

    private static boolean poll(int fd, int events, int wake, long deadline) throws IOException {
        MemorySegment pfd = Scratch.get().pollfd;
        for (;;) {
            int timeoutMillis;
            if (deadline == FOREVER) {
                timeoutMillis = -1;
            } else {
                // Round up, so that a wait never ends before its deadline and spins; a deadline already
                // passed still gets one look (timeout 0), which is what non-blocking callers want.
                long remaining = deadline - System.nanoTime();
                timeoutMillis = remaining <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
            }
            // With no events the wait is for time or a wake-up only: the socket itself is left out, since poll
            // reports hang-ups unasked (an unconnected Unix stream socket is always "hung up").
            pfd.set(ValueLayout.JAVA_INT, 0, events == 0 ? -1 : fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) events);
            pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            pfd.set(ValueLayout.JAVA_INT, 8, wake); // poll skips a negative descriptor
            pfd.set(ValueLayout.JAVA_SHORT, 12, (short) READABLE);
            pfd.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
            int ready = Libc.poll(pfd, wake == -1 ? 1 : 2, timeoutMillis, true);
            if (ready != 0) {
                return true; // ready, or interrupted by a signal (a close): the caller looks before it waits again
            }
            if (deadline != FOREVER && deadline - System.nanoTime() <= 0) {
                return false;
            }
            // poll's millisecond timeout ended a little early: look again until the deadline.
        }
    }
}
