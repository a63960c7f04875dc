package io.github.panamasockets.internal;

/**
 * Ends a thread's wait inside a system call by a signal, as the JDK's own NIO does.
 */
public final class WakeSignal {
    /** Whether signals can be sent: the JDK's interrupt signal has its no-op handler, without {@code SA_RESTART}. */
    public static final boolean AVAILABLE = false;

    private WakeSignal() {}

    /** @return the calling thread's {@code pthread_t} */
    public static long self() {
        throw new UnsupportedOperationException();
    }

    /** @param thread a registered thread to signal */
    static void signal(long thread) {
        throw new UnsupportedOperationException();
    }
}
