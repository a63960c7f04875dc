package io.github.panamasockets;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.NativeCall;
import io.github.panamasockets.internal.Scratch;
import io.github.panamasockets.internal.Structs;
import java.io.IOException;
import java.lang.foreign.Arena;
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
 * Memory reached only through pointers stored inside structures ({@code readv}'s {@code iovec}s, everything a
 * {@code msghdr} points at) is, as in C, the caller's to keep allocated for the call.
 *
 * <p>The calls on descriptors cover a C socket program: {@code socket}, {@code socketpair}, {@code bind},
 * {@code listen}, {@code accept}/{@code accept4}, {@code connect}, {@code getsockname}, {@code getpeername},
 * {@code send}/{@code recv}, {@code sendto}/{@code recvfrom}, {@code sendmsg}/{@code recvmsg},
 * {@code read}/{@code write}, {@code readv}/{@code writev}, {@code getsockopt}/{@code setsockopt},
 * {@code shutdown}, {@code close}, and around them {@code pipe}/{@code pipe2}, {@code dup}/{@code dup2}/{@code dup3},
 * {@code fcntl}, {@code ioctl} ({@code FIONREAD}, {@code SIOCOUTQ}, ...), {@code poll} and {@code unlink}.
 *
 * <p>Blocking calls block as in C: they enter the kernel and stay there until it answers (a virtual thread keeps
 * its carrier meanwhile). A number is the caller's to manage, as in C: a call on a number that was closed, or
 * that the kernel has given to another file since, reaches that file. So numbers of this library's own objects
 * ({@link PosixSocket#fileno()}, {@link OwnedFd#fileno()}) are for calls made while the object is open; its
 * {@code close} is not coordinated with calls made here, and {@code dup2} or {@code close} here on such a number
 * changes what the object refers to. The objects themselves never touch a number after they are closed.
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
        return orFailLast("send", Libc.send(fd, buf, len, flags));
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
        return orFailLast("recv", Libc.recv(fd, buf, len, flags));
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

    /**
     * {@code read(2)}: on any descriptor — a socket, a pipe, a file received with {@code SCM_RIGHTS}.
     *
     * @param fd the descriptor
     * @param buf where the data goes, native and writable
     * @param count room for at most this many bytes, at most {@code buf.byteSize()}
     * @return the bytes read; 0 at end of file
     * @throws IOException {@code EBADF}, {@code EISDIR}, {@link PosixTimeoutException} for {@code EAGAIN}, ...
     */
    public static long read(int fd, MemorySegment buf, long count) throws IOException {
        checkWritable("read", buf);
        checkLength("read", buf, count);
        return orFailLast("read", Libc.read(fd, buf, count));
    }

    /**
     * {@code write(2)}: on any descriptor. On a socket whose peer has gone it fails with {@code EPIPE}: the JVM
     * ignores {@code SIGPIPE}, so no signal ends the program as it would a C program's.
     *
     * @param fd the descriptor
     * @param buf the data, native memory
     * @param count how many bytes, at most {@code buf.byteSize()}
     * @return the bytes written, which may be fewer than {@code count}, as in C
     * @throws IOException {@code EPIPE}, {@code EBADF}, {@link PosixTimeoutException} for {@code EAGAIN}, ...
     */
    public static long write(int fd, MemorySegment buf, long count) throws IOException {
        checkLength("write", buf, count);
        return orFailLast("write", Libc.write(fd, buf, count));
    }

    /**
     * {@code readv(2)}. The buffers are the ones the {@code iovec}s point at: as in C, they must stay allocated
     * for the call, which reaches them only by address.
     *
     * @param fd the descriptor
     * @param iov {@code iovcnt} {@code struct iovec}s in native memory
     * @param iovcnt how many
     * @return the bytes read; 0 at end of file
     * @throws IOException as C's {@code readv} fails; {@link PosixTimeoutException} for {@code EAGAIN}
     */
    public static long readv(int fd, MemorySegment iov, int iovcnt) throws IOException {
        checkArray("readv", iov, iovcnt, Structs.IOVEC.byteSize());
        return orFailLast("readv", Libc.readv(fd, iov, iovcnt));
    }

    /**
     * {@code writev(2)}, with the buffers as for {@link #readv}.
     *
     * @param fd the descriptor
     * @param iov {@code iovcnt} {@code struct iovec}s in native memory
     * @param iovcnt how many
     * @return the bytes written, which may be fewer than asked, as in C
     * @throws IOException as C's {@code writev} fails; {@link PosixTimeoutException} for {@code EAGAIN}
     */
    public static long writev(int fd, MemorySegment iov, int iovcnt) throws IOException {
        checkArray("writev", iov, iovcnt, Structs.IOVEC.byteSize());
        return orFailLast("writev", Libc.writev(fd, iov, iovcnt));
    }

    /**
     * {@code sendto(2)}.
     *
     * @param fd the socket
     * @param buf the data, native memory
     * @param len how many bytes, at most {@code buf.byteSize()}
     * @param flags {@code MSG_DONTWAIT}, {@code MSG_NOSIGNAL}, ...
     * @param dest_addr the destination's {@code struct sockaddr_*}, or {@code NULL} on a connected socket
     * @param addrlen its length, at most {@code dest_addr.byteSize()} (0 with {@code NULL})
     * @return the bytes sent
     * @throws IOException {@code EMSGSIZE}, {@code ECONNREFUSED} (an earlier datagram's ICMP), {@code EISCONN},
     *         {@link PosixTimeoutException} for {@code EAGAIN}, ...
     */
    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment dest_addr, int addrlen)
            throws IOException {
        checkLength("sendto", buf, len);
        checkLength("sendto", dest_addr, addrlen);
        Address detail = dest_addr.equals(MemorySegment.NULL) ? null : new Address(dest_addr, addrlen);
        long r = Libc.sendto(fd, buf, len, flags, dest_addr, addrlen, detail);
        if (r == -1) {
            throw NativeCall.failLast("sendto", detail);
        }
        return r;
    }

    /**
     * {@code recvfrom(2)}.
     *
     * @param fd the socket
     * @param buf where the data goes, native and writable
     * @param len room for at most this many bytes, at most {@code buf.byteSize()}
     * @param flags {@code MSG_PEEK}, {@code MSG_TRUNC}, {@code MSG_DONTWAIT}, ...
     * @param src_addr receives the sender's address, or {@code NULL}
     * @param addrlen a {@code socklen_t}: the room in {@code src_addr} before, the address's length after; or
     *                {@code NULL}
     * @return the bytes received (with {@code MSG_TRUNC}, the datagram's real length); 0 at end of stream or for
     *         an empty datagram
     * @throws IOException as C's {@code recvfrom} fails; {@link PosixTimeoutException} for {@code EAGAIN}
     */
    public static long recvfrom(int fd, MemorySegment buf, long len, int flags, MemorySegment src_addr,
                                MemorySegment addrlen) throws IOException {
        checkWritable("recvfrom", buf);
        checkLength("recvfrom", buf, len);
        checkLengthPointer("recvfrom", src_addr, addrlen);
        return orFailLast("recvfrom", Libc.recvfrom(fd, buf, len, flags, src_addr, addrlen));
    }

    /**
     * {@code sendmsg(2)}. Everything the {@code msghdr} points at — the address, the {@code iovec}s and their
     * buffers, the control data — is reached by address only: as in C, it must stay allocated for the call.
     * ({@link PosixSocket#sendmsg} builds the header itself and holds that memory for the call.)
     *
     * @param fd the socket
     * @param msg a {@code struct msghdr} in native memory
     * @param flags {@code MSG_DONTWAIT}, {@code MSG_NOSIGNAL}, ...
     * @return the bytes sent
     * @throws IOException as C's {@code sendmsg} fails; {@link PosixTimeoutException} for {@code EAGAIN}
     */
    public static long sendmsg(int fd, MemorySegment msg, int flags) throws IOException {
        checkArray("sendmsg", msg, 1, Structs.MSGHDR.byteSize());
        return orFailLast("sendmsg", Libc.sendmsg(fd, msg, flags));
    }

    /**
     * {@code recvmsg(2)}, with the memory the header points at as for {@link #sendmsg}. The kernel writes
     * {@code msg_namelen}, {@code msg_controllen} and {@code msg_flags} back into {@code msg}.
     *
     * @param fd the socket
     * @param msg a {@code struct msghdr} in native, writable memory
     * @param flags {@code MSG_PEEK}, {@code MSG_CMSG_CLOEXEC}, {@code MSG_DONTWAIT}, ...
     * @return the bytes received; 0 at end of stream or for an empty datagram
     * @throws IOException as C's {@code recvmsg} fails; {@link PosixTimeoutException} for {@code EAGAIN}
     */
    public static long recvmsg(int fd, MemorySegment msg, int flags) throws IOException {
        checkWritable("recvmsg", msg);
        checkArray("recvmsg", msg, 1, Structs.MSGHDR.byteSize());
        return orFailLast("recvmsg", Libc.recvmsg(fd, msg, flags));
    }

    /**
     * {@code getpeername(2)}.
     *
     * @param fd the socket
     * @param addr receives the peer's address
     * @param addrlen a {@code socklen_t}: the room in {@code addr} before, the address's length after
     * @return 0
     * @throws IOException {@code ENOTCONN}, ...
     */
    public static int getpeername(int fd, MemorySegment addr, MemorySegment addrlen) throws IOException {
        checkLengthPointer("getpeername", addr, addrlen);
        Libc.getpeername(fd, addr, addrlen);
        return 0;
    }

    /**
     * {@code socketpair(2)}: two connected sockets, written to {@code sv[0]} and {@code sv[1]} as C writes its
     * {@code int sv[2]}.
     *
     * @param domain {@code AF_UNIX}
     * @param type {@code SOCK_STREAM}, {@code SOCK_DGRAM}, {@code SOCK_SEQPACKET}, with {@code SOCK_NONBLOCK}/{@code SOCK_CLOEXEC}
     * @param protocol 0
     * @param sv an array of at least 2, which receives the descriptors
     * @return 0
     * @throws IOException {@code EAFNOSUPPORT}, {@code EOPNOTSUPP}, {@code EMFILE}, ...
     */
    public static int socketpair(int domain, int type, int protocol, int[] sv) throws IOException {
        checkPair("socketpair", sv);
        MemorySegment pair = Scratch.get().fdPair;
        Libc.socketpair(domain, type, protocol, pair);
        copyPair(pair, sv);
        return 0;
    }

    /**
     * {@code pipe(2)}: made as {@code pipe2(pipefd, 0)}, as glibc does, so the call is named {@code pipe2} in
     * exceptions and traces.
     *
     * @param pipefd an array of at least 2: the read end goes to {@code pipefd[0]}, the write end to {@code pipefd[1]}
     * @return 0
     * @throws IOException {@code EMFILE}, {@code ENFILE}
     */
    public static int pipe(int[] pipefd) throws IOException {
        return pipe2(pipefd, 0);
    }

    /**
     * {@code pipe2(2)}.
     *
     * @param pipefd an array of at least 2: the read end goes to {@code pipefd[0]}, the write end to {@code pipefd[1]}
     * @param flags 0, {@code O_CLOEXEC}, {@code O_NONBLOCK}
     * @return 0
     * @throws IOException {@code EINVAL}, {@code EMFILE}, {@code ENFILE}
     */
    public static int pipe2(int[] pipefd, int flags) throws IOException {
        checkPair("pipe2", pipefd);
        MemorySegment pair = Scratch.get().fdPair;
        Libc.pipe2(pair, flags);
        copyPair(pair, pipefd);
        return 0;
    }

    /**
     * {@code dup(2)}: a second descriptor for {@code oldfd}'s open file, the lowest number free, without
     * {@code FD_CLOEXEC}, as in C.
     *
     * @param oldfd the descriptor
     * @return the new one
     * @throws IOException {@code EBADF}, {@code EMFILE}
     */
    public static int dup(int oldfd) throws IOException {
        return Libc.dup(oldfd);
    }

    /**
     * {@code dup2(2)}: makes {@code newfd} a descriptor for {@code oldfd}'s open file, closing what {@code newfd}
     * was first, in one atomic step. As in C, {@code newfd} may be any number, also one that a {@link PosixSocket}
     * or {@link OwnedFd} of this program owns: that object then refers to the new file. Point {@code newfd} only at
     * numbers this code made itself.
     *
     * @param oldfd the descriptor to copy
     * @param newfd the number to make refer to it
     * @return {@code newfd}
     * @throws IOException {@code EBADF}, {@code EBUSY}, ...
     */
    public static int dup2(int oldfd, int newfd) throws IOException {
        return Libc.dup2(oldfd, newfd);
    }

    /**
     * {@code dup3(2)}: as {@link #dup2}, with {@code O_CLOEXEC} possible, and {@code EINVAL} when the two are equal.
     *
     * @param oldfd the descriptor to copy
     * @param newfd the number to make refer to it
     * @param flags 0 or {@code O_CLOEXEC}
     * @return {@code newfd}
     * @throws IOException {@code EBADF}, {@code EINVAL}, ...
     */
    public static int dup3(int oldfd, int newfd, int flags) throws IOException {
        Libc.dup3(oldfd, newfd, flags);
        return newfd;
    }

    /**
     * {@code fcntl(2)} for the commands that take no argument: {@code F_GETFL} and {@code F_GETFD}.
     *
     * {@snippet :
     * int flags = Posix.fcntl(fd, F_GETFL);                 // C: int flags = fcntl(fd, F_GETFL);
     * Posix.fcntl(fd, F_SETFL, flags | O_NONBLOCK);         // C: fcntl(fd, F_SETFL, flags | O_NONBLOCK);
     * }
     *
     * @param fd the descriptor
     * @param cmd {@code F_GETFL} or {@code F_GETFD}
     * @return the flags
     * @throws IOException {@code EBADF}, ...
     * @throws IllegalArgumentException for another command: one that takes an argument needs the three-argument
     *         form, and one whose argument is a pointer ({@code F_GETLK}, ...) is not made here, since the kernel
     *         would write through whatever the argument register held
     */
    public static int fcntl(int fd, int cmd) throws IOException {
        if (cmd != SocketConstants.F_GETFL && cmd != SocketConstants.F_GETFD) {
            throw new IllegalArgumentException("fcntl: command " + cmd + " is not F_GETFL or F_GETFD; "
                    + "give the argument with fcntl(fd, cmd, arg)");
        }
        return Libc.fcntl(fd, cmd);
    }

    /**
     * {@code fcntl(2)} for the commands whose argument is an {@code int}: {@code F_SETFL}, {@code F_SETFD},
     * {@code F_DUPFD}, {@code F_DUPFD_CLOEXEC} (and {@code F_GETFL}, {@code F_GETFD}, which ignore it).
     *
     * @param fd the descriptor
     * @param cmd the command
     * @param arg its argument: the new flags, or the lowest number for a duplicate
     * @return what C returns: 0 for the setters, the new descriptor for the {@code F_DUPFD}s, the flags for the getters
     * @throws IOException {@code EBADF}, {@code EINVAL}, {@code EMFILE}, ...
     * @throws IllegalArgumentException for another command (one with a pointer argument is not made here)
     */
    public static int fcntl(int fd, int cmd, int arg) throws IOException {
        if (cmd != SocketConstants.F_GETFL && cmd != SocketConstants.F_SETFL && cmd != SocketConstants.F_GETFD
                && cmd != SocketConstants.F_SETFD && cmd != SocketConstants.F_DUPFD
                && cmd != SocketConstants.F_DUPFD_CLOEXEC) {
            throw new IllegalArgumentException("fcntl: command " + cmd + " does not take an int argument here; "
                    + "F_GETFL, F_SETFL, F_GETFD, F_SETFD, F_DUPFD and F_DUPFD_CLOEXEC do");
        }
        return Libc.fcntl(fd, cmd, arg);
    }

    /**
     * {@code ioctl(2)} for the requests on a socket or pipe whose argument is one {@code int}: {@code FIONREAD}
     * ({@code SIOCINQ}: the bytes waiting to be read), {@code SIOCOUTQ} ({@code TIOCOUTQ}: the bytes in the send
     * queue), {@code FIONBIO} (sets non-blocking mode from {@code *argp}); and {@code FIOCLEX}/{@code FIONCLEX},
     * which ignore it.
     *
     * {@snippet :
     * MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);   // C: int n;
     * Posix.ioctl(fd, FIONREAD, n);                             // C: ioctl(fd, FIONREAD, &n);
     * int waiting = n.get(ValueLayout.JAVA_INT, 0);
     * }
     *
     * @param fd the descriptor
     * @param request the request
     * @param argp an {@code int} in native memory ({@code NULL} allowed for {@code FIOCLEX}/{@code FIONCLEX})
     * @return 0
     * @throws IOException {@code ENOTTY}, {@code EINVAL} (a listening socket), {@code EBADF}, ...
     * @throws IllegalArgumentException for another request: the size of its argument is not known here, and the
     *         kernel could write past {@code argp}; call the generated {@code sockets_h.ioctl} for it
     */
    public static int ioctl(int fd, long request, MemorySegment argp) throws IOException {
        if (request == SocketConstants.FIOCLEX || request == SocketConstants.FIONCLEX) {
            return Libc.ioctl(fd, request, MemorySegment.NULL);
        }
        if (request != SocketConstants.FIONREAD && request != SocketConstants.SIOCOUTQ
                && request != SocketConstants.FIONBIO) {
            throw new IllegalArgumentException("ioctl: request 0x" + Long.toHexString(request) + " has an argument"
                    + " of a size not known here; FIONREAD, SIOCOUTQ, FIONBIO, FIOCLEX and FIONCLEX are made");
        }
        checkWritable("ioctl", argp);
        checkLength("ioctl", argp, Integer.BYTES);
        return Libc.ioctl(fd, request, argp);
    }

    /**
     * {@code poll(2)}. Retried on {@code EINTR} with the same timeout, as everywhere in the library.
     *
     * @param fds {@code nfds} {@code struct pollfd}s in native, writable memory; the kernel writes {@code revents}
     * @param nfds how many
     * @param timeout milliseconds; -1 waits without end, 0 returns at once
     * @return how many descriptors have events; 0 when the timeout expired
     * @throws IOException {@code EINVAL}, {@code ENOMEM}, ...
     */
    public static int poll(MemorySegment fds, long nfds, int timeout) throws IOException {
        checkWritable("poll", fds);
        checkArray("poll", fds, nfds, Structs.POLLFD.byteSize());
        return Libc.poll(fds, nfds, timeout);
    }

    /**
     * {@code unlink(2)}: removes a name from the file system, such as the path a Unix-domain socket was bound to
     * (a C server's {@code unlink(SOCKET_PATH)} before {@code bind}).
     *
     * @param pathname the path
     * @return 0
     * @throws IOException {@code ENOENT}, {@code EACCES}, ...
     * @throws IllegalArgumentException when the path contains a NUL or cannot be encoded
     */
    public static int unlink(String pathname) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Libc.unlink(CText.allocate("unlink", "the path", pathname, arena), CText.quote(pathname));
        }
        return 0;
    }

    // -- checks that keep the kernel inside the memory it is given

    /** A result of a wrapper that returns -1 for EAGAIN: C's {@code -1}, thrown as every other failure is. */
    private static long orFailLast(String call, long result) throws IOException {
        if (result == -1) {
            throw NativeCall.failLast(call, null);
        }
        return result;
    }

    /** An array of {@code count} structs of {@code size} bytes must fit the memory given. */
    private static void checkArray(String call, MemorySegment memory, long count, long size) {
        if (count < 0 || count > memory.byteSize() / size) {
            throw new IndexOutOfBoundsException(call + ": " + count + " entries of " + size + " bytes do not fit the "
                    + memory.byteSize() + " bytes given");
        }
    }

    private static void checkPair(String call, int[] fds) {
        if (fds.length < 2) {
            throw new IndexOutOfBoundsException(call + ": the array needs room for 2 descriptors, has " + fds.length);
        }
    }

    private static void copyPair(MemorySegment pair, int[] fds) {
        fds[0] = pair.get(ValueLayout.JAVA_INT, 0);
        fds[1] = pair.get(ValueLayout.JAVA_INT, 4);
    }

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
