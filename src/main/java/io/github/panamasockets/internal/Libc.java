package io.github.panamasockets.internal;

import io.github.panamasockets.Errno;
import io.github.panamasockets.ResolverException;
import io.github.panamasockets.SocketConstants;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * One small wrapper per C function the library calls: it passes the thread's capture state, retries EINTR
 * where that is right, and applies the function's own failure convention through {@link NativeCall}. Each
 * method does exactly one C call (two for {@code connect} interrupted by a signal, which must wait rather
 * than call again) and is named after it.
 *
 * <p>Pointers are {@link MemorySegment}s of native memory; bounds and heap/native checks are the caller's
 * job, done in Java before anything reaches here.
 */
public final class Libc {
    static {
        Platform.check(); // before the fields below touch the generated bindings
    }

    private Libc() {}

    private static final MethodHandle SOCKET = NativeCall.downcall("socket");
    private static final MethodHandle SOCKETPAIR = NativeCall.downcall("socketpair");
    private static final MethodHandle BIND = NativeCall.downcall("bind");
    private static final MethodHandle LISTEN = NativeCall.downcall("listen");
    private static final MethodHandle ACCEPT4 = NativeCall.downcall("accept4");
    private static final MethodHandle CONNECT = NativeCall.downcall("connect");
    private static final MethodHandle SEND = NativeCall.downcall("send");
    private static final MethodHandle RECV = NativeCall.downcall("recv");
    private static final MethodHandle SENDTO = NativeCall.downcall("sendto");
    private static final MethodHandle RECVFROM = NativeCall.downcall("recvfrom");
    // Critical variants: heap memory allowed, for calls that cannot block (MSG_DONTWAIT) only.
    private static final MethodHandle SEND_NOW = NativeCall.downcallCritical("send");
    private static final MethodHandle RECV_NOW = NativeCall.downcallCritical("recv");
    private static final MethodHandle SENDTO_NOW = NativeCall.downcallCritical("sendto");
    private static final MethodHandle RECVFROM_NOW = NativeCall.downcallCritical("recvfrom");
    private static final MethodHandle EVENTFD = NativeCall.downcall("eventfd");
    private static final MethodHandle READ = NativeCall.downcall("read");
    private static final MethodHandle WRITE = NativeCall.downcall("write");
    private static final MethodHandle SHUTDOWN = NativeCall.downcall("shutdown");
    private static final MethodHandle CLOSE = NativeCall.downcall("close");
    private static final MethodHandle GETSOCKNAME = NativeCall.downcall("getsockname");
    private static final MethodHandle GETPEERNAME = NativeCall.downcall("getpeername");
    private static final MethodHandle GETSOCKOPT = NativeCall.downcall("getsockopt");
    private static final MethodHandle SETSOCKOPT = NativeCall.downcall("setsockopt");
    private static final MethodHandle INET_PTON = NativeCall.downcall("inet_pton");
    private static final MethodHandle INET_NTOP = NativeCall.downcall("inet_ntop");
    private static final MethodHandle POLL = NativeCall.downcall("poll");
    private static final MethodHandle FCNTL_GET = NativeCall.downcallVariadic("fcntl");
    private static final MethodHandle FCNTL_SET_INT = NativeCall.downcallVariadic("fcntl", NativeCall.C_INT);
    private static final MethodHandle EPOLL_CREATE1 = NativeCall.downcall("epoll_create1");
    private static final MethodHandle EPOLL_CTL = NativeCall.downcall("epoll_ctl");
    private static final MethodHandle EPOLL_WAIT = NativeCall.downcall("epoll_wait");
    private static final MethodHandle SENDMSG = NativeCall.downcall("sendmsg");
    private static final MethodHandle RECVMSG = NativeCall.downcall("recvmsg");
    private static final MethodHandle SENDMMSG = NativeCall.downcall("sendmmsg");
    private static final MethodHandle RECVMMSG = NativeCall.downcall("recvmmsg");
    private static final MethodHandle PTHREAD_SELF = NativeCall.downcall("pthread_self");
    private static final MethodHandle PTHREAD_KILL = NativeCall.downcall("pthread_kill");
    private static final MethodHandle SIGACTION = NativeCall.downcall("sigaction");
    private static final MethodHandle DUP3 = NativeCall.downcall("dup3");
    private static final MethodHandle SENDFILE = NativeCall.downcall("sendfile");
    private static final MethodHandle OPEN = NativeCall.downcallVariadic("open");
    private static final MethodHandle READV = NativeCall.downcall("readv");
    private static final MethodHandle WRITEV = NativeCall.downcall("writev");
    private static final MethodHandle PIPE2 = NativeCall.downcall("pipe2");
    private static final MethodHandle DUP = NativeCall.downcall("dup");
    private static final MethodHandle DUP2 = NativeCall.downcall("dup2");
    private static final MethodHandle UNLINK = NativeCall.downcall("unlink");
    private static final MethodHandle IOCTL_POINTER = NativeCall.downcallVariadic("ioctl", NativeCall.C_POINTER);
    private static final MethodHandle STRERRORNAME_NP = NativeCall.downcall("strerrorname_np");
    private static final MethodHandle STRERRORDESC_NP = NativeCall.downcall("strerrordesc_np");

    private static final int EINPROGRESS = Errno.EINPROGRESS;
    private static final int EAGAIN = Errno.EAGAIN;

    /** {@code socket(2)}. @return the new descriptor */
    public static int socket(int domain, int type, int protocol) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) SOCKET.invokeExact(st, domain, type, protocol);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("socket", r, st);
    }

    /** {@code socketpair(2)}; the two descriptors are written to {@code sv} (two ints). */
    public static void socketpair(int domain, int type, int protocol, MemorySegment sv) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) SOCKETPAIR.invokeExact(st, domain, type, protocol, sv);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("socketpair", r, st);
    }

    /** {@code bind(2)}; {@code detail} (the address) is named in the exception. */
    public static void bind(int fd, MemorySegment addr, int len, Object detail) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) BIND.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r == -1) {
            throw NativeCall.fail("bind", st, detail);
        }
    }

    /** {@code listen(2)}. */
    public static void listen(int fd, int backlog) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) LISTEN.invokeExact(st, fd, backlog);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("listen", r, st);
    }

    /** {@code accept4(2)}, retried on EINTR. @return the accepted descriptor, or -1 for EAGAIN (nothing pending on a non-blocking socket) */
    public static int accept4(int fd, MemorySegment addr, MemorySegment lenp, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) ACCEPT4.invokeExact(st, fd, addr, lenp, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("accept4", r, st, null);
    }

    /** {@link #connect}: the connection is in progress ({@code EINPROGRESS}, {@code EINTR}). */
    public static final int CONNECT_IN_PROGRESS = -1;
    /** {@link #connect}: a Unix-domain listener's backlog is full ({@code EAGAIN}); nothing is in progress. */
    public static final int CONNECT_NO_ROOM = -2;

    /**
     * {@code connect(2)}.
     *
     * @return 0 when connected; {@link #CONNECT_IN_PROGRESS} when the connection is in progress and the caller
     *         must wait for the socket to become writable and read {@code SO_ERROR}: {@code EINPROGRESS} on a
     *         non-blocking socket, or {@code EINTR} — a connect interrupted by a signal goes on in the kernel,
     *         and issuing it again would fail with {@code EALREADY}; {@link #CONNECT_NO_ROOM} for {@code EAGAIN},
     *         which a non-blocking Unix-domain connect returns when the listener's backlog is full: nothing is in
     *         progress, and the caller must try again once there may be room
     * @throws IOException any other failure
     */
    public static int connect(int fd, MemorySegment addr, int len, Object detail) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) CONNECT.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r == 0) {
            return 0;
        }
        int errno = NativeCall.errno(st);
        if (errno == EINPROGRESS || errno == EINTR) {
            return CONNECT_IN_PROGRESS;
        }
        if (errno == EAGAIN) {
            return CONNECT_NO_ROOM;
        }
        throw NativeCall.fail("connect", st, detail);
    }

    /** {@code send(2)}, retried on EINTR. @return bytes sent, or -1 for EAGAIN */
    public static long send(int fd, MemorySegment buf, long len, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) SEND.invokeExact(st, fd, buf, len, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("send", r, st, null);
    }

    /** {@code recv(2)}, retried on EINTR. @return bytes received (0 is end of stream or an empty datagram), or -1 for EAGAIN */
    public static long recv(int fd, MemorySegment buf, long len, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) RECV.invokeExact(st, fd, buf, len, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("recv", r, st, null);
    }

    /**
     * {@code send(2)} that must not block: {@code flags} must hold {@code MSG_DONTWAIT} (or the descriptor be
     * non-blocking). {@code buf} may be heap memory, passed without a copy. {@code call} names the caller's C
     * function in exceptions ({@code write} is issued as this {@code send}).
     *
     * @return bytes sent, or -1 for EAGAIN
     */
    public static long sendNow(String call, int fd, MemorySegment buf, long len, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) SEND_NOW.invokeExact(st, fd, buf, len, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock(call, r, st, null);
    }

    /** {@code recv(2)} that must not block, as {@link #sendNow}. @return bytes received, or -1 for EAGAIN */
    public static long recvNow(String call, int fd, MemorySegment buf, long len, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) RECV_NOW.invokeExact(st, fd, buf, len, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock(call, r, st, null);
    }

    /** {@code sendto(2)} that must not block, as {@link #sendNow}. @return bytes sent, or -1 for EAGAIN */
    public static long sendtoNow(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen,
                                 Object detail) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) SENDTO_NOW.invokeExact(st, fd, buf, len, flags, addr, addrLen);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("sendto", r, st, detail);
    }

    /** {@code recvfrom(2)} that must not block, as {@link #sendNow}. @return bytes received, or -1 for EAGAIN */
    public static long recvfromNow(int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                                   MemorySegment addrLen) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) RECVFROM_NOW.invokeExact(st, fd, buf, len, flags, addr, addrLen);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("recvfrom", r, st, null);
    }

    /** {@code eventfd(2)}. @return the new descriptor */
    public static int eventfd(int initval, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) EVENTFD.invokeExact(st, initval, flags);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("eventfd", r, st);
    }

    /** {@code sendto(2)}, retried on EINTR. @return bytes sent, or -1 for EAGAIN */
    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen,
                              Object detail) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) SENDTO.invokeExact(st, fd, buf, len, flags, addr, addrLen);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("sendto", r, st, detail);
    }

    /** {@code recvfrom(2)}, retried on EINTR. @return bytes received, or -1 for EAGAIN */
    public static long recvfrom(int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                                MemorySegment addrLen) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) RECVFROM.invokeExact(st, fd, buf, len, flags, addr, addrLen);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("recvfrom", r, st, null);
    }

    /** {@code read(2)}, retried on EINTR. @return bytes read (0 is end of stream), or -1 for EAGAIN */
    public static long read(int fd, MemorySegment buf, long len) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) READ.invokeExact(st, fd, buf, len);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("read", r, st, null);
    }

    /** {@code write(2)}, retried on EINTR. @return bytes written, or -1 for EAGAIN */
    public static long write(int fd, MemorySegment buf, long len) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) WRITE.invokeExact(st, fd, buf, len);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("write", r, st, null);
    }

    /** {@code shutdown(2)}. */
    public static void shutdown(int fd, int how) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) SHUTDOWN.invokeExact(st, fd, how);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("shutdown", r, st);
    }

    /**
     * {@code close(2)}, never retried: on Linux the descriptor is released even when close reports EINTR, and
     * a second close could close a descriptor another thread has just been given.
     */
    public static void close(int fd) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) CLOSE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r == -1 && !NativeCall.interrupted(st)) {
            throw NativeCall.fail("close", st, null);
        }
    }

    /** {@code getsockname(2)}; {@code lenp} holds the buffer size in and the address length out. */
    public static void getsockname(int fd, MemorySegment addr, MemorySegment lenp) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) GETSOCKNAME.invokeExact(st, fd, addr, lenp);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("getsockname", r, st);
    }

    /** {@code getpeername(2)}; {@code lenp} holds the buffer size in and the address length out. */
    public static void getpeername(int fd, MemorySegment addr, MemorySegment lenp) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) GETPEERNAME.invokeExact(st, fd, addr, lenp);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("getpeername", r, st);
    }

    /** {@code getsockopt(2)}; {@code lenp} holds the buffer size in and the value's length out. */
    public static void getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenp)
            throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) GETSOCKOPT.invokeExact(st, fd, level, name, value, lenp);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("getsockopt", r, st);
    }

    /** {@code setsockopt(2)}. */
    public static void setsockopt(int fd, int level, int name, MemorySegment value, int len) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) SETSOCKOPT.invokeExact(st, fd, level, name, value, len);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("setsockopt", r, st);
    }

    /**
     * {@code inet_pton(3)}, whose convention is its own: 1 is success, 0 means the text is not an address of
     * that family (no errno), -1 means the family is not supported (errno EAFNOSUPPORT).
     *
     * @return 1 or 0; -1 becomes an exception
     */
    public static int inet_pton(int af, MemorySegment src, MemorySegment dst) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) INET_PTON.invokeExact(st, af, src, dst);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("inet_pton", r, st);
    }

    /** {@code inet_ntop(3)}, which fails by returning NULL with errno (EAFNOSUPPORT, ENOSPC). */
    public static void inet_ntop(int af, MemorySegment src, MemorySegment dst, int size) throws IOException {
        MemorySegment st = Scratch.get().callState;
        MemorySegment r;
        try {
            r = (MemorySegment) INET_NTOP.invokeExact(st, af, src, dst, size);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r.equals(MemorySegment.NULL)) {
            throw NativeCall.fail("inet_ntop", st, null);
        }
    }

    /**
     * {@code poll(2)}, retried on EINTR with the same timeout.
     *
     * @return the number of ready descriptors; 0 means the timeout expired, which is not an error
     */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) POLL.invokeExact(st, fds, nfds, timeoutMillis);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.check("poll", r, st);
    }

    /**
     * {@code poll(2)} once: an interruption by a signal is returned, not retried, for a waiter that a close
     * signals and that must look at its socket before it waits again.
     *
     * @param once always {@code true}: distinguishes this form from the retrying one
     * @return the number of ready descriptors, 0 when the timeout expired, or -1 for {@code EINTR}
     */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis, boolean once) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) POLL.invokeExact(st, fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r == -1 && NativeCall.interrupted(st)) {
            return -1;
        }
        return NativeCall.check("poll", r, st);
    }

    /** {@code fcntl(fd, cmd)} for the commands without an argument (F_GETFL, F_GETFD). */
    public static int fcntl(int fd, int cmd) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) FCNTL_GET.invokeExact(st, fd, cmd);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("fcntl", r, st);
    }

    /** {@code fcntl(fd, cmd, arg)} for the commands with an int argument (F_SETFL, F_SETFD, F_DUPFD_CLOEXEC). */
    public static int fcntl(int fd, int cmd, int arg) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) FCNTL_SET_INT.invokeExact(st, fd, cmd, arg);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("fcntl", r, st);
    }

    /** {@code epoll_create1(2)}. @return the epoll descriptor */
    public static int epoll_create1(int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) EPOLL_CREATE1.invokeExact(st, flags);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("epoll_create1", r, st);
    }

    /** {@code epoll_ctl(2)}; {@code event} is one {@code struct epoll_event}, or NULL for EPOLL_CTL_DEL. */
    public static void epoll_ctl(int epfd, int op, int fd, MemorySegment event) throws IOException {
        int errno = epollCtlErrno(epfd, op, fd, event);
        if (errno != 0) {
            throw ErrnoExceptions.of("epoll_ctl", errno, null);
        }
    }

    /**
     * {@code epoll_ctl(2)} that answers with the errno instead of an exception: for the pollers, to which
     * {@code ENOENT} (not registered yet) and {@code EEXIST} (registered meanwhile) are ordinary answers that
     * pick the next step, not failures to build an exception for.
     *
     * @return 0 on success, otherwise the errno
     */
    public static int epollCtlErrno(int epfd, int op, int fd, MemorySegment event) {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) EPOLL_CTL.invokeExact(st, epfd, op, fd, event);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return r == 0 ? 0 : NativeCall.errno(st);
    }

    /**
     * {@code epoll_wait(2)}, retried on EINTR with the same timeout.
     *
     * @return the number of events written; 0 when the timeout expired
     */
    public static int epoll_wait(int epfd, MemorySegment events, int maxevents, int timeoutMillis) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) EPOLL_WAIT.invokeExact(st, epfd, events, maxevents, timeoutMillis);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.check("epoll_wait", r, st);
    }

    /**
     * {@code sendmsg(2)}, retried on EINTR, holding the scopes of this thread's message area
     * ({@link Scratch#messageHolds()}) open for the call: what {@code MessageMemory} collected for the
     * {@code msghdr} it built there. As {@link #sendmsg(int, MemorySegment, int, ScopeHolds)} with those holds.
     *
     * @return bytes sent, or -1 for EAGAIN
     */
    public static long sendmsg(int fd, MemorySegment msg, int flags) throws IOException {
        Scratch scratch = Scratch.get();
        return message(true, scratch.callState, fd, msg, flags, scratch.messageHolds());
    }

    /**
     * {@code recvmsg(2)}, retried on EINTR, holding the scopes of this thread's message area open for the call; as
     * {@link #recvmsg(int, MemorySegment, int, ScopeHolds)} with {@link Scratch#messageHolds()}.
     *
     * @return bytes received, or -1 for EAGAIN
     */
    public static long recvmsg(int fd, MemorySegment msg, int flags) throws IOException {
        Scratch scratch = Scratch.get();
        return message(false, scratch.callState, fd, msg, flags, scratch.messageHolds());
    }

    /**
     * {@code sendmsg(2)}, retried on EINTR. The caller memory that {@code msg} points at (buffers, address,
     * control data) is kept from being freed during the call by passing one segment of each scope in
     * {@code holds} as an extra argument (see {@link ScopeHolds}): a shared arena's {@code close()} meanwhile
     * fails, and a scope already closed makes the call throw {@link IllegalStateException} before the kernel is
     * entered — on every attempt, so also on a retry after a wait.
     *
     * @param msg the {@code struct msghdr}
     * @param holds the scopes to hold; empty when {@code msg} points at library memory only
     * @return bytes sent, or -1 for EAGAIN
     */
    public static long sendmsg(int fd, MemorySegment msg, int flags, ScopeHolds holds) throws IOException {
        return message(true, Scratch.get().callState, fd, msg, flags, holds);
    }

    /**
     * {@code recvmsg(2)}, retried on EINTR, holding the scopes in {@code holds} as
     * {@link #sendmsg(int, MemorySegment, int, ScopeHolds)} does.
     *
     * @param msg the {@code struct msghdr}
     * @param holds the scopes to hold; empty when {@code msg} points at library memory only
     * @return bytes received, or -1 for EAGAIN
     */
    public static long recvmsg(int fd, MemorySegment msg, int flags, ScopeHolds holds) throws IOException {
        return message(false, Scratch.get().callState, fd, msg, flags, holds);
    }

    /** {@code sendmsg} or {@code recvmsg}, retried on EINTR. @return the count, or -1 for EAGAIN */
    private static long message(boolean send, MemorySegment st, int fd, MemorySegment msg, int flags, ScopeHolds holds)
            throws IOException {
        long r;
        do {
            r = messageOnce(send, st, fd, msg, flags, holds);
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock(send ? "sendmsg" : "recvmsg", r, st, null);
    }

    /** One {@code sendmsg} or {@code recvmsg} through the narrowest handle that holds every scope; unused places are NULL. */
    private static long messageOnce(boolean send, MemorySegment st, int fd, MemorySegment msg, int flags, ScopeHolds holds) {
        MemorySegment[] h = holds.segments;
        try {
            return switch (holds.count) {
                case 0 -> send ? (long) SENDMSG.invokeExact(st, fd, msg, flags)
                        : (long) RECVMSG.invokeExact(st, fd, msg, flags);
                case 1 -> send ? (long) Hold1.SENDMSG.invokeExact(st, fd, msg, flags, h[0])
                        : (long) Hold1.RECVMSG.invokeExact(st, fd, msg, flags, h[0]);
                case 2 -> send ? (long) Hold2.SENDMSG.invokeExact(st, fd, msg, flags, h[0], h[1])
                        : (long) Hold2.RECVMSG.invokeExact(st, fd, msg, flags, h[0], h[1]);
                case 3, 4 -> send ? (long) Hold4.SENDMSG.invokeExact(st, fd, msg, flags, h[0], h[1], h[2], h[3])
                        : (long) Hold4.RECVMSG.invokeExact(st, fd, msg, flags, h[0], h[1], h[2], h[3]);
                default -> send ? (long) Hold8.SENDMSG.invokeExact(st, fd, msg, flags, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
                        : (long) Hold8.RECVMSG.invokeExact(st, fd, msg, flags, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
            };
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    // The holding variants, each made on its first use: most programs never pass arena memory to sendmsg.
    private static final class Hold1 {
        static final MethodHandle SENDMSG = NativeCall.downcallHolding("sendmsg", 1);
        static final MethodHandle RECVMSG = NativeCall.downcallHolding("recvmsg", 1);
    }

    private static final class Hold2 {
        static final MethodHandle SENDMSG = NativeCall.downcallHolding("sendmsg", 2);
        static final MethodHandle RECVMSG = NativeCall.downcallHolding("recvmsg", 2);
    }

    private static final class Hold4 {
        static final MethodHandle SENDMSG = NativeCall.downcallHolding("sendmsg", 4);
        static final MethodHandle RECVMSG = NativeCall.downcallHolding("recvmsg", 4);
    }

    private static final class Hold8 {
        static final MethodHandle SENDMSG = NativeCall.downcallHolding("sendmsg", ScopeHolds.MAX);
        static final MethodHandle RECVMSG = NativeCall.downcallHolding("recvmsg", ScopeHolds.MAX);
    }

    /** {@code sendmmsg(2)}, retried on EINTR. @return messages sent, or -1 for EAGAIN */
    public static int sendmmsg(int fd, MemorySegment msgvec, int vlen, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) SENDMMSG.invokeExact(st, fd, msgvec, vlen, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("sendmmsg", r, st, null);
    }

    /** {@code recvmmsg(2)} without a timeout, retried on EINTR. @return messages received, or -1 for EAGAIN */
    public static int recvmmsg(int fd, MemorySegment msgvec, int vlen, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) RECVMMSG.invokeExact(st, fd, msgvec, vlen, flags, MemorySegment.NULL);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("recvmmsg", r, st, null);
    }

    /**
     * {@code sendfile(2)}, retried on EINTR.
     *
     * @param offset an {@code off_t} the kernel reads and advances, or NULL to use the file's position
     * @return bytes sent, or -1 for EAGAIN
     */
    public static long sendfile(int outFd, int inFd, MemorySegment offset, long count) throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) SENDFILE.invokeExact(st, outFd, inFd, offset, count);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock("sendfile", r, st, null);
    }

    /** {@code pthread_self(3)}, which cannot fail. @return the calling thread's {@code pthread_t} */
    public static long pthread_self() {
        try {
            return (long) PTHREAD_SELF.invokeExact(Scratch.get().callState);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /**
     * {@code pthread_kill(3)}, which reports failure by its result, not errno.
     *
     * @return 0, or the error number ({@code ESRCH}, {@code EINVAL})
     */
    public static int pthread_kill(long thread, int signal) {
        try {
            return (int) PTHREAD_KILL.invokeExact(Scratch.get().callState, thread, signal);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /** {@code sigaction(2)}: installs {@code act} unless it is NULL, and stores the old action in {@code oldact}. */
    public static void sigaction(int signal, MemorySegment act, MemorySegment oldact) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) SIGACTION.invokeExact(st, signal, act, oldact);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("sigaction", r, st);
    }

    /**
     * {@code dup3(2)}, retried on EINTR: makes {@code newFd} refer to {@code oldFd}'s open file, closing what it
     * referred to before, in one atomic step that never leaves the number free.
     */
    public static void dup3(int oldFd, int newFd, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) DUP3.invokeExact(st, oldFd, newFd, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        NativeCall.check("dup3", r, st);
    }

    /** {@code readv(2)}, retried on EINTR. @return bytes read (0 is end of stream), or -1 for EAGAIN */
    public static long readv(int fd, MemorySegment iov, int iovcnt) throws IOException {
        return vector(READV, "readv", fd, iov, iovcnt);
    }

    /** {@code writev(2)}, retried on EINTR. @return bytes written, or -1 for EAGAIN */
    public static long writev(int fd, MemorySegment iov, int iovcnt) throws IOException {
        return vector(WRITEV, "writev", fd, iov, iovcnt);
    }

    private static long vector(MethodHandle handle, String call, int fd, MemorySegment iov, int iovcnt)
            throws IOException {
        MemorySegment st = Scratch.get().callState;
        long r;
        do {
            try {
                r = (long) handle.invokeExact(st, fd, iov, iovcnt);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.checkWouldBlock(call, r, st, null);
    }

    /** {@code pipe2(2)}: the read end, then the write end, are written to {@code fds} (two ints). */
    public static void pipe2(MemorySegment fds, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) PIPE2.invokeExact(st, fds, flags);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        NativeCall.check("pipe2", r, st);
    }

    /** {@code dup(2)}: the lowest free number for {@code fd}'s open file, without {@code FD_CLOEXEC}. @return it */
    public static int dup(int fd) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) DUP.invokeExact(st, fd);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("dup", r, st);
    }

    /**
     * {@code dup2(2)}, retried on EINTR: makes {@code newFd} refer to {@code oldFd}'s open file, closing what it
     * referred to before, atomically. @return {@code newFd}
     */
    public static int dup2(int oldFd, int newFd) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) DUP2.invokeExact(st, oldFd, newFd);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.check("dup2", r, st);
    }

    /**
     * {@code ioctl(fd, request, argp)} for a request whose argument is a pointer (or ignored). The caller has
     * made sure {@code argp} holds what the request reads and writes. @return what the request returns
     */
    public static int ioctl(int fd, long request, MemorySegment argp) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) IOCTL_POINTER.invokeExact(st, fd, request, argp);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        return NativeCall.check("ioctl", r, st);
    }

    /** {@code unlink(2)}; {@code detail} (the path) is named in the exception. */
    public static void unlink(MemorySegment path, Object detail) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) UNLINK.invokeExact(st, path);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r == -1) {
            throw NativeCall.fail("unlink", st, detail);
        }
    }

    /** {@code fcntl(fd, F_DUPFD_CLOEXEC, 0)}: C's {@code dup}, but the copy has FD_CLOEXEC. @return the new descriptor */
    public static int dupCloexec(int fd) throws IOException {
        return fcntl(fd, SocketConstants.F_DUPFD_CLOEXEC, 0);
    }

    /** {@code open(2)} without a mode (no O_CREAT), retried on EINTR. @return the descriptor */
    public static int open(MemorySegment path, int flags) throws IOException {
        MemorySegment st = Scratch.get().callState;
        int r;
        do {
            try {
                r = (int) OPEN.invokeExact(st, path, flags);
            } catch (Throwable t) {
                throw NativeCall.unexpected(t);
            }
        } while (r == -1 && NativeCall.interrupted(st));
        return NativeCall.check("open", r, st);
    }

    /** {@code strerrorname_np(3)}: the errno's symbolic name, or {@code "errno <n>"} for an unknown value. */
    public static String errnoName(int errno) {
        MemorySegment r = cString(STRERRORNAME_NP, errno);
        return r == null ? "errno " + errno : r.getString(0);
    }

    /** {@code strerrordesc_np(3)}: the errno's text, or {@code "Unknown error <n>"}. */
    public static String errnoDescription(int errno) {
        MemorySegment r = cString(STRERRORDESC_NP, errno);
        return r == null ? "Unknown error " + errno : r.getString(0);
    }

    private static MemorySegment cString(MethodHandle handle, int errno) {
        MemorySegment r;
        try {
            r = (MemorySegment) handle.invokeExact(Scratch.get().callState, errno);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        // Each of these returns a pointer into glibc's static tables: read up to the NUL, never freed.
        return r.equals(MemorySegment.NULL) ? null : r.reinterpret(256);
    }

    private static final int EINTR = Errno.EINTR;

    // ---------------------------------------------------------------------------------------------------------
    // netdb.h: name resolution. getaddrinfo and getnameinfo return 0 or an EAI code, not -1 and errno.

    private static final MethodHandle GETADDRINFO = NativeCall.downcall("getaddrinfo");
    private static final MethodHandle FREEADDRINFO = NativeCall.downcall("freeaddrinfo");
    private static final MethodHandle GETNAMEINFO = NativeCall.downcall("getnameinfo");
    private static final MethodHandle GAI_STRERROR = NativeCall.downcall("gai_strerror");

    /**
     * {@code getaddrinfo(3)}: on success the list's head is written to {@code res}, and the caller owes it a
     * {@link #freeaddrinfo}; on failure nothing is written and nothing is owed. Not retried: {@code EAI_AGAIN}
     * is the resolver's verdict, for the caller to weigh.
     *
     * @param node the host as a C string, or {@code NULL}
     * @param service the service as a C string, or {@code NULL}
     * @param hints a {@code struct addrinfo}, or {@code NULL}
     * @param res a pointer-sized out-parameter
     * @param detail what was asked, named in the exception
     * @throws ResolverException for any EAI code
     */
    public static void getaddrinfo(MemorySegment node, MemorySegment service, MemorySegment hints, MemorySegment res,
                                   Object detail) throws ResolverException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) GETADDRINFO.invokeExact(st, node, service, hints, res);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r != 0) {
            throw NativeCall.failEai("getaddrinfo", r, st, detail);
        }
    }

    /** {@code freeaddrinfo(3)}: releases a list {@link #getaddrinfo} returned. It cannot fail. */
    public static void freeaddrinfo(MemorySegment res) {
        try {
            FREEADDRINFO.invokeExact(Scratch.get().callState, res);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
    }

    /**
     * {@code getnameinfo(3)}: writes NUL-terminated host and service texts into the buffers given.
     *
     * @param detail the address, named in the exception
     * @throws ResolverException for any EAI code
     */
    public static void getnameinfo(MemorySegment sa, int salen, MemorySegment host, int hostlen,
                                   MemorySegment serv, int servlen, int flags, Object detail)
            throws ResolverException {
        MemorySegment st = Scratch.get().callState;
        int r;
        try {
            r = (int) GETNAMEINFO.invokeExact(st, sa, salen, host, hostlen, serv, servlen, flags);
        } catch (Throwable t) {
            throw NativeCall.unexpected(t);
        }
        if (r != 0) {
            throw NativeCall.failEai("getnameinfo", r, st, detail);
        }
    }

    /** {@code gai_strerror(3)}: the text for an EAI code; glibc answers {@code "Unknown error"} for others. */
    public static String gai_strerror(int eai) {
        MemorySegment r = cString(GAI_STRERROR, eai);
        return r == null ? "Unknown error " + eai : r.getString(0);
    }
}
