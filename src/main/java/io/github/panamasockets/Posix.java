package io.github.panamasockets;

import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.NativeCall;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The raw socket calls on descriptor numbers, as C makes them, with errno captured: what the generated
 * bindings in {@code io.github.panamasockets.bindings.linux.x86_64.sockets_h} do, except that a failure is an
 * exception naming the errno instead of a bare {@code -1}.
 *
 * <p>The generated functions cannot tell you errno: by the time Java code could ask for it, the JVM has run C
 * code of its own on the thread and errno may have changed. These methods make the same C call through a
 * handle that copies errno as the call returns (see {@link PosixError}), so that
 *
 * {@snippet :
 * int fd = Posix.socket(AF_INET, SOCK_STREAM, 0);
 * try (Arena arena = Arena.ofConfined()) {
 *     SockaddrIn sa = SockaddrIn.allocate(arena);
 *     sa.sin_family(AF_INET);
 *     sa.sin_port(htons(9));
 *     sa.s_addr(htonl(INADDR_LOOPBACK));
 *     Posix.connect(fd, sa.segment(), sa.length());  // C: if (connect(...) == -1) perror("connect");
 * } catch (ConnectException e) {                     // connect: ECONNREFUSED (111) Connection refused [127.0.0.1:9]
 *     ...
 * } finally {
 *     Posix.close(fd);
 * }
 * }
 *
 * <p>is the C program's error handling, call for call. Each method returns what the C function returns on
 * success; where C returns {@code -1} it throws the exception the rest of the library throws for that errno
 * (a {@link java.net.ConnectException} for {@code ECONNREFUSED}, a {@link PosixTimeoutException} for
 * {@code EAGAIN} on a non-blocking socket, ...). {@code EINTR} is retried as everywhere in the library, except
 * by {@code close} and {@code connect}, where C's rules forbid calling again.
 *
 * <p>Unlike {@link PosixSocket}, nothing is added or hidden: no {@code SOCK_CLOEXEC}, no
 * {@code MSG_NOSIGNAL}, no waiting strategy, and the descriptors are plain numbers that only
 * {@link #close(int)} releases. Memory must be native (from an {@link java.lang.foreign.Arena}); lengths are
 * checked against the segments before the call, so the kernel never reads or writes past a segment's end.
 */
public final class Posix {
    private Posix() {}

    /**
     * {@code socket(2)}.
     *
     * @param domain {@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}, ...
     * @param type {@code SOCK_STREAM}, {@code SOCK_DGRAM}, ..., with {@code SOCK_NONBLOCK}/{@code SOCK_CLOEXEC}
     * @param protocol 0 for the type's default
     * @return the new descriptor
     * @throws IOException {@code EAFNOSUPPORT}, {@code EPROTONOSUPPORT}, {@code EMFILE}, ...
     */
    public static int socket(int domain, int type, int protocol) throws IOException {
        return Libc.socket(domain, type, protocol);
    }

    /**
     * {@code bind(2)}.
     *
     * @param fd the socket
     * @param addr a {@code struct sockaddr_*} in native memory
     * @param addrlen its length, at most {@code addr.byteSize()}
     * @return 0
     * @throws IOException a {@link java.net.BindException} for {@code EADDRINUSE}, others as C
     */
    public static int bind(int fd, MemorySegment addr, int addrlen) throws IOException {
        checkLength("bind", addr, addrlen);
        Libc.bind(fd, addr, addrlen, new Address(addr, addrlen));
        return 0;
    }

    /**
     * {@code listen(2)}.
     *
     * @param fd the socket
     * @param backlog the queue of pending connections
     * @return 0
     * @throws IOException as C's {@code listen} fails
     */
    public static int listen(int fd, int backlog) throws IOException {
        Libc.listen(fd, backlog);
        return 0;
    }

    /**
     * {@code accept(2)}: made as {@code accept4(fd, addr, addrlen, 0)}, as glibc does, so the call is named
     * {@code accept4} in exceptions and traces.
     *
     * @param fd the listening socket
     * @param addr receives the peer's address, or {@code NULL}
     * @param addrlen a {@code socklen_t}: the room in {@code addr} before, the address's length after; or
     *                {@code NULL}
     * @return the connected socket's descriptor
     * @throws IOException as C's {@code accept} fails; {@link PosixTimeoutException} for {@code EAGAIN}
     */
    public static int accept(int fd, MemorySegment addr, MemorySegment addrlen) throws IOException {
        return accept4(fd, addr, addrlen, 0);
    }

    /**
     * {@code accept4(2)}.
     *
     * @param fd the listening socket
     * @param addr receives the peer's address, or {@code NULL}
     * @param addrlen room in, length out, as for {@link #accept}; or {@code NULL}
     * @param flags 0, {@code SOCK_NONBLOCK}, {@code SOCK_CLOEXEC}
     * @return the connected socket's descriptor
     * @throws IOException as C's {@code accept4} fails; {@link PosixTimeoutException} for {@code EAGAIN}
     */
    public static int accept4(int fd, MemorySegment addr, MemorySegment addrlen, int flags) throws IOException {
        checkLengthPointer("accept4", addr, addrlen);
        int r = Libc.accept4(fd, addr, addrlen, flags);
        if (r == -1) {
            throw NativeCall.failLast("accept4", null); // EAGAIN, which the wrapper returns rather than throws
        }
        return r;
    }

    /**
     * {@code connect(2)}.
     *
     * @param fd the socket
     * @param addr the peer's {@code struct sockaddr_*} in native memory
     * @param addrlen its length, at most {@code addr.byteSize()}
     * @return 0
     * @throws IOException a {@link java.net.ConnectException} for {@code ECONNREFUSED}; {@code EINPROGRESS} on a
     *         non-blocking socket, {@code EINTR}, and {@code EAGAIN} (a Unix listener's full backlog, non-blocking) as
     *         exceptions, as C reports them
     */
    public static int connect(int fd, MemorySegment addr, int addrlen) throws IOException {
        checkLength("connect", addr, addrlen);
        Address detail = new Address(addr, addrlen);
        if (Libc.connect(fd, addr, addrlen, detail) != 0) {
            throw NativeCall.failLast("connect", detail); // EINPROGRESS, EINTR or EAGAIN, as C reports them
        }
        return 0;
    }

    /**
     * {@code send(2)}.
     *
     * @param fd the socket
     * @param buf the data, native memory
     * @param len how many bytes, at most {@code buf.byteSize()}
     * @param flags {@code MSG_DONTWAIT}, {@code MSG_NOSIGNAL}, {@code MSG_MORE}, ...
     * @return the bytes sent
     * @throws IOException {@code EPIPE}, {@code ECONNRESET}, {@link PosixTimeoutException} for {@code EAGAIN}, ...
     */
    public static long send(int fd, MemorySegment buf, long len, int flags) throws IOException {
        checkLength("send", buf, len);
        long r = Libc.send(fd, buf, len, flags);
        if (r == -1) {
            throw NativeCall.failLast("send", null);
        }
        return r;
    }

    /**
     * {@code recv(2)}.
     *
     * @param fd the socket
     * @param buf where the data goes, native and writable
     * @param len room for at most this many bytes, at most {@code buf.byteSize()}
     * @param flags {@code MSG_PEEK}, {@code MSG_WAITALL}, {@code MSG_DONTWAIT}, ...
     * @return the bytes received; 0 at end of stream
     * @throws IOException {@code ECONNRESET}, {@link PosixTimeoutException} for {@code EAGAIN}, ...
     */
    public static long recv(int fd, MemorySegment buf, long len, int flags) throws IOException {
        checkWritable("recv", buf);
        checkLength("recv", buf, len);
        long r = Libc.recv(fd, buf, len, flags);
        if (r == -1) {
            throw NativeCall.failLast("recv", null);
        }
        return r;
    }

    /**
     * {@code shutdown(2)}.
     *
     * @param fd the socket
     * @param how {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}
     * @return 0
     * @throws IOException {@code ENOTCONN}, ...
     */
    public static int shutdown(int fd, int how) throws IOException {
        Libc.shutdown(fd, how);
        return 0;
    }

    /**
     * {@code close(2)}. Not retried on {@code EINTR}: Linux has released the descriptor by then, and a second
     * close could close another thread's new file; {@code EINTR} is therefore not reported either.
     *
     * @param fd the descriptor
     * @return 0
     * @throws IOException {@code EBADF}, {@code EIO}, ...
     */
    public static int close(int fd) throws IOException {
        Libc.close(fd);
        return 0;
    }

    /**
     * {@code getsockname(2)}.
     *
     * @param fd the socket
     * @param addr receives the local address
     * @param addrlen a {@code socklen_t}: the room in {@code addr} before, the address's length after
     * @return 0
     * @throws IOException as C's {@code getsockname} fails
     */
    public static int getsockname(int fd, MemorySegment addr, MemorySegment addrlen) throws IOException {
        checkLengthPointer("getsockname", addr, addrlen);
        Libc.getsockname(fd, addr, addrlen);
        return 0;
    }

    /**
     * {@code setsockopt(2)}.
     *
     * @param fd the socket
     * @param level {@code SOL_SOCKET}, {@code IPPROTO_TCP}, ...
     * @param optname the option
     * @param optval the value, native memory
     * @param optlen its length, at most {@code optval.byteSize()}
     * @return 0
     * @throws IOException {@code ENOPROTOOPT}, {@code EINVAL}, ...
     */
    public static int setsockopt(int fd, int level, int optname, MemorySegment optval, int optlen)
            throws IOException {
        checkLength("setsockopt", optval, optlen);
        Libc.setsockopt(fd, level, optname, optval, optlen);
        return 0;
    }

    /**
     * {@code getsockopt(2)}.
     *
     * @param fd the socket
     * @param level {@code SOL_SOCKET}, {@code IPPROTO_TCP}, ...
     * @param optname the option
     * @param optval receives the value
     * @param optlen a {@code socklen_t}: the room in {@code optval} before, the value's length after
     * @return 0
     * @throws IOException {@code ENOPROTOOPT}, ...
     */
    public static int getsockopt(int fd, int level, int optname, MemorySegment optval, MemorySegment optlen)
            throws IOException {
        checkLengthPointer("getsockopt", optval, optlen);
        Libc.getsockopt(fd, level, optname, optval, optlen);
        return 0;
    }

    // -- checks that keep the kernel inside the memory it is given

    private static void checkLength(String call, MemorySegment memory, long length) {
        if (length < 0 || length > memory.byteSize()) {
            throw new IndexOutOfBoundsException(call + ": length " + length + " does not fit the "
                    + memory.byteSize() + " bytes given");
        }
    }

    /** An in/out {@code socklen_t *}: the kernel writes up to its value into {@code memory}. */
    private static void checkLengthPointer(String call, MemorySegment memory, MemorySegment lengthPointer) {
        if (lengthPointer.equals(MemorySegment.NULL)) {
            return; // the kernel writes nothing without a length (or fails with EFAULT when memory is given)
        }
        if (lengthPointer.byteSize() < Integer.BYTES) {
            throw new IndexOutOfBoundsException(call + ": the length pointer needs 4 bytes, has "
                    + lengthPointer.byteSize());
        }
        checkWritable(call, lengthPointer);
        if (!memory.equals(MemorySegment.NULL)) {
            checkWritable(call, memory);
            checkLength(call, memory, lengthPointer.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        }
    }

    private static void checkWritable(String call, MemorySegment memory) {
        if (memory.isReadOnly()) {
            throw new IllegalArgumentException(call + ": the segment is read-only");
        }
    }

    /** An address the call was given, turned into text only if the call fails. */
    private record Address(MemorySegment addr, int length) {
        @Override
        public String toString() {
            try {
                return SockAddr.decode(addr, length).toString();
            } catch (RuntimeException e) {
                return length + "-byte address";
            }
        }
    }
}
