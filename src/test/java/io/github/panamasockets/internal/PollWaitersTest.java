package io.github.panamasockets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The state of a descriptor's poller registration, one step at a time: each step is claimed by one thread and
 * only from the state before it, so that enabling and disabling never overlap; a handle letting go of its number
 * waits for a disabling in progress, so that the poller's {@code epoll_ctl} never reaches a file that reused the
 * number; and an event is counted before the waiters are looked at.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PollWaitersTest {

    @Test
    void theRegistrationMovesAroundOneLoopOneClaimedStepAtATime() {
        PollWaiters w = new PollWaiters();
        assertEquals(PollWaiters.UNREGISTERED, w.armState());
        assertFalse(w.claimDisarm(), "nothing to disable before it is added");
        assertTrue(w.claimArming(PollWaiters.UNREGISTERED));
        assertFalse(w.claimArming(PollWaiters.UNREGISTERED), "a second waiter does not add it too");
        assertFalse(w.claimDisarm(), "not disabled while being enabled");
        w.armed();
        assertEquals(PollWaiters.ARMED, w.armState());
        assertTrue(w.claimDisarm());
        assertFalse(w.claimDisarm(), "one poller disables it");
        assertFalse(w.claimArming(PollWaiters.DISARMED), "not enabled while being disabled");
        w.disarmed();
        assertTrue(w.claimArming(PollWaiters.DISARMED));
        w.armFailed(PollWaiters.DISARMED);
        assertEquals(PollWaiters.DISARMED, w.armState(), "a failed enabling gives the step back");
        assertTrue(w.forget(), "a disabled registration is still in the interest list");
        assertEquals(PollWaiters.UNREGISTERED, w.armState());
        assertFalse(w.forget(), "deleted once");
    }

    @Test
    void lettingGoOfTheNumberWaitsForADisablingInProgress() throws Exception {
        PollWaiters w = new PollWaiters();
        assertTrue(w.claimArming(PollWaiters.UNREGISTERED));
        w.armed();
        assertTrue(w.claimDisarm()); // a poller is inside its epoll_ctl on the number
        AtomicBoolean forgotten = new AtomicBoolean();
        Thread closer = Thread.ofPlatform().start(() -> forgotten.set(w.forget()));
        Thread.sleep(100);
        assertTrue(closer.isAlive(), "forget returned while the poller still used the number");
        w.disarmed();
        assertTrue(closer.join(Duration.ofSeconds(5)), "forget still waits after the disabling ended");
        assertTrue(forgotten.get(), "the registration is deleted by the handle afterwards");
        assertEquals(PollWaiters.UNREGISTERED, w.armState());
    }

    @Test
    void anEventIsCountedAndReachesEveryWaiter() throws Exception {
        PollWaiters w = new PollWaiters();
        assertFalse(w.ready(), "no waiter");
        assertEquals(1, w.events());
        Thread[] parked = new Thread[6]; // more than one chunk of slots
        for (int i = 0; i < parked.length; i++) {
            parked[i] = Thread.ofVirtual().unstarted(() -> {
                w.add(Thread.currentThread());
                try {
                    LockSupport.park();
                } finally {
                    w.remove(Thread.currentThread());
                }
            });
            parked[i].start();
        }
        for (Thread t : parked) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (t.getState() != Thread.State.WAITING && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
        }
        assertTrue(w.ready());
        assertEquals(2, w.events());
        for (Thread t : parked) {
            assertTrue(t.join(Duration.ofSeconds(5)), "a waiter was not unparked");
        }
        assertFalse(w.unparkAll(), "every waiter gave its slot back");
    }
}
