package io.github.panamasockets.internal;

import java.io.IOException;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * The JDK's public hook for interruptible I/O, borrowed: {@link AbstractInterruptibleChannel}'s {@code begin}
 * and {@code end} register the current thread so that {@link Thread#interrupt()} closes the channel, and
 * report an interrupt as {@link java.nio.channels.ClosedByInterruptException}. A socket gets one hook, made
 * the first time one of its calls has to wait, and the hook's close closes the socket — which wakes the
 * interrupted thread wherever it waits. Entered only on the path that really blocks, since it costs a few
 * tens of nanoseconds.
 */
public final class InterruptHook extends AbstractInterruptibleChannel {
    private final Closer socket;

    /** What the hook closes on interrupt. */
    @FunctionalInterface
    public interface Closer {
        /** Closes the socket. @throws IOException when close(2) fails */
        void close() throws IOException;
    }

    /** @param socket closed when a thread waiting on it is interrupted */
    public InterruptHook(Closer socket) {
        this.socket = socket;
    }

    /** Marks the start of a wait that an interrupt must be able to end. */
    public void enter() {
        begin();
    }

    /**
     * Marks its end.
     *
     * @param completed whether the call did its work
     * @throws java.nio.channels.ClosedByInterruptException when the thread was interrupted (the socket is closed)
     * @throws java.nio.channels.AsynchronousCloseException when it did not complete and the hook was closed
     */
    public void exit(boolean completed) throws java.nio.channels.AsynchronousCloseException {
        end(completed);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        socket.close();
    }
}
