package io.github.panamasockets.bench;

import java.io.IOException;

/**
 * The thread at the other end of a benchmark's connection (an echo, a drain). Its loop runs until the benchmark
 * closes its own end, which the loop sees as end of stream; {@link #join()} then waits for it and reports
 * whatever it threw, so a peer that failed quietly cannot leave a benchmark measuring nothing. It runs on the same
 * kind of thread, platform or virtual, as the benchmark that starts it.
 */
final class Peer {
    /** What the peer does; returns at end of stream. */
    interface Loop {
        void run() throws IOException;
    }

    private final Thread thread;
    private volatile Throwable failure;

    Peer(String name, Loop loop) {
        Runnable body = () -> {
            try {
                loop.run();
            } catch (Throwable t) {
                failure = t;
            }
        };
        // The same kind of thread as the benchmark's own (JMH runs it on a virtual thread with
        // -Djmh.executor=VIRTUAL), so that both ends of a virtual-thread workload wait the virtual way.
        thread = Thread.currentThread().isVirtual()
                ? Thread.ofVirtual().name(name).unstarted(body)
                : Thread.ofPlatform().name(name).daemon().unstarted(body);
        thread.start();
    }

    /** Waits for the loop to end (the caller closes its end first) and rethrows its failure. */
    void join() throws InterruptedException {
        thread.join(10_000);
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not see the end of the stream within 10 s");
        }
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
    }
}
