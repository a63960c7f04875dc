package io.github.panamasockets.internal;

import io.github.panamasockets.bindings.linux.x86_64.sockets_h;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Where virtual threads wait for a socket: instead of blocking their carrier in {@code poll(2)}, they register
 * the descriptor with an epoll instance and park; one platform thread per direction waits in
 * {@code epoll_wait} and unparks them when their descriptor is ready. This is the scheme of the JDK's own
 * {@code sun.nio.ch.Poller}.
 *
 * <p>Registrations are one-shot ({@code EPOLLONESHOT}): each wait re-arms its descriptor, and a readiness
 * wakes every thread then waiting on it in that direction; woken threads try their call again and come back
 * if it still finds nothing. {@link #wakeAll} lets a close release the waiters at once; {@link #forget} drops
 * the registration before the descriptor number is released.
 */
public final class Poller {
    private static final int EPOLLIN = sockets_h.EPOLLIN();
    private static final int EPOLLOUT = sockets_h.EPOLLOUT();
    private static final int EPOLLONESHOT = sockets_h.EPOLLONESHOT();
    private static final int EPOLLRDHUP = sockets_h.EPOLLRDHUP();
    private static final int EPOLL_CTL_ADD = sockets_h.EPOLL_CTL_ADD();
    private static final int EPOLL_CTL_MOD = sockets_h.EPOLL_CTL_MOD();
    private static final int EPOLL_CTL_DEL = sockets_h.EPOLL_CTL_DEL();
    private static final int ENOENT = io.github.panamasockets.Errno.ENOENT;
    private static final int EEXIST = io.github.panamasockets.Errno.EEXIST;
    private static final long EVENT_SIZE = Structs.EPOLL_EVENT.byteSize();
    private static final int MAX_EVENTS = 256;

    private static final class Holder {
        static final Poller READ = new Poller("read", EPOLLIN | EPOLLRDHUP);
        static final Poller WRITE = new Poller("write", EPOLLOUT);
    }

    private final int epfd;
    private final int events;
    private final ConcurrentHashMap<Integer, Set<Thread>> waiters = new ConcurrentHashMap<>();

    private Poller(String direction, int events) {
        try {
            this.epfd = Libc.epoll_create1(sockets_h.EPOLL_CLOEXEC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + direction + " poller", e);
        }
        this.events = events;
        Thread t = Thread.ofPlatform().daemon().name("panama-sockets-" + direction + "-poller").unstarted(this::loop);
        t.start();
    }

    /**
     * Parks the current (virtual) thread until {@code fd} is ready for reading or writing, the deadline passes,
     * or it is woken by {@link #wakeAll} or an interrupt. Spurious returns are allowed: the caller tries again.
     *
     * @param handle the descriptor's owner: a wait does not start once it is closed
     * @param fd the descriptor, held by the caller for the whole wait
     * @param events {@link Blocking#WRITABLE}, {@link Blocking#READABLE}, or 0 to wait only for the deadline or
     *               a wake-up (the descriptor is then not armed)
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Blocking#FOREVER}
     * @throws IOException when the registration fails
     */
    public static void park(FdHandle handle, int fd, int events, long deadlineNanos) throws IOException {
        (events == Blocking.WRITABLE ? Holder.WRITE : Holder.READ).await(handle, fd, events != 0, deadlineNanos);
    }

    /**
     * Unparks every thread waiting on {@code fd}, in both directions: a close calls it so that no waiter sleeps
     * on a socket that is gone.
     *
     * @param fd the descriptor
     */
    public static void wakeAll(int fd) {
        if (Holder.READ.waiters.isEmpty() && Holder.WRITE.waiters.isEmpty()) {
            return;
        }
        Holder.READ.wake(fd);
        Holder.WRITE.wake(fd);
    }

    /**
     * Removes {@code fd} from both pollers' interest lists; called before the number is released, so that a
     * later file given the same number starts clean.
     *
     * @param fd the descriptor, still open
     */
    public static void forget(int fd) {
        if (!Initialized.done) {
            return; // no virtual thread ever waited: nothing is registered anywhere
        }
        Holder.READ.delete(fd);
        Holder.WRITE.delete(fd);
    }

    /** Whether the pollers exist yet; set the first time a thread parks. */
    private static final class Initialized {
        static volatile boolean done;
    }

    private void await(FdHandle handle, int fd, boolean armed, long deadlineNanos) throws IOException {
        Initialized.done = true;
        Thread me = Thread.currentThread();
        // Joined and left atomically for the key: a set emptied by a leaving waiter is dropped from the map, and
        // a thread that joined it at the same moment would never be found by wake().
        waiters.compute(fd, (k, set) -> {
            Set<Thread> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(me);
            return s;
        });
        try {
            // A close that ran before this thread was in the set could not unpark it; one that runs from here on
            // finds it (FdHandle.wakeWaiters), so look at the handle once, after a full fence.
            VarHandle.fullFence();
            if (handle.isClosed()) {
                return;
            }
            if (armed) {
                arm(fd);
            }
            if (deadlineNanos == Blocking.FOREVER) {
                LockSupport.park(this);
            } else {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining > 0) {
                    LockSupport.parkNanos(this, remaining);
                }
            }
        } finally {
            waiters.computeIfPresent(fd, (k, s) -> {
                s.remove(me);
                return s.isEmpty() ? null : s;
            });
        }
    }

    private void arm(int fd) throws IOException {
        MemorySegment event = Scratch.get().epollEvent;
        event.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.EPOLL_EVENT_EVENTS, events | EPOLLONESHOT);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, Structs.EPOLL_EVENT_DATA, fd);
        try {
            Libc.epoll_ctl(epfd, EPOLL_CTL_MOD, fd, event);
        } catch (io.github.panamasockets.PosixSocketException e) {
            if (e.errno() != ENOENT) {
                throw e;
            }
            try {
                Libc.epoll_ctl(epfd, EPOLL_CTL_ADD, fd, event);
            } catch (io.github.panamasockets.PosixSocketException raced) {
                if (raced.errno() != EEXIST) {
                    throw raced;
                }
                // Another thread waiting on this descriptor added it first: arm its registration.
                Libc.epoll_ctl(epfd, EPOLL_CTL_MOD, fd, event);
            }
        }
    }

    private void wake(int fd) {
        Set<Thread> set = waiters.get(fd);
        if (set != null) {
            for (Thread t : set) {
                LockSupport.unpark(t);
            }
        }
    }

    private void delete(int fd) {
        try {
            Libc.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, MemorySegment.NULL);
        } catch (IOException notRegistered) {
            // ENOENT: this descriptor never waited in this direction.
        }
    }

    private void loop() {
        MemorySegment buffer = Arena.global().allocate(EVENT_SIZE * MAX_EVENTS, 8);
        for (;;) {
            int n;
            try {
                n = Libc.epoll_wait(epfd, buffer, MAX_EVENTS, -1);
            } catch (IOException e) {
                continue; // EINTR is retried inside; anything else is transient for an epoll fd we own
            }
            for (int i = 0; i < n; i++) {
                int fd = (int) buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + Structs.EPOLL_EVENT_DATA);
                wake(fd);
            }
        }
    }
}
