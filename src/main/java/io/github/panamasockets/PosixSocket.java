package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.MSG_NOSIGNAL;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;

import io.github.panamasockets.SocketCalls.Op;
import io.github.panamasockets.internal.CNames;
import io.github.panamasockets.internal.Cleaners;
import io.github.panamasockets.internal.FdHandle;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.OptionTable;
import io.github.panamasockets.internal.Scratch;
import io.github.panamasockets.internal.Structs;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A socket: one file descriptor, owned by this object, whose methods are the C calls of the same names.
 *
 * {@snippet :
 * try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
 *     s.connect(SockaddrIn.of("127.0.0.1", port));
 *     s.send("hello".getBytes(), 0);
 *     int n = s.recv(buffer, 0);
 * }
 * }
 *
 * <h2>Calls and results</h2>
 * A method that is a C call keeps the C name and argument order, minus the descriptor; what C reports with
 * {@code -1} and errno becomes an exception implementing {@link PosixError}, chosen by errno (see
 * {@link PosixError} for the classes). Byte counts are returned as in C: 0 from {@code recv}/{@code read} is
 * the end of the stream (or an empty datagram), and a stream send may transfer less than it was given.
 * Buffers are {@code byte[]} with offset and length, {@link ByteBuffer}s (heap or direct: the position advances
 * by what was transferred) or {@link MemorySegment}s; bounds are checked in Java before any pointer reaches the
 * kernel. Direct buffers and native segments are passed to the kernel as they are; data on the Java heap is
 * too when the call need not wait (a critical downcall), and otherwise goes through a per-thread native buffer.
 * A reused buffer costs no allocation per call. EINTR is retried for you.
 *
 * <h2>Descriptors</h2>
 * Every descriptor the library creates has {@code SOCK_CLOEXEC}, so no child process inherits it; every
 * {@code send} adds {@code MSG_NOSIGNAL}, so a closed peer gives {@code EPIPE} rather than a signal.
 * {@link #close()} is idempotent. After it, every other method throws {@link SocketClosedException} without
 * touching the descriptor number, which the kernel may already have given to another file. A socket dropped
 * without {@code close} is closed by a {@link Cleaner} once unreachable; a call in progress keeps its socket
 * reachable until it returns.
 *
 * <h2>Blocking, timeouts, non-blocking</h2>
 * Python's three modes ({@link #setTimeout}, {@link #setBlocking}): blocking (the default), a timeout per call
 * ({@link PosixTimeoutException} when it expires, for {@code accept} and {@code connect} too), and non-blocking,
 * where a call that would wait returns {@link #WOULD_BLOCK}, {@code null} ({@code accept}) or {@code false}
 * ({@code connect}) instead of throwing. {@code MSG_DONTWAIT} makes one call non-blocking the same way.
 *
 * <h2>Threads</h2>
 * A socket may be used from several threads at once. Calls are not serialized: as in C, two threads sending
 * on one stream socket may interleave their bytes, and two receiving split the data between them.
 * <ul>
 *   <li><b>Close from any thread.</b> {@link #close()} may be called at any time. Calls in progress keep the
 *       descriptor until they return and the number is released only after the last of them, so it is never
 *       reused under a running call. Every thread blocked on the socket is woken and throws
 *       {@link ClosedWhileBlockedException}, whatever it waits for (its own queue, or a peer's: a full Unix
 *       datagram receiver, a full Unix backlog) and whether or not the socket is shared (after
 *       {@link #fileno()}, {@link #dup()}, {@link #fromfd}, or passed with {@code SCM_RIGHTS}, before or during
 *       the wait): the descriptor is pointed at a dead socket and the waiting threads are signalled, as the
 *       JDK's NIO does, and {@code close()} returns once they have left the kernel, so nothing is sent or
 *       received after it returns. Other holders of a shared socket see nothing: it is never shut down.</li>
 *   <li><b>Interrupts.</b> A thread interrupted while it waits — platform or virtual — closes the socket and
 *       gets {@link java.nio.channels.ClosedByInterruptException}, as with the JDK's channels. A call that
 *       does not have to wait is not affected.</li>
 *   <li><b>Virtual threads</b> never block their carrier: a call that finds nothing to do parks the virtual
 *       thread until an epoll-based poller sees the socket ready. Platform threads in blocking mode wait inside
 *       the kernel call itself, the quickest wake-up there is. {@code SO_RCVTIMEO} and {@code SO_SNDTIMEO}
 *       bound every wait, on every kind of thread, as they bound the kernel's.</li>
 * </ul>
 */
public final class PosixSocket implements Closeable, DescriptorOwner {
    /**
     * What a data call returns, instead of throwing, when it would have to wait and may not: in non-blocking
     * mode ({@link #setBlocking(boolean) setBlocking(false)}) or with {@code MSG_DONTWAIT}. C returns -1 with
     * errno {@code EAGAIN} there; no exception is made and nothing is allocated.
     */
    public static final int WOULD_BLOCK = -1;

    private final FdHandle handle;
    /** How every call on the descriptor starts, waits and ends, and the blocking mode and timeout it follows. */
    private final SocketCalls calls;
    private final Cleaner.Cleanable cleanable;
    private final int domain;
    private final int type;
    private final int protocol;

    private PosixSocket(int fd, int domain, int type, int protocol, boolean shared) {
        this.handle = new FdHandle(fd, shared);
        this.cleanable = Cleaners.CLEANER.register(this, handle);
        this.domain = domain;
        this.type = type & ~(SOCK_CLOEXEC | SOCK_NONBLOCK);
        this.protocol = protocol;
        this.calls = new SocketCalls(handle, this.type != SocketConstants.SOCK_STREAM, (type & SOCK_NONBLOCK) != 0, this::close);
        // Options of a socket from elsewhere are unknown: read SO_RCVTIMEO/SO_SNDTIMEO before a wait for readiness.
        this.calls.kernelTimeoutsMaybeSet = shared;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Creating sockets

    /**
     * {@code socket(2)}: a new socket of any domain, type and protocol. {@code SOCK_CLOEXEC} is always added;
     * {@code SOCK_NONBLOCK} may be given in {@code type}.
     *
     * @param domain {@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}, or any other family the kernel has
     * @param type {@code SOCK_STREAM}, {@code SOCK_DGRAM}, {@code SOCK_SEQPACKET}, {@code SOCK_RAW}, ...
     * @param protocol 0 for the type's default, or {@code IPPROTO_TCP}, {@code IPPROTO_UDP}, ...
     * @return the socket
     * @throws IOException {@code EAFNOSUPPORT}, {@code EPROTONOSUPPORT}, {@code EMFILE}, ...
     */
    public static PosixSocket socket(int domain, int type, int protocol) throws IOException {
        int fd = Libc.socket(domain, type | SOCK_CLOEXEC, protocol);
        return new PosixSocket(fd, domain, type, protocol, false);
    }

    /**
     * {@code socketpair(2)}: two connected sockets, {@code AF_UNIX} on Linux. {@code SOCK_CLOEXEC} is added.
     *
     * @param domain {@code AF_UNIX}
     * @param type {@code SOCK_STREAM}, {@code SOCK_DGRAM} or {@code SOCK_SEQPACKET}
     * @param protocol 0
     * @return the two ends, C's {@code sv[0]} and {@code sv[1]}
     * @throws IOException as C's {@code socketpair} fails
     */
    public static PosixSocket[] socketpair(int domain, int type, int protocol) throws IOException {
        MemorySegment sv = Scratch.get().fdPair;
        Libc.socketpair(domain, type | SOCK_CLOEXEC, protocol, sv);
        int fd0 = sv.get(ValueLayout.JAVA_INT, 0);
        int fd1 = sv.get(ValueLayout.JAVA_INT, 4);
        return new PosixSocket[] {
            new PosixSocket(fd0, domain, type, protocol, false),
            new PosixSocket(fd1, domain, type, protocol, false)
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Addresses and connections

    /**
     * {@code bind(2)}.
     *
     * @param address the local address
     * @throws IOException {@link PosixBindException} for {@code EADDRINUSE}/{@code EADDRNOTAVAIL}, others as C
     */
    public void bind(SockAddr address) throws IOException {
        try {
            calls.simple("bind", fd -> {
                Libc.bind(fd, address.segment(), address.length(), address);
                return null;
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code bind(2)} with a JDK address. On an {@code AF_INET6} socket an IPv4 address is bound as its
     * IPv4-mapped IPv6 form, as the JDK does.
     *
     * @param address an {@link InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}
     * @throws IOException as {@link #bind(SockAddr)}
     */
    public void bind(SocketAddress address) throws IOException {
        bind(toNative(address));
    }

    /**
     * {@code bind(2)} of a Unix socket file whose permissions are set as part of the bind, with no moment in
     * which another user could connect or send under looser ones, and without touching the process's umask
     * (which other threads share). Connecting to a Unix socket needs write permission on its file, so
     * {@code rw-------} lets only this user (and root) in, {@code rw-rw-rw-} everyone.
     *
     * <p>A stream or seqpacket socket is bound at the path and then given the mode: nobody can connect before
     * {@code listen}, and the kernel checks the mode at each {@code connect}. A datagram socket, which can be
     * sent to as soon as it is bound, is bound in a private directory (mode 0700) beside the path, given the
     * mode there and linked into place atomically; its {@link #getsockname()} then reports that temporary name,
     * which no longer exists. Either way the bind fails with {@code EADDRINUSE} when the path exists already.
     * When a step after the kernel's bind fails, the socket stays bound to a name that has been removed: close
     * it.
     *
     * @param address a path name (not abstract or unnamed)
     * @param permissions the file's mode, such as {@code PosixFilePermissions.fromString("rw-------")}
     * @throws IOException as {@link #bind(SockAddr)}; or as {@code chmod}/{@code link} fail
     * @throws IllegalArgumentException for an abstract or unnamed address, a path that is not valid UTF-8 (which
     *         {@code java.nio.file} cannot name to set its mode), or (datagram) a path too long to leave room in
     *         {@code sun_path} for the temporary directory's 15 bytes
     */
    public void bind(SockaddrUn address, java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions)
            throws IOException {
        UnixSocketFiles.bind(this, address, permissions);
    }

    /**
     * {@code listen(2)}.
     *
     * @param backlog the queue of pending connections; the kernel caps it at {@code somaxconn}
     * @throws IOException as C's {@code listen} fails
     */
    public void listen(int backlog) throws IOException {
        try {
            calls.simple("listen", fd -> {
                Libc.listen(fd, backlog);
                return null;
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code accept(2)}, as {@code accept4(fd, NULL, NULL, SOCK_CLOEXEC)}: waits for a connection.
     *
     * @return the connected socket; {@code null} in non-blocking mode when none is pending
     * @throws IOException as C's {@code accept} fails
     */
    public PosixSocket accept() throws IOException {
        return accept4(null, 0);
    }

    /**
     * {@code accept(2)}, filling in the peer's address.
     *
     * @param peer receives the peer's address and its length; reusable
     * @return the connected socket; {@code null} in non-blocking mode when none is pending
     * @throws IOException as C's {@code accept} fails
     */
    public PosixSocket accept(SockaddrStorage peer) throws IOException {
        return accept4(peer, 0);
    }

    /**
     * {@code accept4(2)}: as {@link #accept(SockaddrStorage)}, with flags for the new descriptor.
     * {@code SOCK_CLOEXEC} is always added.
     *
     * @param peer receives the peer's address, or {@code null}
     * @param flags 0 or {@code SOCK_NONBLOCK}
     * @return the connected socket; {@code null} in non-blocking mode when no connection is pending
     * @throws IOException as C's {@code accept4} fails; {@link PosixTimeoutException} when a timeout expires
     */
    public PosixSocket accept4(SockaddrStorage peer, int flags) throws IOException {
        int accepted;
        try {
            accepted = calls.accept(peer, flags);
        } finally {
            Reference.reachabilityFence(this);
        }
        if (accepted == -1) {
            return null; // nothing pending in non-blocking mode
        }
        PosixSocket socket = new PosixSocket(accepted, domain, type | (flags & SOCK_NONBLOCK), protocol, false);
        // Linux copies the listener's socket options, SO_RCVTIMEO and SO_SNDTIMEO among them, to the new socket.
        socket.calls.kernelTimeoutsMaybeSet = calls.kernelTimeoutsMaybeSet || handle.isShared();
        return socket;
    }

    /**
     * {@code connect(2)}. In blocking mode it returns when connected; with a timeout it throws
     * {@link PosixTimeoutException} when the connection is not made in time; in non-blocking mode it returns
     * {@code false} when the connection is in progress ({@code EINPROGRESS}): wait for the socket to become
     * writable, then {@code getsockopt(SOL_SOCKET, SO_ERROR)} tells the outcome. Interrupted by a signal, it
     * waits for the connection rather than calling {@code connect} again.
     *
     * <p>A shared socket's descriptor keeps the flags it has. When it is blocking, {@code connect} waits inside
     * {@code connect(2)} whatever the mode or timeout (a close or an interrupt still ends it; on a virtual
     * thread it holds the carrier meanwhile). On a non-blocking descriptor it waits for readiness like any other
     * call. A Unix-domain connect to a listener whose backlog is full waits for room, as C's blocking connect
     * does; in non-blocking mode it throws {@code EAGAIN}.
     *
     * @param address the peer
     * @return {@code true} when connected, {@code false} when in progress (non-blocking mode only)
     * @throws IOException {@link PosixConnectException} for {@code ECONNREFUSED},
     *         {@link PosixNoRouteToHostException} for {@code EHOSTUNREACH}/{@code ENETUNREACH},
     *         {@link PosixTimeoutException} for {@code ETIMEDOUT} or an expired timeout, others as C
     */
    public boolean connect(SockAddr address) throws IOException {
        try {
            return calls.connect(address);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code connect(2)} with a JDK address; on an {@code AF_INET6} socket an IPv4 address is used in its
     * IPv4-mapped form.
     *
     * @param address an {@link InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}
     * @return as {@link #connect(SockAddr)}
     * @throws IOException as {@link #connect(SockAddr)}
     */
    public boolean connect(SocketAddress address) throws IOException {
        return connect(toNative(address));
    }

    /**
     * {@code shutdown(2)}: ends reception, transmission or both, for every holder of the socket.
     *
     * @param how {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}
     * @throws IOException {@code ENOTCONN} on a socket that is not connected, others as C
     */
    public void shutdown(int how) throws IOException {
        try {
            calls.simple("shutdown", fd -> {
                Libc.shutdown(fd, how);
                return null;
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code getsockname(2)}: the address this socket is bound to.
     *
     * @return the local address; after binding port 0, it holds the port the kernel chose
     * @throws IOException as C's {@code getsockname} fails
     */
    public SockAddr getsockname() throws IOException {
        return name(false);
    }

    /**
     * {@code getpeername(2)}: the address of the connected peer.
     *
     * @return the peer's address
     * @throws IOException {@code ENOTCONN} when not connected, others as C
     */
    public SockAddr getpeername() throws IOException {
        return name(true);
    }

    /**
     * The address this socket is bound to, as the JDK's type: what {@link java.nio.channels.NetworkChannel#getLocalAddress()}
     * returns for a channel. {@code getsockname(2)} converted with {@link SockAddr#toSocketAddress()}.
     *
     * {@snippet :
     * server.bind(SockaddrIn.of("127.0.0.1", 0));
     * InetSocketAddress local = (InetSocketAddress) server.localAddress();   // 127.0.0.1 and the port chosen
     * }
     *
     * @return an {@link InetSocketAddress} for {@code AF_INET} and {@code AF_INET6} (the wildcard address and
     *         port 0 before a bind, as the kernel reports), a {@link java.net.UnixDomainSocketAddress} for
     *         {@code AF_UNIX} (an empty path when unnamed, as the JDK's channels give it)
     * @throws UnsupportedOperationException for what the JDK cannot express: an abstract Unix name (use
     *         {@link #getsockname()}) or another family
     * @throws IOException as C's {@code getsockname} fails
     */
    public SocketAddress localAddress() throws IOException {
        return getsockname().toSocketAddress();
    }

    /**
     * The address of the connected peer, as the JDK's type: what
     * {@link java.nio.channels.SocketChannel#getRemoteAddress()} returns, {@code null} included.
     * {@code getpeername(2)} converted with {@link SockAddr#toSocketAddress()}.
     *
     * @return an {@link InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}; {@code null} when the
     *         socket is not connected (C's {@code ENOTCONN})
     * @throws UnsupportedOperationException for an abstract Unix name (use {@link #getpeername()}) or another
     *         family
     * @throws IOException as C's {@code getpeername} fails otherwise
     */
    public SocketAddress remoteAddress() throws IOException {
        try {
            return getpeername().toSocketAddress();
        } catch (IOException e) {
            if (e instanceof PosixError error && error.errno() == Errno.ENOTCONN) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The local port, as {@link java.net.Socket#getLocalPort()} gives it: the port this socket is bound to, the
     * one the kernel chose after a bind to port 0.
     *
     * @return the port of an {@code AF_INET} or {@code AF_INET6} socket (0 before a bind, as the kernel reports);
     *         -1 for a family without ports ({@code AF_UNIX}, ...)
     * @throws IOException as C's {@code getsockname} fails
     */
    public int localPort() throws IOException {
        return switch (getsockname()) {
            case SockaddrIn in -> in.port();
            case SockaddrIn6 in6 -> in6.port();
            default -> -1;
        };
    }

    private SockAddr name(boolean peer) throws IOException {
        try {
            return calls.simple(peer ? "getpeername" : "getsockname", fd -> {
                Scratch scratch = Scratch.get();
                MemorySegment len = scratch.intOut;
                len.set(ValueLayout.JAVA_INT, 0, (int) scratch.sockaddr.byteSize());
                if (peer) {
                    Libc.getpeername(fd, scratch.sockaddr, len);
                } else {
                    Libc.getsockname(fd, scratch.sockaddr, len);
                }
                return SockAddr.decode(scratch.sockaddr, Math.min(len.get(ValueLayout.JAVA_INT, 0), (int) scratch.sockaddr.byteSize()));
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data: send, recv, sendto, recvfrom, read, write

    /**
     * {@code send(2)} from part of an array.
     *
     * @param buf the data
     * @param off where it starts in {@code buf}
     * @param len how many bytes
     * @param flags {@code MSG_DONTWAIT}, {@code MSG_MORE}, {@code MSG_OOB}, ...; {@code MSG_NOSIGNAL} is always added
     * @return bytes sent, which on a stream socket may be fewer than {@code len}
     * @throws IOException {@code EPIPE}, {@code ECONNRESET}, {@link PosixTimeoutException} for {@code EAGAIN}, ...
     */
    public int send(byte[] buf, int off, int len, int flags) throws IOException {
        return arrayOut(Op.SEND, buf, off, len, flags, null);
    }

    /**
     * {@code send(2)} of a whole array.
     *
     * @param buf the data
     * @param flags as {@link #send(byte[], int, int, int)}
     * @return bytes sent
     * @throws IOException as C
     */
    public int send(byte[] buf, int flags) throws IOException {
        return arrayOut(Op.SEND, buf, 0, buf.length, flags, null);
    }

    /**
     * {@code send(2)} from a buffer's remaining bytes; its position advances by the bytes sent.
     *
     * @param buf the data, heap or direct
     * @param flags as {@link #send(byte[], int, int, int)}
     * @return bytes sent
     * @throws IOException as C
     */
    public int send(ByteBuffer buf, int flags) throws IOException {
        return bufferOut(Op.SEND, buf, flags, null);
    }

    /**
     * {@code send(2)} of a whole segment. Native segments go to the kernel as they are; heap segments too when
     * the call need not wait, and otherwise through the thread's native bounce buffer. At most {@link Integer#MAX_VALUE} bytes go in one call, as with C's
     * {@code send}; a longer segment is sent in part.
     *
     * @param buf the data
     * @param flags as {@link #send(byte[], int, int, int)}
     * @return bytes sent
     * @throws IOException as C
     */
    public int send(MemorySegment buf, int flags) throws IOException {
        return segmentOut(Op.SEND, buf, flags, null);
    }

    /**
     * {@code recv(2)} into part of an array.
     *
     * @param buf where the data goes
     * @param off where it starts in {@code buf}
     * @param len room for at most this many bytes
     * @param flags {@code MSG_PEEK}, {@code MSG_WAITALL}, {@code MSG_DONTWAIT}, {@code MSG_TRUNC}, ...
     * @return bytes received; 0 at end of stream or for an empty datagram. With {@code MSG_TRUNC} a datagram's
     *         real length, which may exceed {@code len}
     * @throws IOException {@code ECONNRESET}, {@link PosixTimeoutException} for {@code EAGAIN}, ...
     */
    public int recv(byte[] buf, int off, int len, int flags) throws IOException {
        return arrayIn(Op.RECV, buf, off, len, flags, null);
    }

    /**
     * {@code recv(2)} into a whole array.
     *
     * @param buf where the data goes
     * @param flags as above
     * @return bytes received
     * @throws IOException as C
     */
    public int recv(byte[] buf, int flags) throws IOException {
        return arrayIn(Op.RECV, buf, 0, buf.length, flags, null);
    }

    /**
     * {@code recv(2)} into a buffer's remaining space; its position advances by the bytes stored, never past
     * its limit, also when {@code MSG_TRUNC} reports a longer datagram. (With {@code MSG_PEEK} the bytes are
     * stored too, so the position advances, while the kernel keeps them queued.)
     *
     * @param buf heap or direct, not read-only
     * @param flags as {@link #recv(byte[], int, int, int)}
     * @return what C returns
     * @throws IOException as C
     */
    public int recv(ByteBuffer buf, int flags) throws IOException {
        return bufferIn(Op.RECV, buf, flags, null);
    }

    /**
     * {@code recv(2)} into a whole segment.
     *
     * @param buf where the data goes; writable
     * @param flags as {@link #recv(byte[], int, int, int)}
     * @return what C returns
     * @throws IOException as C
     */
    public int recv(MemorySegment buf, int flags) throws IOException {
        return segmentIn(Op.RECV, buf, flags, null);
    }

    /**
     * {@code sendto(2)}: a datagram (or stream data) to an address.
     *
     * @param buf the data
     * @param off where it starts
     * @param len how many bytes
     * @param flags as {@link #send(byte[], int, int, int)}
     * @param to the destination
     * @return bytes sent
     * @throws IOException as C
     */
    public int sendto(byte[] buf, int off, int len, int flags, SockAddr to) throws IOException {
        return arrayOut(Op.SENDTO, buf, off, len, flags, Objects.requireNonNull(to, "to"));
    }

    /**
     * {@code sendto(2)} from a buffer's remaining bytes.
     *
     * @param buf the data
     * @param flags as send
     * @param to the destination
     * @return bytes sent
     * @throws IOException as C
     */
    public int sendto(ByteBuffer buf, int flags, SockAddr to) throws IOException {
        return bufferOut(Op.SENDTO, buf, flags, Objects.requireNonNull(to, "to"));
    }

    /**
     * {@code sendto(2)} of a whole segment.
     *
     * @param buf the data
     * @param flags as send
     * @param to the destination
     * @return bytes sent
     * @throws IOException as C
     */
    public int sendto(MemorySegment buf, int flags, SockAddr to) throws IOException {
        return segmentOut(Op.SENDTO, buf, flags, Objects.requireNonNull(to, "to"));
    }

    /**
     * {@code recvfrom(2)}: a datagram and where it came from.
     *
     * @param buf where the data goes
     * @param off where it starts
     * @param len room for at most this many bytes
     * @param flags as {@link #recv(byte[], int, int, int)}
     * @param from receives the sender's address and its length (reusable), or {@code null}
     * @return what C returns
     * @throws IOException as C
     */
    public int recvfrom(byte[] buf, int off, int len, int flags, SockaddrStorage from) throws IOException {
        return arrayIn(Op.RECVFROM, buf, off, len, flags, from);
    }

    /**
     * {@code recvfrom(2)} into a buffer.
     *
     * @param buf where the data goes
     * @param flags as recv
     * @param from receives the sender, or null
     * @return what C returns
     * @throws IOException as C
     */
    public int recvfrom(ByteBuffer buf, int flags, SockaddrStorage from) throws IOException {
        return bufferIn(Op.RECVFROM, buf, flags, from);
    }

    /**
     * {@code recvfrom(2)} into a segment.
     *
     * @param buf where the data goes
     * @param flags as recv
     * @param from receives the sender, or null
     * @return what C returns
     * @throws IOException as C
     */
    public int recvfrom(MemorySegment buf, int flags, SockaddrStorage from) throws IOException {
        return segmentIn(Op.RECVFROM, buf, flags, from);
    }

    /**
     * {@code read(2)}: {@code recv} without flags.
     *
     * @param buf where the data goes
     * @param off where it starts
     * @param len room for at most this many bytes
     * @return bytes read; 0 at end of stream
     * @throws IOException as C
     */
    public int read(byte[] buf, int off, int len) throws IOException {
        return arrayIn(Op.READ, buf, off, len, 0, null);
    }

    /**
     * {@code read(2)} into a buffer.
     *
     * @param buf where the data goes
     * @return bytes read
     * @throws IOException as C
     */
    public int read(ByteBuffer buf) throws IOException {
        return bufferIn(Op.READ, buf, 0, null);
    }

    /**
     * {@code read(2)} into a segment.
     *
     * @param buf where the data goes
     * @return bytes read
     * @throws IOException as C
     */
    public int read(MemorySegment buf) throws IOException {
        return segmentIn(Op.READ, buf, 0, null);
    }

    /**
     * {@code write(2)}: {@code send} without flags. The JVM ignores {@code SIGPIPE}, so a closed peer gives
     * {@code EPIPE} here too.
     *
     * @param buf the data
     * @param off where it starts
     * @param len how many bytes
     * @return bytes written
     * @throws IOException as C
     */
    public int write(byte[] buf, int off, int len) throws IOException {
        return arrayOut(Op.WRITE, buf, off, len, 0, null);
    }

    /**
     * {@code write(2)} from a buffer.
     *
     * @param buf the data
     * @return bytes written
     * @throws IOException as C
     */
    public int write(ByteBuffer buf) throws IOException {
        return bufferOut(Op.WRITE, buf, 0, null);
    }

    /**
     * {@code write(2)} of a segment.
     *
     * @param buf the data
     * @return bytes written
     * @throws IOException as C
     */
    public int write(MemorySegment buf) throws IOException {
        return segmentOut(Op.WRITE, buf, 0, null);
    }

    // -- the buffer kinds, each reduced to one MemorySegment (native, or heap) for transfer()

    private int arrayOut(Op op, byte[] buf, int off, int len, int flags, SockAddr to) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        return transfer(op, Scratch.get().segmentOf(buf, off, len), len, flags, to, null);
    }

    private int arrayIn(Op op, byte[] buf, int off, int len, int flags, SockaddrStorage from) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        return transfer(op, Scratch.get().segmentOf(buf, off, len), len, flags, null, from);
    }

    private int bufferOut(Op op, ByteBuffer buf, int flags, SockAddr to) throws IOException {
        int pos = buf.position();
        int len = buf.limit() - pos;
        int n = transfer(op, segmentOf(buf), len, flags, to, null);
        buf.position(pos + Math.max(n, 0)); // WOULD_BLOCK moves nothing
        return n;
    }

    private int bufferIn(Op op, ByteBuffer buf, int flags, SockaddrStorage from) throws IOException {
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException(op.call + ": the buffer is read-only");
        }
        int pos = buf.position();
        int len = buf.limit() - pos;
        int n = transfer(op, segmentOf(buf), len, flags, null, from);
        buf.position(pos + Math.max(Math.min(n, len), 0)); // never past the limit (MSG_TRUNC), never back (WOULD_BLOCK)
        return n;
    }

    /** A buffer's remaining bytes as a segment; a reused direct buffer's comes from the thread's cache. */
    private static MemorySegment segmentOf(ByteBuffer buf) {
        return buf.isDirect() ? Scratch.get().segmentOf(buf) : MemorySegment.ofBuffer(buf);
    }

    private int segmentOut(Op op, MemorySegment buf, int flags, SockAddr to) throws IOException {
        return transfer(op, buf, transferLength(buf), flags, to, null);
    }

    private int segmentIn(Op op, MemorySegment buf, int flags, SockaddrStorage from) throws IOException {
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException(op.call + ": the segment is read-only");
        }
        return transfer(op, buf, transferLength(buf), flags, null, from);
    }

    /**
     * A segment may be longer than the {@code int} these methods return; C's {@code send} caps one call at
     * {@code INT_MAX} bytes too. Without the cap a blocking stream send of more than 2 GiB would finish the whole
     * segment and return a count that overflowed to a negative number.
     */
    private static long transferLength(MemorySegment buf) {
        return Math.min(buf.byteSize(), Integer.MAX_VALUE);
    }

    /** Every data call: the call driver, with this socket kept reachable while it runs. */
    private int transfer(Op op, MemorySegment mem, long len, int flags, SockAddr to, SockaddrStorage from)
            throws IOException {
        try {
            return (int) calls.data(op, mem, len, flags, to, from);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Options

    /**
     * {@code getsockopt(2)} for an {@code int} option ({@code SO_REUSEADDR}, {@code SO_RCVBUF}, {@code TCP_NODELAY}, ...).
     *
     * @param level {@code SOL_SOCKET}, {@code IPPROTO_TCP}, {@code IPPROTO_IP}, ...
     * @param optname the option
     * @return its value
     * @throws IOException {@code ENOPROTOOPT} for an option the level does not have, others as C
     */
    public int getsockopt(int level, int optname) throws IOException {
        Scratch scratch = Scratch.get();
        scratch.intOut.set(ValueLayout.JAVA_INT, 0, 0);
        getsockopt(level, optname, scratch.intOut);
        return scratch.intOut.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * {@code getsockopt(2)} into raw memory, for options whose value is a struct or a string
     * ({@code SO_LINGER}, {@code TCP_INFO}, {@code TCP_CONGESTION}, {@code SO_PEERCRED}).
     *
     * @param level the option's level
     * @param optname the option
     * @param optval where the value goes; native and writable. Its size is passed as {@code optlen}
     * @return the length the kernel reports ({@code optlen} after the call)
     * @throws IOException as C
     */
    public int getsockopt(int level, int optname, MemorySegment optval) throws IOException {
        requireNativeWritable("getsockopt", optval);
        try {
            return calls.simple("getsockopt", fd -> {
                MemorySegment len = Scratch.get().intOut2;
                len.set(ValueLayout.JAVA_INT, 0, (int) Math.min(optval.byteSize(), Integer.MAX_VALUE));
                Libc.getsockopt(fd, level, optname, optval, len);
                return len.get(ValueLayout.JAVA_INT, 0);
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code setsockopt(2)} for an {@code int} option.
     *
     * @param level {@code SOL_SOCKET}, {@code IPPROTO_TCP}, ...
     * @param optname the option
     * @param value its new value
     * @throws IOException as C
     */
    public void setsockopt(int level, int optname, int value) throws IOException {
        MemorySegment v = Scratch.get().intOut;
        v.set(ValueLayout.JAVA_INT, 0, value);
        setsockopt(level, optname, v.asSlice(0, Integer.BYTES)); // optlen 4, sizeof(int), as C passes it
    }

    /**
     * {@code setsockopt(2)} from raw memory; {@code optlen} is the segment's size.
     *
     * @param level the option's level
     * @param optname the option
     * @param optval the value; native memory
     * @throws IOException as C
     */
    public void setsockopt(int level, int optname, MemorySegment optval) throws IOException {
        if (!optval.isNative()) {
            throw new IllegalArgumentException("setsockopt: optval must be native memory");
        }
        if (optval.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("setsockopt: optval is larger than a socklen_t can say");
        }
        if (level == SocketConstants.SOL_SOCKET && isKernelTimeout(optname)) {
            // From now on a wait for readiness reads it, so that it bounds those waits as it bounds the kernel's.
            calls.kernelTimeoutsMaybeSet = true;
        }
        try {
            calls.simple("setsockopt", fd -> {
                Libc.setsockopt(fd, level, optname, optval, (int) optval.byteSize());
                return null;
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private static boolean isKernelTimeout(int optname) {
        return optname == SocketConstants.SO_RCVTIMEO || optname == SocketConstants.SO_SNDTIMEO
                || optname == SocketConstants.SO_RCVTIMEO_NEW || optname == SocketConstants.SO_SNDTIMEO_NEW
                || optname == SocketConstants.SO_RCVTIMEO_OLD || optname == SocketConstants.SO_SNDTIMEO_OLD;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Messages: sendmsg/recvmsg, scatter/gather, descriptors and credentials

    /**
     * {@code sendmsg(2)}: data gathered from several buffers, with ancillary data and an optional destination.
     *
     * @param buffers the data, in order; kinds may be mixed. {@code ByteBuffer} positions advance by what was sent
     * @param control ancillary messages ({@link ControlMessage.Rights}, {@link ControlMessage.Credentials},
     *                {@link ControlMessage.PacketInfo}, ...); descriptors passed are held open for the call and
     *                are treated as shared from then on
     * @param flags {@code MSG_DONTWAIT}, {@code MSG_MORE}, {@code MSG_OOB}, {@code MSG_EOR}, ...;
     *              {@code MSG_NOSIGNAL} is always added
     * @param to the destination, or {@code null} for a connected socket
     * @return bytes sent, or {@link #WOULD_BLOCK}
     * @throws IOException as C's {@code sendmsg} fails
     * @throws IllegalArgumentException before anything is sent, when the same {@code ByteBuffer} is given twice
     */
    public int sendmsg(List<IoBuffer> buffers, List<? extends ControlMessage> control, int flags, SockAddr to)
            throws IOException {
        IoBuffers.checkForSend("sendmsg", buffers);
        MessageMemory m = MessageMemory.forSend(buffers, control, to, type != SocketConstants.SOCK_STREAM);
        List<FdHandle> held = new ArrayList<>();
        int n;
        try {
            long controlLength = ControlMessages.encode(control, m.control, held);
            m.hdr.set(ValueLayout.JAVA_LONG, Structs.MSG_CONTROLLEN, controlLength);
            if (controlLength == 0) {
                m.hdr.set(ValueLayout.ADDRESS, Structs.MSG_CONTROL, MemorySegment.NULL);
            }
            n = transfer(Op.SENDMSG, m.hdr, m.total, flags, null, null);
            m.distributeSent(buffers, n);
        } finally {
            m.release();
            for (FdHandle h : held) {
                h.endCompleted("sendmsg");
            }
            Reference.reachabilityFence(control);
            // The msghdr holds the addresses of buffers that are only the caller's, reachable through this list.
            Reference.reachabilityFence(buffers);
        }
        return n;
    }

    /**
     * {@code recvmsg(2)}: data scattered into several buffers, with ancillary data, the sender's address and the
     * message flags. {@code MSG_CMSG_CLOEXEC} is always added, so received descriptors are not inherited.
     *
     * @param buffers where the data goes, in order; kinds may be mixed; {@code ByteBuffer} positions advance
     * @param controlLength room for ancillary data, in bytes (see {@link ControlMessages#CMSG_SPACE},
     *                      {@link ControlMessages#spaceForFds}); 0 for none
     * @param flags {@code MSG_PEEK}, {@code MSG_WAITALL}, {@code MSG_DONTWAIT}, {@code MSG_TRUNC},
     *              {@code MSG_ERRQUEUE}, {@code MSG_OOB}, ...
     * @return the byte count, {@code msg_flags} ({@code MSG_TRUNC}, {@code MSG_CTRUNC}, {@code MSG_EOR}, ...),
     *         the sender and the decoded control messages; {@link MsgResult#WOULD_BLOCK} in non-blocking mode
     * @throws IOException as C's {@code recvmsg} fails
     * @throws IllegalArgumentException before anything is received, for a read-only buffer or two buffers that
     *         share memory (the same {@code ByteBuffer} twice, overlapping slices or parts of an array)
     */
    public MsgResult recvmsg(List<IoBuffer> buffers, int controlLength, int flags) throws IOException {
        if (controlLength < 0) {
            throw new IllegalArgumentException("recvmsg: negative control length " + controlLength);
        }
        IoBuffers.checkForReceive("recvmsg", buffers);
        MessageMemory m = MessageMemory.forReceive(buffers, controlLength, type != SocketConstants.SOCK_STREAM);
        try {
            int n;
            try {
                n = transfer(Op.RECVMSG, m.hdr, m.total, flags, null, null);
            } catch (ClosedWhileBlockedException e) {
                // A zero-byte message (an empty datagram) can bring descriptors and still count as woken by a
                // concurrent close: own and close them, or nobody would. After a failed call the buffer is all zeros.
                closeQuietly(ControlMessages.parse(m.control, m.hdr.get(ValueLayout.JAVA_LONG, Structs.MSG_CONTROLLEN)));
                throw e;
            }
            if (n == WOULD_BLOCK) {
                return MsgResult.WOULD_BLOCK;
            }
            // Descriptors first: they are owned from the moment they are parsed, whatever happens after.
            List<ControlMessage> control = ControlMessages.parse(m.control, m.hdr.get(ValueLayout.JAVA_LONG, Structs.MSG_CONTROLLEN));
            m.distributeReceived(buffers, n);
            int nameLength = m.hdr.get(ValueLayout.JAVA_INT, Structs.MSG_NAMELEN);
            SockAddr from = nameLength > 0 ? SockAddr.decode(m.name, nameLength) : null;
            // The kernel echoes MSG_CMSG_CLOEXEC in msg_flags; report it only when the caller asked for it.
            int msgFlags = m.hdr.get(ValueLayout.JAVA_INT, Structs.MSG_FLAGS) & ~(SocketConstants.MSG_CMSG_CLOEXEC & ~flags);
            return new MsgResult(n, msgFlags, from, control);
        } finally {
            m.release();
            // The msghdr holds the addresses of buffers that are only the caller's, reachable through this list.
            Reference.reachabilityFence(buffers);
        }
    }

    private static void closeQuietly(List<ControlMessage> control) {
        for (ControlMessage c : control) {
            if (c instanceof ControlMessage.Rights rights) {
                for (OwnedFd fd : rights.received()) {
                    try {
                        fd.close();
                    } catch (IOException ignored) {
                        // released by close(2) on Linux whatever it reports
                    }
                }
            }
        }
    }

    /**
     * Gathering write, as {@code writev(2)}: {@code sendmsg} with no address, control data or flags.
     *
     * @param buffers the data, in order
     * @return bytes sent, or {@link #WOULD_BLOCK}
     * @throws IOException as C
     */
    public long writev(IoBuffer... buffers) throws IOException {
        return sendmsg(List.of(buffers), List.of(), 0, null);
    }

    /**
     * Scattering read, as {@code readv(2)}: {@code recvmsg} with no control data or flags.
     *
     * @param buffers where the data goes, in order
     * @return bytes received (0 at end of stream), or {@link #WOULD_BLOCK}
     * @throws IOException as C
     */
    public long readv(IoBuffer... buffers) throws IOException {
        return recvmsg(List.of(buffers), 0, 0).bytes();
    }

    /**
     * Python's {@code send_fds}: sends data with descriptors ({@code SCM_RIGHTS}) in one message.
     *
     * @param buffers the data (at least one byte in total on a stream socket, or the descriptors go nowhere)
     * @param fds the descriptors to pass: sockets or {@link OwnedFd}s, which stay open here
     * @return bytes sent
     * @throws IOException as C's {@code sendmsg} fails
     */
    public int sendFds(List<IoBuffer> buffers, List<? extends DescriptorOwner> fds) throws IOException {
        return sendmsg(buffers, List.of(new ControlMessage.Rights(fds)), 0, null);
    }

    /**
     * Python's {@code recv_fds}: receives up to {@code bufsize} bytes and up to {@code maxfds} descriptors.
     *
     * @param bufsize room for data
     * @param maxfds room for descriptors; more sent than fit are closed by the kernel and {@code MSG_CTRUNC} set
     * @return the data, the descriptors (owned by the caller), the flags and the sender; {@code null} in
     *         non-blocking mode when nothing was queued (as {@link #accept()}), which an empty result could not
     *         tell from the end of the stream
     * @throws IOException as C's {@code recvmsg} fails
     * @throws IllegalArgumentException for a negative size or count, or room for more descriptors than a
     *         control buffer's {@code int} length can hold
     */
    public RecvFdsResult recvFds(int bufsize, int maxfds) throws IOException {
        // Checked here: a negative count, or one whose CMSG_SPACE overflows an int, would otherwise become a
        // small control buffer, and the kernel would close the descriptors that did not fit.
        if (bufsize < 0 || maxfds < 0 || maxfds > ControlMessages.MAX_FDS) {
            throw new IllegalArgumentException("recvFds: bufsize " + bufsize + " and maxfds " + maxfds
                    + " must be non-negative, and maxfds small enough for an int-sized control buffer");
        }
        byte[] data = new byte[bufsize];
        MsgResult r = recvmsg(List.of(IoBuffer.of(data)), (int) ControlMessages.spaceForFds(maxfds), 0);
        if (r.bytes() == WOULD_BLOCK) {
            return null;
        }
        int n = Math.max(0, Math.min(r.bytes(), bufsize));
        return new RecvFdsResult(java.util.Arrays.copyOf(data, n), r.fds(), r.flags(), r.from());
    }

    /**
     * {@code sendfile(2)}: sends {@code count} bytes of a file from {@code offset}, without copying them through
     * Java. The file's own position is not changed.
     *
     * @param file an open file (see {@link OwnedFd#open})
     * @param offset where to start in the file
     * @param count how many bytes at most
     * @return bytes sent (0 at the end of the file), or {@link #WOULD_BLOCK} in non-blocking mode. Having no
     *         {@code MSG_DONTWAIT}, it sets the descriptor's {@code O_NONBLOCK} flag in non-blocking and timeout
     *         modes, as {@link #accept4} does
     * @throws IOException as C's {@code sendfile} fails
     */
    public long sendfile(OwnedFd file, long offset, long count) throws IOException {
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("sendfile: negative offset or count: " + offset + ", " + count);
        }
        try {
            return calls.sendfile(file.handle(), offset, count);
        } finally {
            Reference.reachabilityFence(file);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code SO_PEERCRED}: who is at the other end of a connected Unix socket.
     *
     * @return the peer's pid, uid and gid
     * @throws IOException as C's {@code getsockopt} fails ({@code ENOTCONN}, ...)
     */
    public PeerCredentials peerCredentials() throws IOException {
        return getOption(PosixSocketOptions.SO_PEERCRED);
    }

    /**
     * {@code SO_PEERSEC}: the peer's security context (SELinux, AppArmor, Smack), where the kernel has one.
     *
     * @return the context, or empty when the kernel reports {@code ENOPROTOOPT} (no security module labels
     *         sockets): an answer, not a failure
     * @throws IOException for any other failure
     */
    public java.util.Optional<String> peerSecurityContext() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            int n;
            try {
                n = getsockopt(SocketConstants.SOL_SOCKET, SocketConstants.SO_PEERSEC, buf);
            } catch (PosixSocketException e) {
                if (e.errno() == Errno.ENOPROTOOPT) {
                    return java.util.Optional.empty();
                }
                throw e;
            }
            byte[] bytes = buf.asSlice(0, Math.max(0, Math.min(n, 4096))).toArray(ValueLayout.JAVA_BYTE);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return java.util.Optional.of(new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Batches: sendmmsg/recvmmsg, many datagrams per call

    /**
     * {@code sendmmsg(2)}: sends messages {@code 0..count-1} of a batch in one call, each with its own data and
     * destination ({@link MmsgBatch#address(int, SockAddr)}, or none on a connected socket). Afterwards
     * {@link MmsgBatch#messageLength(int)} tells the bytes sent of each message sent. Nothing is allocated.
     *
     * @param batch the messages
     * @param count how many to send, 0 to {@link MmsgBatch#capacity()}
     * @param flags {@code MSG_DONTWAIT}, {@code MSG_MORE}, ...; {@code MSG_NOSIGNAL} is always added
     * @return the number of messages sent, which may be fewer than {@code count} (call again for the rest), or
     *         {@link #WOULD_BLOCK} in non-blocking mode or with {@code MSG_DONTWAIT} when none could be sent
     * @throws IOException as C's {@code sendmmsg} fails for the first message (a failure of a later message ends
     *         the batch early and is reported by the next call); {@link PosixTimeoutException} when a timeout expires
     */
    public int sendmmsg(MmsgBatch batch, int count, int flags) throws IOException {
        checkBatchCount("sendmmsg", batch, count);
        try {
            return batchTransfer(Op.SENDMMSG, batch.prepareSend(count), count, flags | MSG_NOSIGNAL);
        } finally {
            Reference.reachabilityFence(batch);
        }
    }

    /**
     * {@code recvmmsg(2)} into every message of a batch: as {@link #recvmmsg(MmsgBatch, int, int)} with
     * {@code count = batch.capacity()}.
     *
     * @param batch where the datagrams go
     * @param flags as {@link #recvmmsg(MmsgBatch, int, int)}
     * @return the number of datagrams received, or {@link #WOULD_BLOCK}
     * @throws IOException as C's {@code recvmmsg} fails
     */
    public int recvmmsg(MmsgBatch batch, int flags) throws IOException {
        return recvmmsg(batch, batch.capacity(), flags);
    }

    /**
     * {@code recvmmsg(2)}: receives up to {@code count} datagrams in one call into messages {@code 0..n-1} of a
     * batch: their data ({@link MmsgBatch#data}, {@link MmsgBatch#length}), senders ({@link MmsgBatch#address})
     * and flags ({@link MmsgBatch#flags}). Nothing is allocated.
     *
     * <p>As in C, a call in blocking mode waits until all {@code count} datagrams have arrived, unless
     * {@code MSG_WAITFORONE} is given: then it waits for the first and takes only what is already queued after
     * it. With a timeout, in non-blocking mode or with {@code MSG_DONTWAIT}, each attempt is a non-blocking one,
     * so it always behaves as with {@code MSG_WAITFORONE}.
     *
     * @param batch where the datagrams go
     * @param count room for how many, 1 to {@link MmsgBatch#capacity()}
     * @param flags {@code MSG_WAITFORONE}, {@code MSG_DONTWAIT}, {@code MSG_TRUNC}, {@code MSG_PEEK}, ...
     * @return the number of datagrams received, or {@link #WOULD_BLOCK} in non-blocking mode or with
     *         {@code MSG_DONTWAIT} when none was queued
     * @throws IOException as C's {@code recvmmsg} fails before the first datagram; {@link PosixTimeoutException}
     *         when a timeout expires first
     */
    public int recvmmsg(MmsgBatch batch, int count, int flags) throws IOException {
        checkBatchCount("recvmmsg", batch, count);
        if (count == 0) {
            throw new IllegalArgumentException("recvmmsg: count must be at least 1");
        }
        try {
            int n = batchTransfer(Op.RECVMMSG, batch.prepareReceive(count), count, flags);
            if (n > 0) {
                batch.completeReceive(n);
            }
            return n;
        } finally {
            Reference.reachabilityFence(batch);
        }
    }

    private static void checkBatchCount(String call, MmsgBatch batch, int count) {
        if (count < 0 || count > batch.capacity()) {
            throw new IllegalArgumentException(call + ": count must be in 0.." + batch.capacity() + ": " + count);
        }
    }

    /** {@code sendmmsg}/{@code recvmmsg} through the call driver, with this socket kept reachable. */
    private int batchTransfer(Op op, MemorySegment vector, int count, int flags) throws IOException {
        try {
            return calls.batch(op, vector, count, flags);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Descriptor control: dup, fromfd, detach, socket activation

    /**
     * A duplicate ({@code fcntl(F_DUPFD_CLOEXEC)}, C's {@code dup} with close-on-exec): a second socket object for
     * the same socket. Both are treated as shared from then on: closing either never shuts the socket down for
     * the other.
     *
     * @return the duplicate
     * @throws IOException as {@code fcntl} fails
     */
    public PosixSocket dup() throws IOException {
        try {
            return calls.simple("dup", fd -> {
                PosixSocket copy = new PosixSocket(Libc.dupCloexec(fd), domain, type, protocol, true);
                copy.calls.timeoutNanos = calls.timeoutNanos;
                copy.calls.fdNonBlocking = calls.fdNonBlocking;
                handle.markShared();
                return copy;
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Python's {@code fromfd}: a socket object for a duplicate of a descriptor that came from elsewhere; the
     * caller keeps, and still closes, the original. Domain, type and protocol are read from the descriptor
     * ({@code SO_DOMAIN}, {@code SO_TYPE}, {@code SO_PROTOCOL}); its blocking mode follows its O_NONBLOCK flag,
     * which the socket never changes. To take a descriptor over instead, use {@link OwnedFd#adopt}
     * and {@link OwnedFd#toSocket()}.
     *
     * @param fd an open socket descriptor
     * @return the socket
     * @throws IOException {@code EBADF}, or {@code ENOTSOCK} for a descriptor that is not a socket
     */
    public static PosixSocket fromfd(int fd) throws IOException {
        int copy = Libc.dupCloexec(fd);
        try {
            return adoptShared(copy);
        } catch (IOException | RuntimeException | Error e) {
            // No owner of the copy was made: this method is its only holder, and closes it.
            try {
                Libc.close(copy);
            } catch (IOException closeFailed) {
                e.addSuppressed(closeFailed); // the copy is released on Linux whatever close reports
            }
            throw e;
        }
    }

    /**
     * The sockets passed by systemd socket activation (or anything speaking its protocol): descriptors 3 to
     * {@code 3 + LISTEN_FDS - 1}, when {@code LISTEN_PID} is this process. They are taken over (closed by the
     * returned objects), marked close-on-exec, and treated as shared.
     *
     * <p>Once: the first call that returns them makes their owners, and every later call (or one made while
     * another is taking them) returns an empty list, as {@code sd_listen_fds} does when asked to unset the
     * variables — the JVM's environment cannot be unset, so the library remembers instead. A second set of
     * owners would close the numbers a second time, under whatever files had them by then. A call that throws
     * has taken nothing: every descriptor is inspected before any owner is made, so no socket is left for the
     * ones before the failing one, and the numbers stay open for the caller to deal with (with
     * {@link OwnedFd#adopt}, say).
     *
     * @return the passed sockets, in order; empty when none were passed to this process, or they were taken
     *         already
     * @throws IOException when a passed descriptor is not a socket ({@code ENOTSOCK}) or not open ({@code EBADF})
     */
    public static List<PosixSocket> listenFds() throws IOException {
        return SocketActivation.PROCESS.take();
    }

    /** Wraps a descriptor from elsewhere, which this object then owns; shared with other holders by assumption. */
    static PosixSocket adoptShared(int fd) throws IOException {
        return adopt(fd, SocketKind.of(fd));
    }

    /**
     * The owner of a descriptor from elsewhere that has been inspected already: the step of an adoption that
     * makes the owner, and cannot fail but for want of memory (see {@link SocketKind}).
     */
    static PosixSocket adopt(int fd, SocketKind kind) {
        return new PosixSocket(fd, kind.domain(), kind.type(), kind.protocol(), true);
    }

    /**
     * Python's {@code detach}: gives the descriptor up without closing it. This object then behaves as closed,
     * its cleaner is cancelled, and the caller owns the number. What the object hung off the number is released
     * with it: its wake-up eventfd and its registration with the library's poller. One atomic step takes the
     * number, so a detach that throws has changed nothing.
     *
     * @return the descriptor
     * @throws SocketClosedException when already closed or detached
     * @throws IllegalStateException when calls are still in progress on it
     */
    public int detach() throws SocketClosedException {
        int fd = handle.detach("detach");
        cleanable.clean();
        return fd;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Blocking, non-blocking, timeouts

    /**
     * Python's {@code settimeout}: how long each call may wait.
     * <ul>
     *   <li>{@code null}: blocking mode, the default. Calls go straight into the kernel and wait as long as it
     *       takes (or until {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO} expire).</li>
     *   <li>{@link Duration#ZERO}: non-blocking mode, as {@link #setBlocking(boolean) setBlocking(false)}. A call
     *       that would wait returns {@link #WOULD_BLOCK} (data calls), {@code null} ({@code accept}) or
     *       {@code false} ({@code connect}, in progress) instead.</li>
     *   <li>a positive duration: each call waits at most that long, then throws {@link PosixTimeoutException}
     *       ({@code accept} and {@code connect} too). {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}, when set, still
     *       apply: whichever ends first ends the wait.</li>
     * </ul>
     * Data calls get their non-blocking behaviour from {@code MSG_DONTWAIT}, per call, and leave the descriptor
     * alone. {@code accept} and {@code connect} have no such flag: in the last two modes they set the
     * descriptor's {@code O_NONBLOCK} flag, which belongs to the open file description and so is seen by every
     * process sharing the socket; returning to blocking mode clears it again. A shared descriptor ({@link #dup},
     * {@link #fromfd}, {@link #fileno}, passed or received with {@code SCM_RIGHTS}) keeps its flag in every mode:
     * it is not the library's to change, and blocking calls on it wait in {@code poll} when it is set.
     *
     * A socket whose descriptor is shared ({@link #fromfd}, {@link #dup}, received, passed out) never has its
     * flags changed: there a timeout bounds the wait for readiness, and {@code connect} follows the flags the
     * descriptor already has.
     *
     * @param timeout {@code null}, zero, or positive
     * @throws IOException when the descriptor's flags cannot be changed
     * @throws SocketClosedException after close
     * @throws IllegalArgumentException for a negative duration
     */
    public void setTimeout(Duration timeout) throws IOException {
        long nanos;
        if (timeout == null) {
            nanos = SocketCalls.BLOCKING;
        } else if (timeout.isNegative()) {
            throw new IllegalArgumentException("setTimeout: negative timeout " + timeout);
        } else {
            nanos = timeout.isZero() ? 0 : Math.max(1, saturatedNanos(timeout));
        }
        try {
            calls.simple("setTimeout", fd -> {
                calls.timeoutNanos = nanos;
                if (nanos == SocketCalls.BLOCKING) {
                    calls.useBlockingDescriptor(fd); // undo the O_NONBLOCK that accept/connect set for the other modes
                }
                return null;
            });
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@return the timeout set by {@link #setTimeout}: {@code null} in blocking mode, zero in non-blocking mode} */
    public Duration getTimeout() {
        long nanos = calls.timeoutNanos;
        return nanos == SocketCalls.BLOCKING ? null : Duration.ofNanos(nanos);
    }

    /**
     * Python's {@code setblocking}: {@code true} is {@code setTimeout(null)}, {@code false} is
     * {@code setTimeout(Duration.ZERO)}.
     *
     * @param blocking the mode
     * @throws IOException as {@link #setTimeout}
     */
    public void setBlocking(boolean blocking) throws IOException {
        setTimeout(blocking ? null : Duration.ZERO);
    }

    /** {@return {@code false} in non-blocking mode (timeout zero), {@code true} otherwise, as Python's {@code getblocking}} */
    public boolean isBlocking() {
        return calls.timeoutNanos != 0;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    // =========================================================================================================
    // Python's create_connection and create_server: resolve, then socket/connect or socket/bind/listen.
    // The bodies are in SocketShortcuts; this section only declares them.

    /**
     * Python's {@code socket.create_connection}: resolves {@code host} with
     * {@code getaddrinfo(host, port, AF_UNSPEC, SOCK_STREAM)} and connects to the first address that accepts,
     * trying them in the resolver's order (see {@link #createConnection(java.util.List, Duration)}).
     *
     * @param host a host name or address literal; names go to the system's resolver ({@code /etc/hosts}, DNS)
     * @param port 0..65535
     * @param timeout {@code null} for blocking mode, or a positive duration that bounds each {@code connect}
     *                and stays set on the returned socket, as in Python: every later call is bounded by it too
     *                (and by {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}, whichever ends first); call
     *                {@link #setTimeout setTimeout(null)} for blocking mode
     * @return the connected socket
     * @throws ResolverException when the host cannot be resolved
     * @throws IOException the first address's failure when every address fails, the others suppressed
     */
    public static PosixSocket createConnection(String host, int port, Duration timeout) throws IOException {
        return SocketShortcuts.createConnection(host, port, timeout);
    }

    /**
     * Python's {@code socket.create_connection} over addresses already resolved: for each candidate in order,
     * {@code socket(family, socktype, protocol)}, {@link #setTimeout setTimeout(timeout)}, {@code connect};
     * the first that connects is returned with the timeout still set, and the sockets of failed attempts are
     * closed. When all fail, the first failure is thrown with the later ones attached as suppressed
     * exceptions: the first address is the one the resolver ranked best, so its error is the most telling
     * (later ones are often consequences, such as an unreachable IPv6 route); Python 3.11 raises the first
     * too.
     *
     * @param candidates the addresses to try, such as {@link Netdb#getaddrinfo}'s result; not empty
     * @param timeout {@code null} for blocking mode, or a positive duration bounding each attempt's
     *                {@code connect}
     * @return the connected socket
     * @throws IOException the first failure, with the others suppressed
     * @throws IllegalArgumentException for an empty list or a negative timeout
     */
    public static PosixSocket createConnection(java.util.List<AddrInfo> candidates, Duration timeout)
            throws IOException {
        return SocketShortcuts.createConnection(candidates, timeout);
    }

    /**
     * Python's {@code socket.create_server}: a listening TCP socket, {@code SO_REUSEADDR} on. An IPv4 address
     * gives an {@code AF_INET} socket; an IPv6 one an {@code AF_INET6} socket with {@code IPV6_V6ONLY} set,
     * or cleared when {@code dualStack} is asked for, so that it accepts IPv4 clients too (seen as
     * {@code ::ffff:a.b.c.d}). The socket is closed again if any step fails.
     *
     * @param address where to listen: an {@link InetSocketAddress} holding an address, e.g. {@code ::} and
     *                port 0 for any address and a port the kernel picks
     * @param backlog {@code listen}'s backlog; {@link SocketConstants#SOMAXCONN} for the kernel's limit
     * @param reusePort whether to set {@code SO_REUSEPORT}, so that several sockets may listen on one port and
     *                  share its connections
     * @param dualStack whether one IPv6 socket serves IPv4 too
     * @return the listening socket
     * @throws IOException {@link PosixBindException} when the address is taken, others as C
     * @throws IllegalArgumentException for {@code dualStack} with an IPv4 address, or an address that is not a
     *         resolved {@link InetSocketAddress}
     */
    public static PosixSocket createServer(SocketAddress address, int backlog, boolean reusePort, boolean dualStack)
            throws IOException {
        return SocketShortcuts.createServer(address, backlog, reusePort, dualStack);
    }

    // End of the create_connection / create_server section.
    // =========================================================================================================

    // ---------------------------------------------------------------------------------------------------------
    // The descriptor

    /**
     * {@code fileno()}: the descriptor number, for code that passes it elsewhere. From then on the socket is
     * treated as shared: closing it never shuts the connection down for other holders. A close from another
     * thread still wakes this socket's waiting calls (see the class comment).
     *
     * @return the descriptor
     * @throws SocketClosedException after close
     */
    public int fileno() throws SocketClosedException {
        int fd = handle.begin("fileno");
        handle.markShared();
        handle.endCompleted("fileno");
        return fd;
    }

    /** {@return the domain it was created with, such as {@code AF_INET} (Python's {@code socket.family})} */
    public int family() {
        return domain;
    }

    /** {@return the type it was created with, without {@code SOCK_CLOEXEC} (Python's {@code socket.type})} */
    public int type() {
        return type;
    }

    /** {@return the protocol it was created with (Python's {@code socket.proto})} */
    public int protocol() {
        return protocol;
    }

    /** {@return whether {@link #close()} (or {@link #detach()}) has been called} */
    @Override
    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * {@code close(2)}, once. Later calls do nothing. Calls in progress on other threads keep the descriptor
     * until they return; the number is released after the last. When some are waiting they are woken and throw
     * {@link ClosedWhileBlockedException}: threads inside the kernel are signalled (the number first pointed at
     * a dead socket, so that none can wait on the real one again), virtual threads are unparked, and this method
     * returns once every thread that was inside the kernel has left — nothing is sent or received on the socket
     * after it returns. The socket is never shut down, so other holders of a shared socket see only this
     * descriptor go. The closing thread holds the number while it does so, so no wake-up reaches a file that
     * the kernel gave the number to after it.
     *
     * @throws IOException when {@code close(2)} itself reports an error (the descriptor is released anyway)
     */
    @Override
    public void close() throws IOException {
        try {
            calls.close();
        } finally {
            cleanable.clean(); // unregisters; the handle is closed already, so this does nothing more
            Reference.reachabilityFence(this);
        }
    }

    /** The descriptor's owner, for the readiness classes of this package, which bracket their use of it. */
    FdHandle handle() {
        return handle;
    }

    /** @return how many calls are in progress on this socket now: what tests watch to know a call is waiting */
    int callsInFlight() {
        return handle.inFlight();
    }

    private SockAddr toNative(SocketAddress address) {
        SockAddr sa = SockAddr.of(address);
        if (domain == AF_INET6 && sa instanceof SockaddrIn v4) {
            return SockaddrIn6.mapped(v4);
        }
        return sa;
    }

    private static void requireNativeWritable(String call, MemorySegment segment) {
        if (!segment.isNative() || segment.isReadOnly()) {
            throw new IllegalArgumentException(call + ": the segment must be native and writable");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Java I/O: the socket as a channel and as streams

    /**
     * This socket as a NIO channel with scattering and gathering reads and writes, for code written for
     * channels: {@link java.nio.channels.Channels}, {@link javax.net.ssl.SSLEngine} loops, codecs. End of
     * stream is -1 there and "would block" is 0, as the channel contract has them; see
     * {@link PosixSocketChannel}.
     *
     * {@snippet :
     * ReadableByteChannel in = socket.channel();
     * String text = new String(Channels.newInputStream(in).readAllBytes(), UTF_8);
     * }
     *
     * @return a view of this socket; closing it closes the socket
     */
    public PosixSocketChannel channel() {
        return new PosixSocketChannel(this);
    }

    /**
     * This socket as an {@link java.io.InputStream}, as {@link java.net.Socket#getInputStream()} is: {@code read}
     * returns -1 at the end of the stream, a timeout set with {@link #setTimeout} throws
     * {@link PosixTimeoutException} (a {@link java.net.SocketTimeoutException}), and closing the stream closes
     * the socket. It needs blocking mode or a timeout: where a non-blocking socket would wait, it throws
     * {@link java.nio.channels.IllegalBlockingModeException}.
     *
     * {@snippet :
     * BufferedReader lines = new BufferedReader(new InputStreamReader(socket.inputStream(), UTF_8));
     * }
     *
     * @return a stream reading from this socket
     */
    public java.io.InputStream inputStream() {
        return new SocketStreams.In(this);
    }

    /**
     * This socket as an {@link java.io.OutputStream}, as {@link java.net.Socket#getOutputStream()} is: each
     * {@code write} returns when everything has been written, {@code flush} does nothing (nothing is buffered),
     * and closing the stream closes the socket; to end only the sending direction, call
     * {@link #shutdown shutdown(SHUT_WR)}. It needs blocking mode or a timeout, as {@link #inputStream()}.
     *
     * @return a stream writing to this socket
     */
    public java.io.OutputStream outputStream() {
        return new SocketStreams.Out(this);
    }

    /**
     * A description for people, never failing: family, type, descriptor, state ({@code listening},
     * {@code connected}, {@code open} or {@code closed}) and the local and peer addresses where there are
     * some, such as {@code PosixSocket[AF_INET, SOCK_STREAM, fd=7, connected, local=127.0.0.1:41234,
     * peer=127.0.0.1:8080]}. It asks the kernel ({@code getsockname}, {@code getpeername},
     * {@code SO_ACCEPTCONN}), so it shows the state of the moment.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PosixSocket[").append(CNames.family(domain)).append(", ")
                .append(CNames.socketType(type));
        if (handle.isClosed()) {
            return s.append(", closed]").toString();
        }
        s.append(", fd=").append(handle.number());
        SockAddr local = null;
        SockAddr peer = null;
        boolean listening = false;
        try {
            local = getsockname();
            listening = getsockopt(SocketConstants.SOL_SOCKET, SocketConstants.SO_ACCEPTCONN) != 0;
            peer = listening ? null : getpeername();
        } catch (IOException | RuntimeException e) {
            // Not connected (ENOTCONN), or closed meanwhile: say what is known.
        }
        s.append(handle.isClosed() ? ", closed" : listening ? ", listening" : peer != null ? ", connected" : ", open");
        if (local != null && !isUnbound(local)) {
            s.append(", local=").append(local);
        }
        if (peer != null) {
            s.append(", peer=").append(peer);
        }
        return s.append(']').toString();
    }

    /** An address of a socket never bound: port 0 for IP, no name for Unix. */
    private static boolean isUnbound(SockAddr a) {
        return a instanceof SockaddrIn in ? in.port() == 0
                : a instanceof SockaddrIn6 in6 ? in6.port() == 0
                : a instanceof SockaddrUn un && un.isUnnamed();
    }

    // =========================================================================================================
    // Typed socket options (java.net.SocketOption): setOption, getOption, supportedOptions.
    // The mapping to C options lives in internal.OptionTable; this section only enters it.

    /**
     * Sets a typed socket option: a JDK option ({@link java.net.StandardSocketOptions},
     * {@code jdk.net.ExtendedSocketOptions}) or one of {@link PosixSocketOptions}. The value is checked and
     * coded in Java, then passed to {@code setsockopt(2)}.
     *
     * {@snippet :
     * s.setOption(StandardSocketOptions.TCP_NODELAY, true);
     * s.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofSeconds(5));
     * }
     *
     * @param option the option
     * @param value its value
     * @param <T> the option's value type
     * @throws IOException the errno of {@code setsockopt}, naming the option ({@code EPERM} for a privileged
     *         option, {@code EINVAL} for a value out of the kernel's range, ...)
     * @throws UnsupportedOperationException for an option that does not apply to this socket's family and type
     *         (checked before any native call), an option this class does not know, or a read-only option
     * @throws NullPointerException for a {@code null} option or value
     * @throws IllegalArgumentException for a value of the wrong class or one the option cannot take
     */
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        if (handle.isClosed()) {
            throw new SocketClosedException("setsockopt"); // closed first, as every call after close
        }
        OptionTable.resolve(option, this).set(this, value);
    }

    /**
     * Reads a typed socket option with {@code getsockopt(2)}: what the kernel reports, which may differ from
     * what was set (see each option's documentation).
     *
     * @param option the option
     * @param <T> the option's value type
     * @return its value
     * @throws IOException the errno of {@code getsockopt}, naming the option
     * @throws UnsupportedOperationException for an option that does not apply to this socket's family and type,
     *         an option this class does not know, or a write-only option
     * @throws NullPointerException for a {@code null} option
     */
    public <T> T getOption(SocketOption<T> option) throws IOException {
        if (handle.isClosed()) {
            throw new SocketClosedException("getsockopt"); // closed first, as every call after close
        }
        return OptionTable.resolve(option, this).get(this);
    }

    /**
     * The typed options that apply to this socket's family and type: those {@link #setOption} and
     * {@link #getOption} accept without {@link UnsupportedOperationException} (read-only and write-only ones
     * included). Whether the kernel accepts each is a separate matter.
     *
     * @return the options, unmodifiable
     */
    public Set<SocketOption<?>> supportedOptions() {
        return OptionTable.supported(domain, type);
    }

    // End of typed socket options.
    // =========================================================================================================
}
