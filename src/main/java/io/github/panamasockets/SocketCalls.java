package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.MSG_NOSIGNAL;

import io.github.panamasockets.internal.Blocking;
import io.github.panamasockets.internal.ErrnoExceptions;
import io.github.panamasockets.internal.FdHandle;
import io.github.panamasockets.internal.InterruptHook;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.Scratch;
import io.github.panamasockets.internal.Structs;
import io.github.panamasockets.internal.WakeSignal;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * The call driver of one socket: how every call on it starts, waits and ends. Each call is bracketed once
 * ({@link FdHandle#begin}/{@code end}), then tried, then — when it found nothing to do and may wait — waits in
 * one of two ways and tries again, until it is done, its deadline passes, or a close or an interrupt ends it.
 *
 * <ul>
 *   <li><b>Inside the kernel.</b> A platform thread in blocking mode issues the blocking call itself (the
 *       quickest wake-up there is), registered with the {@link FdHandle} as a thread inside the kernel. A
 *       close points the descriptor at a dead socket ({@link FdHandle#preClose}) and signals the registered
 *       threads ({@link WakeSignal}), as the JDK's NIO does: that ends every kind of kernel wait, on the
 *       socket's own queue or on a peer's (a full Unix datagram receiver, a full Unix backlog), on sockets the
 *       library owns alone and on shared ones alike, without touching the socket for its other holders.
 *       {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO} are applied by the kernel here.</li>
 *   <li><b>For readiness.</b> Everything else — timeouts, non-blocking mode, virtual threads, and platform
 *       threads where no signal can be sent — tries without blocking ({@code MSG_DONTWAIT}, or a non-blocking
 *       descriptor) and waits in {@link Blocking#await} in between, with a deadline that is the earlier of the
 *       socket's timeout and its {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}, so that those options hold here
 *       too.</li>
 * </ul>
 *
 * <p>EINTR, deadlines and the interrupt hook are handled here and nowhere else, as CPython's
 * {@code sock_call_ex} does for its socket module. Per-thread scratch slots are used only for their one purpose
 * ({@link Scratch}), so that nothing a call keeps there is overwritten by a wait.
 */
final class SocketCalls {
    /** {@link #timeoutNanos} in blocking mode. */
    static final long BLOCKING = -1;

    /** An attempt found nothing to do: wait for readiness and try again. */
    private static final long AGAIN = -1;
    /** A connect is in progress: wait for writability, then read its outcome. */
    private static final long IN_PROGRESS = -2;
    /** A Unix connect found the listener's backlog full: wait a while, then connect again. */
    private static final long NO_ROOM = -3;
    /** A blocking call was not issued: every kernel-waiter slot of the handle is taken. Wait for readiness. */
    private static final long NO_SLOT = -4;

    /** {@code started} in {@link #drive} when the socket could not have kernel timeouts as the wait began. */
    private static final long NOT_STARTED = Long.MIN_VALUE;

    /** The first and the longest pause of a wait that no readiness event can end (see {@link #NO_ROOM}). */
    private static final long FIRST_PAUSE = 1_000_000, LONGEST_PAUSE = 50_000_000;
    /** How long a close waits for the threads it signalled to leave the kernel. */
    private static final long CLOSE_WAIT_NANOS = 2_000_000_000L;

    /** The calls that can wait, with what they wait for. */
    enum Op {
        SEND("send", true, true),
        RECV("recv", false, true),
        SENDTO("sendto", true, true),
        RECVFROM("recvfrom", false, true),
        READ("read", false, true),
        WRITE("write", true, true),
        SENDMSG("sendmsg", true, true),
        RECVMSG("recvmsg", false, true),
        SENDMMSG("sendmmsg", true, true),
        RECVMMSG("recvmmsg", false, true),
        ACCEPT("accept", false, false),
        CONNECT("connect", true, false),
        SENDFILE("sendfile", true, false);

        /** The C name, in exceptions. */
        final String call;
        /** Whether it waits for room to send ({@code POLLOUT}, {@code SO_SNDTIMEO}) rather than for input. */
        final boolean output;
        /** Whether it takes {@code MSG_DONTWAIT}; the others need a non-blocking descriptor not to block. */
        final boolean dontWaitFlag;

        Op(String call, boolean output, boolean dontWaitFlag) {
            this.call = call;
            this.output = output;
            this.dontWaitFlag = dontWaitFlag;
        }

        int events() {
            return output ? Blocking.WRITABLE : Blocking.READABLE;
        }

        String kernelTimeout() {
            return output ? "SO_SNDTIMEO" : "SO_RCVTIMEO";
        }

        boolean isData() {
            return ordinal() <= RECVMSG.ordinal();
        }
    }

    private final FdHandle handle;
    /** Whether the socket keeps record boundaries (anything but SOCK_STREAM): a record is never cut. */
    private final boolean records;
    private final InterruptHook.Closer closer;
    /** {@link #BLOCKING}, 0 for non-blocking, or a timeout in nanoseconds: Python's three modes. */
    volatile long timeoutNanos;
    /** Whether the descriptor's O_NONBLOCK flag is known to be set. */
    volatile boolean fdNonBlocking;
    /**
     * Whether {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO} may be set: they are read at the start of a wait for
     * readiness only then. A socket made here starts without them; setting them here, sharing the socket or
     * accepting from a socket that may have them (Linux copies them to the accepted socket) sets this.
     */
    volatile boolean kernelTimeoutsMaybeSet;
    /** Made the first time a call has to wait; closes the socket when a waiting thread is interrupted. */
    private volatile InterruptHook interruptHook;
    /**
     * The errno that ended a blocking stream send after part of it had gone; the next data call reports it.
     * The kernel hands a socket error out once: the call that met it consumed it, so unless it is kept here
     * the next call would see only a generic {@code EPIPE}.
     */
    private volatile IOException deferredError;

    SocketCalls(FdHandle handle, boolean records, boolean nonBlocking, InterruptHook.Closer closer) {
        this.handle = handle;
        this.records = records;
        this.closer = closer;
        this.fdNonBlocking = nonBlocking;
        this.timeoutNanos = nonBlocking ? 0 : BLOCKING;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The bracket: one for every call on the descriptor

    /** A call that does not wait, given the descriptor for its duration. */
    @FunctionalInterface
    interface Body<T> {
        T run(int fd) throws IOException;
    }

    /**
     * Runs a call that does not wait (bind, listen, getsockopt, dup, ...) inside the bracket: the descriptor is
     * held for its duration, and an exception of any kind leaves the count of calls in flight as it was.
     */
    <T> T simple(String call, Body<T> body) throws IOException {
        int fd = handle.begin(call);
        T result;
        try {
            result = body.run(fd);
        } catch (IOException e) {
            throw handle.endFailed(call, e);
        } catch (RuntimeException | Error e) {
            handle.endCompleted(call);
            throw e;
        }
        // A close that ran meanwhile pointed the number at a dead socket (FdHandle.preClose): what the call saw
        // may be that socket's, not this one's — a dup of it, its name, its options. It is not reported as this
        // socket's; what the call made is closed, not handed out.
        try {
            handle.end(call, !handle.isClosed());
        } catch (ClosedWhileBlockedException e) {
            if (result instanceof AutoCloseable made) {
                try {
                    made.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return result;
    }

    /**
     * A data call: {@code send}, {@code recv}, {@code sendto}, {@code recvfrom}, {@code read}, {@code write},
     * {@code sendmsg} (with {@code mem} the {@code msghdr}) or {@code recvmsg}.
     *
     * @return the byte count, or -1 ({@link PosixSocket#WOULD_BLOCK}) when it would have to wait and may not
     */
    long data(Op op, MemorySegment mem, long len, int flags, SockAddr to, SockaddrStorage from) throws IOException {
        int fd = handle.begin(op.call);
        long n;
        try {
            reportDeferredError(op.call);
            n = drive(op, fd, mem, len, flags, to, from, -1);
            if (n >= 0 && n < len && !records && op.output && blockingCall(flags)) {
                n = op == Op.SENDMSG ? sendmsgRest(fd, mem, len, n, flags) : sendRest(op, fd, mem, len, n, flags, to);
            }
        } catch (IOException e) {
            throw handle.endFailed(op.call, e);
        } catch (RuntimeException | Error e) {
            handle.endCompleted(op.call);
            throw e;
        }
        handle.end(op.call, n > 0 || len == 0);
        return n;
    }

    /** {@code sendmmsg}/{@code recvmmsg} of {@code count} messages; -1 when none could go without waiting. */
    int batch(Op op, MemorySegment vector, int count, int flags) throws IOException {
        int fd = handle.begin(op.call);
        long n;
        try {
            n = drive(op, fd, vector, count, flags, null, null, -1);
            if (n > 0 && op == Op.RECVMMSG && handle.isClosed()
                    && vector.get(ValueLayout.JAVA_INT, Structs.MMSG_LEN) == 0) {
                // An empty message from a socket closed meanwhile is the dead socket's end of stream (see
                // FdHandle.preClose), not a datagram: the call was ended by the close.
                n = 0;
            }
        } catch (IOException e) {
            throw handle.endFailed(op.call, e);
        } catch (RuntimeException | Error e) {
            handle.endCompleted(op.call);
            throw e;
        }
        handle.end(op.call, n > 0 || count == 0);
        return (int) n;
    }

    /** {@code accept4}; the new descriptor, or -1 in non-blocking mode when no connection is pending. */
    int accept(SockaddrStorage peer, int flags) throws IOException {
        int fd = handle.begin(Op.ACCEPT.call);
        long accepted;
        try {
            accepted = drive(Op.ACCEPT, fd, null, 0, flags, null, peer, -1);
        } catch (IOException e) {
            throw handle.endFailed(Op.ACCEPT.call, e);
        } catch (RuntimeException | Error e) {
            handle.endCompleted(Op.ACCEPT.call);
            throw e;
        }
        handle.end(Op.ACCEPT.call, accepted >= 0); // a completed call never throws: the descriptor is not lost
        return (int) accepted;
    }

    /** {@code connect}; {@code true} when connected, {@code false} when in progress in non-blocking mode. */
    boolean connect(SockAddr address) throws IOException {
        int fd = handle.begin(Op.CONNECT.call);
        long r;
        try {
            r = drive(Op.CONNECT, fd, null, 0, 0, address, null, -1);
        } catch (IOException e) {
            throw handle.endFailed(Op.CONNECT.call, e);
        } catch (RuntimeException | Error e) {
            handle.endCompleted(Op.CONNECT.call);
            throw e;
        }
        handle.end(Op.CONNECT.call, r == 1);
        return r == 1;
    }

    /** {@code sendfile} from {@code file} at {@code offset}; -1 when it would have to wait and may not. */
    long sendfile(FdHandle file, long offset, long count) throws IOException {
        int fd = handle.begin(Op.SENDFILE.call);
        long n;
        try {
            int inFd = file.begin(Op.SENDFILE.call);
            try {
                // Its own slot: the offset is the kernel's to advance and must survive the waits in between.
                Scratch.get().fileOffset.set(ValueLayout.JAVA_LONG, 0, offset);
                n = drive(Op.SENDFILE, fd, null, count, 0, null, null, inFd);
            } finally {
                file.end(Op.SENDFILE.call, true);
            }
        } catch (IOException e) {
            throw handle.endFailed(Op.SENDFILE.call, e);
        } catch (RuntimeException | Error e) {
            handle.endCompleted(Op.SENDFILE.call);
            throw e;
        }
        handle.end(Op.SENDFILE.call, n > 0 || count == 0);
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The driver: try, wait, try again

    /**
     * Tries the call and, when it found nothing to do and may wait, waits and tries again. Returns a result
     * ({@code >= 0}; 1 for a connect that is done), or -1 when it may not wait: non-blocking mode or
     * {@code MSG_DONTWAIT} (for a connect: in progress).
     */
    private long drive(Op op, int fd, MemorySegment mem, long len, int flags, SockAddr to, SockaddrStorage from,
                       int inFd) throws IOException {
        return drive(op, fd, mem, len, flags, to, from, inFd, false);
    }

    /** As above; {@code triedNow}: a non-blocking try has just found no room, so a blocking call goes straight in. */
    private long drive(Op op, int fd, MemorySegment mem, long len, int flags, SockAddr to, SockaddrStorage from,
                       int inFd, boolean triedNow) throws IOException {
        long timeout = timeoutNanos;
        boolean mayWait = timeout != 0 && !(op.dontWaitFlag && (flags & MSG_DONTWAIT) != 0);
        boolean kernel = mayWait && timeout == BLOCKING && WakeSignal.AVAILABLE && !Thread.currentThread().isVirtual();
        if (!kernel && !op.dontWaitFlag && !handle.isShared()) {
            useNonBlockingDescriptor(fd); // accept, connect and sendfile have no MSG_DONTWAIT
        }
        boolean pending = false;
        long r = AGAIN;
        // A call that blocks at once — in the kernel in blocking mode, or a connect on a shared descriptor that
        // is blocking (its flags are not ours to change) — starts inside the interrupt hook; the others try first.
        boolean blocksAtOnce = kernel ? triedNow || startsInKernel(op, mem) : mayWait && op == Op.CONNECT && !fdNonBlocking;
        // Taken before every try, so that a wait in the poller knows whether readiness was reported after it.
        long mark = Blocking.readinessMark(handle, op.events());
        if (!blocksAtOnce) {
            r = now(op, fd, mem, len, flags, to, from, inFd, false);
            if (r >= 0) {
                return r;
            }
            pending = r == IN_PROGRESS;
            if (!mayWait) {
                if (r == NO_ROOM) {
                    throw ErrnoExceptions.of(op.call, Errno.EAGAIN, "the listener's backlog is full: " + to);
                }
                return -1;
            }
        }
        InterruptHook hook = hook();
        hook.enter();
        // SO_RCVTIMEO/SO_SNDTIMEO count from here: a first attempt that waited inside the kernel (a connect
        // ended by SO_SNDTIMEO with EINPROGRESS, say) has used that time up already. Not read for a socket that
        // cannot have them, which is nearly every wait (one shared meanwhile counts from when it is first read).
        long started = kernelTimeoutsMayApply() ? System.nanoTime() : NOT_STARTED;
        try {
            if (blocksAtOnce && !kernel) {
                mark = Blocking.readinessMark(handle, op.events());
                r = now(op, fd, mem, len, flags, to, from, inFd, false);
                if (r >= 0) {
                    return r;
                }
                pending = r == IN_PROGRESS;
                if (handle.isClosed()) {
                    throw new ClosedWhileBlockedException(op.call);
                }
            }
            long deadline = timeout > 0 ? Blocking.deadline(timeout) : Blocking.FOREVER;
            long kernelDeadline = Blocking.FOREVER;
            boolean kernelDeadlineRead = false;
            long pause = 0;
            int emptyWakeUps = 0;
            for (;;) {
                if (kernel) {
                    r = inKernel(op, fd, mem, len, flags, to, from, inFd);
                    if (r >= 0) {
                        return r;
                    }
                    if (r == IN_PROGRESS) {
                        pending = true; // a connect interrupted by a signal goes on: wait for its outcome
                    } else if (r != NO_SLOT) {
                        // EAGAIN from a blocking call: SO_RCVTIMEO/SO_SNDTIMEO expired, unless another holder made
                        // the descriptor non-blocking, which must not make this blocking call non-blocking.
                        requireNonBlockingDescriptor(op, fd);
                    }
                    kernel = false;
                    if (handle.isClosed()) {
                        throw new ClosedWhileBlockedException(op.call);
                    }
                }
                if (!kernelDeadlineRead) {
                    kernelDeadline = kernelTimeoutDeadline(op, fd, started);
                    kernelDeadlineRead = true;
                }
                long until = earlier(deadline, kernelDeadline);
                int events = op.events();
                if (r == NO_ROOM || emptyWakeUps > 2) {
                    // Nothing announces room in a Unix listener's backlog, and an unconnected Unix datagram
                    // socket reports "writable" even when its receiver is full: wait a while instead.
                    pause = pause == 0 ? FIRST_PAUSE : Math.min(pause * 2, LONGEST_PAUSE);
                    until = earlier(until, System.nanoTime() + pause);
                    events = 0;
                }
                boolean ready = Blocking.await(handle, fd, events, until, mark);
                if (handle.isClosed()) {
                    throw new ClosedWhileBlockedException(op.call);
                }
                long now = System.nanoTime();
                if (deadline != Blocking.FOREVER && deadline - now <= 0) {
                    throw timedOut(op.call, timeout);
                }
                if (kernelDeadline != Blocking.FOREVER && kernelDeadline - now <= 0) {
                    throw ErrnoExceptions.of(op.call, Errno.EAGAIN, op.kernelTimeout() + " expired");
                }
                mark = Blocking.readinessMark(handle, op.events());
                r = pending ? connectOutcome(fd, to) : now(op, fd, mem, len, flags, to, from, inFd, true);
                if (r >= 0) {
                    return r;
                }
                pending |= r == IN_PROGRESS;
                emptyWakeUps = ready && events != 0 && op.output && r == AGAIN ? emptyWakeUps + 1 : 0;
            }
        } finally {
            hook.exit(true);
        }
    }

    /**
     * Whether a call in blocking mode goes into the kernel without a non-blocking try first: a send from
     * native memory (a first try would often send part, and the rest would cost a second call), and the calls
     * that have no non-blocking form on a blocking descriptor. Heap data tries first, since that try passes the
     * array without a copy.
     */
    private static boolean startsInKernel(Op op, MemorySegment mem) {
        return !op.dontWaitFlag || op == Op.SENDMSG || (op.output && mem.isNative());
    }

    /** A blocking call, registered so that a close can end it; {@link #NO_SLOT} when it could not be. */
    private long inKernel(Op op, int fd, MemorySegment mem, long len, int flags, SockAddr to, SockaddrStorage from,
                          int inFd) throws IOException {
        int slot = handle.enterKernel(WakeSignal.self());
        if (slot == FdHandle.CLOSED_SLOT) {
            throw new ClosedWhileBlockedException(op.call);
        }
        if (slot == FdHandle.NO_SLOT) {
            return NO_SLOT;
        }
        try {
            return attempt(op, fd, mem, len, flags, to, from, inFd, true);
        } finally {
            handle.leaveKernel(slot);
        }
    }

    /**
     * A try that must not block. Calls with no {@code MSG_DONTWAIT} on a descriptor that is blocking (a shared
     * one, whose flags are not ours to change) are issued only once {@code poll} says they can proceed — and
     * then registered as waits inside the kernel, since another holder may take the connection or the room
     * first.
     */
    private long now(Op op, int fd, MemorySegment mem, long len, int flags, SockAddr to, SockaddrStorage from,
                     int inFd, boolean afterWait) throws IOException {
        if (!op.dontWaitFlag && !fdNonBlocking) {
            if (op == Op.CONNECT && !afterWait) {
                // The first connect on a blocking descriptor waits in connect(2) whatever the mode.
                long r = WakeSignal.AVAILABLE ? inKernel(op, fd, mem, len, flags, to, from, inFd) : NO_SLOT;
                return r == NO_SLOT ? attempt(op, fd, mem, len, flags, to, from, inFd, true) : r;
            }
            if (!Blocking.readyNow(fd, op.events())) {
                return AGAIN;
            }
            if (WakeSignal.AVAILABLE) {
                long r = inKernel(op, fd, mem, len, flags, to, from, inFd);
                if (r != NO_SLOT) {
                    return r;
                }
            }
            return attempt(op, fd, mem, len, flags, to, from, inFd, true);
        }
        return attempt(op, fd, mem, len, flags, to, from, inFd, false);
    }

    /**
     * One C call. {@code blocking}: it may wait inside the kernel (heap data then goes through a native bounce
     * buffer, since the garbage collector cannot be held off for a wait); otherwise it must not, and heap data
     * is passed to a critical call without a copy. Returns the result, {@link #AGAIN}, {@link #IN_PROGRESS} or
     * {@link #NO_ROOM}.
     */
    private long attempt(Op op, int fd, MemorySegment mem, long len, int flags, SockAddr to, SockaddrStorage from,
                         int inFd, boolean blocking) throws IOException {
        int dontWait = blocking ? 0 : MSG_DONTWAIT;
        switch (op) {
            case SEND, WRITE, SENDTO, RECV, READ, RECVFROM:
                if (blocking) {
                    return mem.isNative() ? blockingData(op, fd, mem, len, flags, to, from) : bounced(op, fd, mem, len, flags, to, from);
                }
                return switch (op) {
                    case SEND, WRITE -> Libc.sendNow(op.call, fd, mem, len, flags | MSG_DONTWAIT | MSG_NOSIGNAL);
                    case RECV, READ -> Libc.recvNow(op.call, fd, mem, len, flags | MSG_DONTWAIT);
                    case SENDTO -> Libc.sendtoNow(fd, mem, len, flags | MSG_DONTWAIT | MSG_NOSIGNAL, to.segment(), to.length(), to);
                    default -> recvfrom(fd, mem, len, flags | MSG_DONTWAIT, from, true);
                };
            case SENDMSG:
                return Libc.sendmsg(fd, mem, flags | dontWait | MSG_NOSIGNAL);
            case RECVMSG:
                return Libc.recvmsg(fd, mem, flags | dontWait | SocketConstants.MSG_CMSG_CLOEXEC);
            case SENDMMSG:
                return Libc.sendmmsg(fd, mem, (int) len, flags | dontWait);
            case RECVMMSG:
                return Libc.recvmmsg(fd, mem, (int) len, flags | dontWait);
            case ACCEPT:
                return accept4(fd, from, flags);
            case CONNECT: {
                int r = Libc.connect(fd, to.segment(), to.length(), to);
                return r == 0 ? 1 : r == Libc.CONNECT_NO_ROOM ? NO_ROOM : IN_PROGRESS;
            }
            case SENDFILE:
                return Libc.sendfile(fd, inFd, Scratch.get().fileOffset, len);
            default:
                throw new AssertionError(op);
        }
    }

    /** A blocking data call on native memory; -1 means EAGAIN. */
    private static long blockingData(Op op, int fd, MemorySegment mem, long len, int flags, SockAddr to,
                                     SockaddrStorage from) throws IOException {
        return switch (op) {
            case SEND -> Libc.send(fd, mem, len, flags | MSG_NOSIGNAL);
            case RECV -> Libc.recv(fd, mem, len, flags);
            case SENDTO -> Libc.sendto(fd, mem, len, flags | MSG_NOSIGNAL, to.segment(), to.length(), to);
            case RECVFROM -> recvfrom(fd, mem, len, flags, from, false);
            case READ -> Libc.read(fd, mem, len);
            case WRITE -> Libc.write(fd, mem, len);
            default -> throw new AssertionError(op);
        };
    }

    /**
     * A blocking data call for heap memory, through a native copy. On a stream the copy holds at most
     * {@link Scratch#MAX_BOUNCE} bytes (a stream call may transfer part); a record is copied whole, in memory
     * of its own size when it is larger, so that no datagram or seqpacket record is ever cut or truncated.
     */
    private long bounced(Op op, int fd, MemorySegment heap, long len, int flags, SockAddr to, SockaddrStorage from)
            throws IOException {
        if (records && len > Scratch.MAX_BOUNCE) {
            try (Arena arena = Arena.ofConfined()) {
                return bounceThrough(op, fd, arena.allocate(len, 16), heap, len, flags, to, from);
            }
        }
        long chunk = Math.min(len, Scratch.MAX_BOUNCE);
        return bounceThrough(op, fd, Scratch.get().bounce(chunk), heap, chunk, flags, to, from);
    }

    private static long bounceThrough(Op op, int fd, MemorySegment bounce, MemorySegment heap, long len, int flags,
                                      SockAddr to, SockaddrStorage from) throws IOException {
        if (op.output) {
            MemorySegment.copy(heap, 0, bounce, 0, len);
        }
        long n = blockingData(op, fd, bounce, len, flags, to, from);
        if (!op.output && n > 0) {
            MemorySegment.copy(bounce, 0, heap, 0, Math.min(n, len));
        }
        return n;
    }

    private static long recvfrom(int fd, MemorySegment mem, long len, int flags, SockaddrStorage from, boolean now)
            throws IOException {
        MemorySegment addr = MemorySegment.NULL;
        MemorySegment addrLen = MemorySegment.NULL;
        int room = 0;
        if (from != null) {
            addr = from.segment();
            addrLen = Scratch.get().intOut;
            room = (int) addr.byteSize();
            addrLen.set(ValueLayout.JAVA_INT, 0, room);
        }
        long n = now ? Libc.recvfromNow(fd, mem, len, flags, addr, addrLen) : Libc.recvfrom(fd, mem, len, flags, addr, addrLen);
        if (n != -1 && from != null) {
            from.length(Math.min(addrLen.get(ValueLayout.JAVA_INT, 0), room));
        }
        return n;
    }

    private static long accept4(int fd, SockaddrStorage peer, int flags) throws IOException {
        int cloexec = SocketConstants.SOCK_CLOEXEC;
        if (peer == null) {
            return Libc.accept4(fd, MemorySegment.NULL, MemorySegment.NULL, flags | cloexec);
        }
        MemorySegment len = Scratch.get().intOut;
        int room = (int) peer.segment().byteSize();
        len.set(ValueLayout.JAVA_INT, 0, room);
        int accepted = Libc.accept4(fd, peer.segment(), len, flags | cloexec);
        if (accepted != -1) {
            peer.length(Math.min(len.get(ValueLayout.JAVA_INT, 0), room));
        }
        return accepted;
    }

    /** A connect in progress: {@link #AGAIN} until the socket is writable, then 1 or its error from SO_ERROR. */
    private static long connectOutcome(int fd, SockAddr address) throws IOException {
        if (!Blocking.readyNow(fd, Blocking.WRITABLE)) {
            return AGAIN; // woken is not connected: SO_ERROR is 0 meanwhile too
        }
        Scratch scratch = Scratch.get();
        scratch.intOut.set(ValueLayout.JAVA_INT, 0, 0);
        scratch.intOut2.set(ValueLayout.JAVA_INT, 0, 4);
        Libc.getsockopt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR, scratch.intOut, scratch.intOut2);
        int error = scratch.intOut.get(ValueLayout.JAVA_INT, 0);
        if (error != 0) {
            throw ErrnoExceptions.of("connect", error, address.toString());
        }
        return 1;
    }

    /**
     * C's blocking send on a stream returns when all is sent: after a partial transfer, sends the rest the
     * blocking way. A failure after some bytes went out returns the count, as C does; the next call reports the
     * error.
     */
    private long sendRest(Op op, int fd, MemorySegment mem, long len, long sent, int flags, SockAddr to)
            throws IOException {
        while (sent < len) {
            long n;
            try {
                // The try that sent part found the buffer full: the rest goes straight into the kernel.
                n = drive(op, fd, mem.asSlice(sent), len - sent, flags, to, null, -1, true);
            } catch (IOException e) {
                keepForNextCall(e);
                break;
            }
            if (n <= 0) {
                break;
            }
            sent += n;
        }
        return sent;
    }

    /**
     * As {@link #sendRest}, for a {@code sendmsg} on a stream that sent part (a non-blocking try, as a virtual
     * thread makes): its {@code iovec}s, which are library memory, are advanced past what went, and the rest is
     * sent the blocking way, so that a blocking gathering write sends everything, as C's does.
     */
    private long sendmsgRest(int fd, MemorySegment hdr, long len, long sent, int flags) throws IOException {
        long total = sent;
        long advance = sent;
        while (total < len) {
            skipSent(hdr, advance);
            long n;
            try {
                n = drive(Op.SENDMSG, fd, hdr, len - total, flags, null, null, -1, true);
            } catch (IOException e) {
                keepForNextCall(e);
                break;
            }
            if (n <= 0) {
                break;
            }
            total += n;
            advance = n;
        }
        return total;
    }

    /** Moves a {@code msghdr}'s {@code iovec}s past {@code sent} bytes: emptied entries first, then a shortened one. */
    private static void skipSent(MemorySegment hdr, long sent) {
        long count = hdr.get(ValueLayout.JAVA_LONG, Structs.MSG_IOVLEN);
        long stride = Structs.IOVEC.byteSize();
        MemorySegment iov = hdr.get(ValueLayout.ADDRESS, Structs.MSG_IOV).reinterpret(stride * count);
        for (long i = 0; i < count && sent > 0; i++) {
            long at = i * stride;
            long length = iov.get(ValueLayout.JAVA_LONG, at + Structs.IOV_LEN);
            long skip = Math.min(length, sent);
            iov.set(ValueLayout.JAVA_LONG, at + Structs.IOV_BASE, iov.get(ValueLayout.JAVA_LONG, at + Structs.IOV_BASE) + skip);
            iov.set(ValueLayout.JAVA_LONG, at + Structs.IOV_LEN, length - skip);
            sent -= skip;
        }
    }

    /**
     * A failure after part of a blocking send went: a close or an interrupt is thrown; otherwise the count sent
     * is returned, as C does, and the errno kept for the next data call. EAGAIN is SO_SNDTIMEO running out,
     * which leaves nothing pending; any other errno was the socket's error, which this call consumed.
     */
    private void keepForNextCall(IOException e) throws IOException {
        if (e instanceof java.nio.channels.ClosedChannelException || e instanceof SocketClosedException) {
            throw e;
        }
        if (e instanceof PosixError p && p.errno() != Errno.EAGAIN && p.errno() != Errno.EWOULDBLOCK) {
            deferredError = e;
        }
    }

    /** Throws, once, the error that ended an earlier send after a partial transfer, named for this call. */
    private void reportDeferredError(String call) throws IOException {
        IOException deferred = deferredError;
        if (deferred != null) {
            deferredError = null;
            IOException e = ErrnoExceptions.of(call, ((PosixError) deferred).errno(),
                    "reported by the send before, which had sent part of its data");
            e.addSuppressed(deferred);
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Modes, deadlines, the descriptor's flags

    private boolean blockingCall(int flags) {
        return timeoutNanos == BLOCKING && (flags & MSG_DONTWAIT) == 0;
    }

    /**
     * When {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO} (whichever applies to the call) expires, counted from
     * {@code since} (when the call began to wait, or {@link #NOT_STARTED}: from now);
     * {@link Blocking#FOREVER} when it is not set. Read only when it may be set, so that a wait on a socket that
     * never had one costs no extra call.
     */
    private long kernelTimeoutDeadline(Op op, int fd, long since) throws IOException {
        if (!kernelTimeoutsMayApply()) {
            return Blocking.FOREVER;
        }
        Scratch scratch = Scratch.get();
        MemorySegment tv = scratch.timeval;
        tv.fill((byte) 0);
        scratch.intOut2.set(ValueLayout.JAVA_INT, 0, (int) tv.byteSize());
        Libc.getsockopt(fd, SocketConstants.SOL_SOCKET,
                op.output ? SocketConstants.SO_SNDTIMEO : SocketConstants.SO_RCVTIMEO, tv, scratch.intOut2);
        long seconds = tv.get(ValueLayout.JAVA_LONG, 0);
        long micros = tv.get(ValueLayout.JAVA_LONG, 8);
        if (seconds == 0 && micros == 0) {
            return Blocking.FOREVER;
        }
        long nanos = seconds >= Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 4 : seconds * 1_000_000_000L + micros * 1_000L;
        return (since == NOT_STARTED ? System.nanoTime() : since) + nanos;
    }

    /** Whether the socket may have {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}: set here, inherited, or shared. */
    private boolean kernelTimeoutsMayApply() {
        return kernelTimeoutsMaybeSet || handle.isShared();
    }

    private static long earlier(long a, long b) {
        if (a == Blocking.FOREVER) {
            return b;
        }
        if (b == Blocking.FOREVER) {
            return a;
        }
        return a - b <= 0 ? a : b;
    }

    /** After EAGAIN from a blocking call: a timeout option expired, unless the descriptor is non-blocking. */
    private void requireNonBlockingDescriptor(Op op, int fd) throws IOException {
        if ((Libc.fcntl(fd, SocketConstants.F_GETFL) & SocketConstants.O_NONBLOCK) == 0) {
            throw ErrnoExceptions.of(op.call, Errno.EAGAIN, op.kernelTimeout() + " expired");
        }
        fdNonBlocking = true;
    }

    /** Sets O_NONBLOCK on a descriptor the library owns alone, for the calls that have no MSG_DONTWAIT. */
    void useNonBlockingDescriptor(int fd) throws IOException {
        if (!fdNonBlocking) {
            int flags = Libc.fcntl(fd, SocketConstants.F_GETFL);
            if ((flags & SocketConstants.O_NONBLOCK) == 0) {
                Libc.fcntl(fd, SocketConstants.F_SETFL, flags | SocketConstants.O_NONBLOCK);
            }
            fdNonBlocking = true;
        }
    }

    /** Clears the O_NONBLOCK that {@link #useNonBlockingDescriptor} set, on return to blocking mode. */
    void useBlockingDescriptor(int fd) throws IOException {
        if (fdNonBlocking && !handle.isShared()) {
            int flags = Libc.fcntl(fd, SocketConstants.F_GETFL);
            Libc.fcntl(fd, SocketConstants.F_SETFL, flags & ~SocketConstants.O_NONBLOCK);
            fdNonBlocking = false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Close

    /**
     * Closes the socket: no call may start from now on, and the calls in flight are ended — when threads wait
     * inside the kernel, the descriptor is pointed at a dead socket; the waiters are woken (signals for those inside the kernel, the poller, the
     * wake-up eventfd), and this method returns once every thread that was inside the kernel on it has left, so
     * that nothing is sent or received on the socket after it returns. The number is released by the last
     * call to leave; this thread holds it meanwhile, so no wake-up reaches a file that reused the number.
     */
    void close() throws IOException {
        handle.closeWaking(CLOSE_WAIT_NANOS);
    }

    private InterruptHook hook() {
        InterruptHook h = interruptHook;
        if (h == null) {
            synchronized (this) {
                h = interruptHook;
                if (h == null) {
                    h = new InterruptHook(closer);
                    interruptHook = h;
                }
            }
        }
        return h;
    }

    private static IOException timedOut(String call, long timeoutNanos) {
        return ErrnoExceptions.of(call, Errno.EAGAIN, "timed out after " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
    }
}
