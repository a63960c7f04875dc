package io.github.panamasockets.internal;

import io.github.panamasockets.SocketConstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Where virtual threads wait for a socket: instead of blocking their carrier in {@code poll(2)}, they arm the
 * descriptor in an epoll instance and park, and a poller unparks them when it is ready.
 *
 * <p>The pollers are arranged as the JDK's own default on Linux ({@code sun.nio.ch.Poller} in its
 * {@code VTHREAD_POLLERS} mode): the pollers that hand ready descriptors to their threads are themselves
 * <em>virtual</em> threads — one per carrier for input, one for output, each with its own epoll instance —
 * and only a master poller, one platform thread, blocks in {@code epoll_wait}, on the sub-pollers' epoll
 * descriptors. A sub-poller with events takes them with a non-blocking {@code epoll_wait}, unparks their
 * threads — which, unparked from a carrier, go to that carrier's own queue rather than wake another — and
 * yields, so they run at once; it polls again after them and parks on the master only when it finds nothing.
 * Under load, therefore, a ready descriptor reaches its thread without any thread being woken across cores;
 * with platform poller threads every readiness costs one such wake-up and usually two switches.
 *
 * <p>A wait allocates nothing and throws nothing in its normal course. A descriptor's waiters, per direction,
 * live in its handle ({@link PollWaiters}, made on its first wait); the pollers find them by descriptor number
 * in a table. A readiness unparks every thread then waiting on the descriptor in that direction; each tries its
 * call again and comes back if it still finds nothing.
 *
 * <p>Registrations for input are <em>edge-triggered</em> ({@code EPOLLET}) and stay enabled from one wait to the
 * next, so that a thread that waits again — the next request on a keep-alive connection, the next reply of a
 * ping-pong — makes no {@code epoll_ctl} to do so. Here the library departs from the JDK, whose one-shot
 * registrations ({@code EPOLLONESHOT}) cost an {@code epoll_ctl} per wait. An edge-triggered registration that
 * nobody waits on would produce an event for every arrival (a reader busy with what it has); so a poller that
 * finds an event with no thread waiting for it disables the registration ({@code epoll_ctl} with no events),
 * and the next wait enables it again, whose {@code epoll_ctl} reports the readiness already there. A wait thus
 * costs no system call while its thread is back in time for the next event, and one otherwise, as the JDK's
 * always does; a disabling costs one more. Registrations for output stay one-shot, as the JDK's, and every
 * wait for output enables its registration again (see {@link #arm}). The steps are ordered so that no event is lost
 * ({@link PollWaiters}): a thread registers as a waiter before it looks at the registration, and a poller looks
 * for waiters again after disabling it. Registrations are added once and deleted once, when the handle lets go
 * of the number ({@link #forget}). {@code epoll_ctl}'s {@code ENOENT} and {@code EEXIST}, which races between
 * waiters and a close make possible, are answers ({@link Libc#epollCtlErrno}), not exceptions.
 */
public final class Poller {
    private static final int EPOLLIN = SocketConstants.EPOLLIN;
    private static final int EPOLLOUT = SocketConstants.EPOLLOUT;
    private static final int EPOLLONESHOT = SocketConstants.EPOLLONESHOT;
    private static final int EPOLLET = SocketConstants.EPOLLET;
    private static final int EPOLLRDHUP = SocketConstants.EPOLLRDHUP;
    private static final int EPOLL_CTL_ADD = SocketConstants.EPOLL_CTL_ADD;
    private static final int EPOLL_CTL_MOD = SocketConstants.EPOLL_CTL_MOD;
    private static final int EPOLL_CTL_DEL = SocketConstants.EPOLL_CTL_DEL;
    private static final int ENOENT = io.github.panamasockets.Errno.ENOENT;
    private static final int EEXIST = io.github.panamasockets.Errno.EEXIST;
    private static final long EVENT_SIZE = Structs.EPOLL_EVENT.byteSize();
    /** Events taken per {@code epoll_wait}: a sub-poller yields between batches, so it need not take them all. */
    private static final int SUB_POLLER_EVENTS = 64;
    private static final int MASTER_EVENTS = 16;
    /** How long a sub-poller pauses after an unexpected failure before it polls again. */
    private static final long FAILURE_PAUSE_NANOS = 10_000_000;

    /** Made, with their threads, the first time a virtual thread waits. */
    private static final class Pollers {
        static final Master MASTER;
        static final SubPoller[] READERS;
        static final SubPoller WRITER;
        static final int READER_MASK;

        static {
            // As many input sub-pollers as carriers (a power of two, at most 32), one for output: the JDK's
            // defaults, since output waits are rarer and shorter.
            int readers = Math.min(Integer.highestOneBit(Runtime.getRuntime().availableProcessors()), 32);
            READER_MASK = readers - 1;
            READERS = new SubPoller[readers];
            ByDescriptor readTable = new ByDescriptor();
            for (int i = 0; i < readers; i++) {
                READERS[i] = new SubPoller("read-poller-" + i, i, EPOLLIN | EPOLLRDHUP | EPOLLET, readTable);
            }
            // One-shot for output: every wait for output enables its registration again anyway (see arm).
            WRITER = new SubPoller("write-poller", readers, EPOLLOUT | EPOLLONESHOT, new ByDescriptor());
            SubPoller[] all = Arrays.copyOf(READERS, readers + 1);
            all[readers] = WRITER;
            MASTER = new Master(all);
            for (SubPoller p : all) {
                p.start(MASTER);
            }
            Thread.ofPlatform().daemon().name("panama-sockets-master-poller").start(MASTER::loop);
        }
    }

    private Poller() {}

    /**
     * Parks the current (virtual) thread until {@code fd} is ready for reading or writing, the deadline passes,
     * or it is woken by a close ({@link FdHandle#wakeWaiters}) or an interrupt. Spurious returns are allowed:
     * the caller tries again.
     *
     * @param handle the descriptor's owner: a wait does not start once it is closed
     * @param fd the descriptor, held by the caller for the whole wait
     * @param events {@link Blocking#WRITABLE}, {@link Blocking#READABLE}, or 0 to wait only for the deadline or
     *               a wake-up (the descriptor is then not armed)
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Blocking#FOREVER}
     * @param mark {@link Blocking#readinessMark} taken before the caller's last try: when events have been handed
     *             out since, one of them may have been for data that came after that try, so this returns at once
     * @throws IOException when the descriptor cannot be armed
     */
    public static void park(FdHandle handle, int fd, int events, long deadlineNanos, long mark) throws IOException {
        boolean output = events == Blocking.WRITABLE;
        PollWaiters waiters = handle.pollWaiters(output);
        Thread me = Thread.currentThread();
        waiters.add(me);
        try {
            // A close that ran before this thread had its slot could not unpark it; one that runs from here on
            // finds it (FdHandle.wakeWaiters), so look at the handle once, after a full fence. The same holds for
            // a poller handing out an event (PollWaiters.ready): it counts the event, then looks for waiters.
            VarHandle.fullFence();
            if (handle.isClosed()) {
                return;
            }
            if (events != 0) {
                arm(fd, waiters, output);
                if (waiters.events() != mark) {
                    return;
                }
            }
            if (deadlineNanos == Blocking.FOREVER) {
                LockSupport.park(Poller.class);
            } else {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining > 0) {
                    LockSupport.parkNanos(Poller.class, remaining);
                }
            }
        } finally {
            waiters.remove(me);
        }
    }

    /**
     * Removes {@code fd} from the interest lists it is in; called before the number is released (or handed
     * over), so that a later file given the same number starts clean and no registration outlives the number.
     *
     * @param fd the descriptor, still open
     * @param readers its input waiters, or {@code null} if it never had any
     * @param writers its output waiters, or {@code null}
     */
    public static void forget(int fd, PollWaiters readers, PollWaiters writers) {
        if (readers != null && readers.forget()) {
            delete(subPoller(fd, false), fd, readers);
        }
        if (writers != null && writers.forget()) {
            delete(subPoller(fd, true), fd, writers);
        }
    }

    private static SubPoller subPoller(int fd, boolean output) {
        return output ? Pollers.WRITER : Pollers.READERS[fd & Pollers.READER_MASK];
    }

    /**
     * Makes sure that the registration of {@code fd} is enabled, adding it the first time: for input, nothing to
     * do, and no system call, when it is enabled already. The caller is a waiter already, so that whichever thread
     * enables or disables the registration meanwhile finds it: another waiter enabling it (whose registration then
     * reports to every waiter), or a poller disabling it (which unparks the waiters it finds afterwards, to enable
     * it).
     *
     * <p>Output is different: its registrations are one-shot, as the JDK's, and every wait for output enables
     * its registration again, which makes the kernel report the socket's writability at once when it is
     * writable. "Writable" does not always mean that a send can go (an unconnected Unix datagram socket is
     * writable whatever its receiver's queue holds), and such a wait must see that readiness to count it an
     * empty wake-up and wait by the clock instead ({@code SocketCalls}). Linux happens to report an edge after
     * such a failed send too (the send's buffer is freed), but nothing promises it for every kind of socket.
     * Waits for output are rare (a full send buffer), so the promise is kept at the JDK's price of one
     * {@code epoll_ctl} per wait; being one-shot, an output registration never needs disabling (a writer busy
     * writing while its peer drains would otherwise cost one more).
     */
    private static void arm(int fd, PollWaiters waiters, boolean output) throws IOException {
        int from = waiters.armState();
        boolean enable = from == PollWaiters.UNREGISTERED || from == PollWaiters.DISARMED || (output && from == PollWaiters.ARMED);
        if (!enable || !waiters.claimArming(from)) {
            return;
        }
        SubPoller poller = subPoller(fd, output);
        MemorySegment event = Scratch.get().epollEvent;
        event.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.EPOLL_EVENT_EVENTS, poller.interest);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, Structs.EPOLL_EVENT_DATA, fd);
        int errno;
        try {
            if (from != PollWaiters.UNREGISTERED) {
                errno = Libc.epollCtlErrno(poller.epfd, EPOLL_CTL_MOD, fd, event);
                if (errno == ENOENT) {
                    // Deleted by a close that this wait raced with: add it back, for the close's last step to delete.
                    errno = add(poller, fd, waiters, event);
                }
            } else {
                errno = add(poller, fd, waiters, event);
            }
        } catch (RuntimeException | Error e) {
            armFailed(waiters, from);
            throw e;
        }
        if (errno != 0) {
            armFailed(waiters, from);
            throw ErrnoExceptions.of("epoll_ctl", errno, "arming descriptor " + fd + " in the poller");
        }
        waiters.armed();
    }

    /** Gives the arming step back, and wakes the waiters who parked on it, to try for themselves. */
    private static void armFailed(PollWaiters waiters, int from) {
        waiters.armFailed(from);
        waiters.unparkAll();
    }

    private static int add(SubPoller poller, int fd, PollWaiters waiters, MemorySegment event) {
        poller.table.put(fd, waiters); // before the registration exists, so its first event finds the waiters
        int errno = Libc.epollCtlErrno(poller.epfd, EPOLL_CTL_ADD, fd, event);
        if (errno == EEXIST) {
            // Not deleted yet by a close that this wait raced with (which deletes it once more at its end).
            errno = Libc.epollCtlErrno(poller.epfd, EPOLL_CTL_MOD, fd, event);
        }
        return errno;
    }

    /**
     * Disables the registration of {@code fd}, which produced an event that no thread waited for, unless a
     * waiter or a close has changed it meanwhile; then unparks the threads that came to wait meanwhile, which
     * saw it enabled or being disabled and parked, so that one of them enables it again.
     */
    private static void disarm(SubPoller poller, int fd, PollWaiters waiters) {
        if (!waiters.claimDisarm()) {
            return;
        }
        MemorySegment event = Scratch.get().epollEvent;
        event.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.EPOLL_EVENT_EVENTS, EPOLLET);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, Structs.EPOLL_EVENT_DATA, fd);
        try {
            // The number is this registration's until disarmed(): PollWaiters.forget waits for it.
            Libc.epollCtlErrno(poller.epfd, EPOLL_CTL_MOD, fd, event);
        } finally {
            waiters.disarmed(); // whatever happened: a close waits for this step to end
            waiters.unparkAll();
        }
    }

    private static void delete(SubPoller poller, int fd, PollWaiters waiters) {
        // ENOENT: a waiter's add has not happened yet, or failed; nothing else is expected for a number still open.
        Libc.epollCtlErrno(poller.epfd, EPOLL_CTL_DEL, fd, MemorySegment.NULL);
        poller.table.remove(fd, waiters);
    }

    /**
     * The waiters of each descriptor number that has been registered, for one direction: an array indexed by
     * the number, which the kernel keeps small and dense. Read without a lock by the sub-pollers; written
     * under one, once per descriptor and direction, and grown by copying.
     */
    private static final class ByDescriptor {
        private static final VarHandle AT = MethodHandles.arrayElementVarHandle(PollWaiters[].class);
        private volatile PollWaiters[] byFd = new PollWaiters[1024];

        PollWaiters get(int fd) {
            PollWaiters[] table = byFd;
            return fd >= 0 && fd < table.length ? (PollWaiters) AT.getAcquire(table, fd) : null;
        }

        synchronized void put(int fd, PollWaiters waiters) {
            PollWaiters[] table = byFd;
            if (fd >= table.length) {
                table = Arrays.copyOf(table, Math.max(fd + 1, table.length * 2));
                byFd = table;
            }
            AT.setRelease(table, fd, waiters);
        }

        synchronized void remove(int fd, PollWaiters waiters) {
            PollWaiters[] table = byFd;
            if (fd < table.length && table[fd] == waiters) {
                AT.setRelease(table, fd, null);
            }
        }
    }

    /**
     * A virtual thread that hands the ready descriptors of its epoll instance to their waiters. It polls
     * without blocking, yields between polls while there are events, and parks on the {@link Master} when a
     * poll finds none.
     */
    private static final class SubPoller {
        final String name;
        final int index;
        final int epfd;
        /** The events a registration asks for, with how it is triggered: {@code EPOLLET} or {@code EPOLLONESHOT}. */
        final int interest;
        /** Whether its registrations disable themselves after an event (so that none needs disabling here). */
        final boolean oneShot;
        final ByDescriptor table;
        final MemorySegment events = Arena.global().allocate(EVENT_SIZE * SUB_POLLER_EVENTS, 8);
        /** The virtual thread, which the master unparks; set before the master can see this poller's epfd. */
        volatile Thread thread;
        /** Whether this poller's epfd is in the master's interest list; only its own thread reads and writes it. */
        private boolean inMaster;

        SubPoller(String name, int index, int interest, ByDescriptor table) {
            this.name = name;
            this.index = index;
            this.interest = interest;
            this.oneShot = (interest & EPOLLONESHOT) != 0;
            this.table = table;
            this.epfd = newEpoll(name);
        }

        void start(Master master) {
            thread = Thread.ofVirtual().name("panama-sockets-" + name).unstarted(() -> loop(master));
            thread.start();
        }

        private void loop(Master master) {
            int polled = 0;
            for (;;) {
                try {
                    if (polled == 0) {
                        parkOnMaster(master);
                    } else {
                        Thread.yield(); // let the threads just unparked onto this carrier run before polling again
                    }
                    polled = Libc.epoll_wait(epfd, events, SUB_POLLER_EVENTS, 0);
                    for (int i = 0; i < polled; i++) {
                        int fd = (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + Structs.EPOLL_EVENT_DATA);
                        PollWaiters waiters = table.get(fd);
                        if (waiters != null && !waiters.ready() && !oneShot) {
                            disarm(this, fd, waiters);
                        }
                    }
                } catch (Throwable e) {
                    // Not expected for an epoll instance of our own; poll again rather than die, since every
                    // waiter of this direction depends on this thread. A pause first, so that a failure that
                    // repeats (arming in the master, say) cannot become a spin that holds a carrier.
                    LockSupport.parkNanos(this, FAILURE_PAUSE_NANOS);
                    polled = 1; // poll without parking on the master, whose arming may be what failed
                }
            }
        }

        /** Arms this poller's epfd in the master (one-shot) and parks until the master unparks it. */
        private void parkOnMaster(Master master) throws IOException {
            MemorySegment event = Scratch.get().epollEvent;
            event.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.EPOLL_EVENT_EVENTS, EPOLLIN | EPOLLONESHOT);
            event.set(ValueLayout.JAVA_LONG_UNALIGNED, Structs.EPOLL_EVENT_DATA, index);
            Libc.epoll_ctl(master.epfd, inMaster ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, epfd, event);
            inMaster = true;
            LockSupport.park(this); // a spurious return costs one empty poll
        }
    }

    /** The one platform thread that blocks: it waits for the sub-pollers' epoll descriptors and unparks them. */
    private static final class Master {
        final int epfd = newEpoll("master-poller");
        final SubPoller[] subPollers;

        Master(SubPoller[] subPollers) {
            this.subPollers = subPollers;
        }

        void loop() {
            MemorySegment events = Arena.global().allocate(EVENT_SIZE * MASTER_EVENTS, 8);
            for (;;) {
                int n;
                try {
                    n = Libc.epoll_wait(epfd, events, MASTER_EVENTS, -1);
                } catch (IOException e) {
                    continue; // EINTR is retried inside; anything else is transient for an epoll fd we own
                }
                for (int i = 0; i < n; i++) {
                    int index = (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + Structs.EPOLL_EVENT_DATA);
                    LockSupport.unpark(subPollers[index].thread);
                }
            }
        }
    }

    private static int newEpoll(String name) {
        try {
            return Libc.epoll_create1(SocketConstants.EPOLL_CLOEXEC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + name, e);
        }
    }
}
