package io.github.panamasockets.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Ends a thread's wait inside a system call with a signal, as the JDK's own NIO does: {@code pthread_kill} with
 * the JDK's interrupt signal ({@code __SIGRTMAX - 2} on Linux), whose handler does nothing and is installed
 * without {@code SA_RESTART}, so the call returns {@code EINTR}. The JDK installs that handler when its class
 * {@code sun.nio.ch.NativeThread} initializes; this class has it initialized, then checks with
 * {@code sigaction} that the handler is there and does not restart calls. Only then is
 * {@link #AVAILABLE} true: sending a signal with no handler would end the process.
 *
 * <p>A signal alone would race with a thread about to enter its call; the closing side first points the
 * descriptor at a dead socket ({@link FdHandle#preClose}), so a call that starts late ends at once. Threads are
 * signalled only while registered in their {@link FdHandle}, which also keeps them from leaving (and ending)
 * while a signal is on its way: a {@code pthread_t} of a thread that has ended must never be signalled.
 *
 * <p>{@code -Dpanama.wakeSignal=false} turns signals off; platform threads then wait for readiness in
 * {@code poll} beside an eventfd instead of inside the kernel call (slower, but with no signal at all).
 */
public final class WakeSignal {
    /** The JDK's NIO interrupt signal on Linux. */
    static final int SIGNAL = PlatformTables.intConstant("__SIGRTMAX") - 2;

    /** Whether threads can be signalled: the JDK's no-op handler is installed, without {@code SA_RESTART}. */
    public static final boolean AVAILABLE = check();

    private WakeSignal() {}

    private static boolean check() {
        if ("false".equalsIgnoreCase(System.getProperty("panama.wakeSignal"))) {
            return false;
        }
        try {
            Class.forName("sun.nio.ch.NativeThread", true, null); // installs the handler
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(Structs.SIGACTION);
            Libc.sigaction(SIGNAL, MemorySegment.NULL, old);
            long handler = old.get(ValueLayout.ADDRESS, Structs.SA_HANDLER).address();
            int flags = old.get(ValueLayout.JAVA_INT, Structs.SA_FLAGS);
            // SIG_DFL is 0 and SIG_IGN is 1: neither is a handler. A restarting handler would not end the wait.
            return handler > 1 && (flags & PlatformTables.intConstant("SA_RESTART")) == 0;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The calling thread's {@code pthread_t}: for a virtual thread its carrier's, which it is pinned to for
     * the duration of a call into the kernel.
     *
     * @return the thread to pass to {@link FdHandle#enterKernel}
     */
    public static long self() {
        if (Thread.currentThread().isVirtual()) {
            return Libc.pthread_self();
        }
        Scratch scratch = Scratch.get();
        long t = scratch.pthread;
        if (t == 0) {
            t = Libc.pthread_self();
            scratch.pthread = t;
        }
        return t;
    }

    /**
     * Signals a registered thread, which the caller keeps from leaving its registration meanwhile.
     *
     * @param thread its {@code pthread_t}
     */
    static void signal(long thread) {
        Libc.pthread_kill(thread, SIGNAL); // ESRCH cannot happen for a registered thread; nothing to report
    }
}
