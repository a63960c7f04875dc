package io.github.panamasockets;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Cleaners;
import io.github.panamasockets.internal.Blocking;
import io.github.panamasockets.internal.FdHandle;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.NativeCall;
import io.github.panamasockets.internal.Scratch;
import io.github.panamasockets.internal.WakeSignal;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

/**
 * A file descriptor that arrived from elsewhere — received with {@code SCM_RIGHTS}, or handed in by number —
 * and is now owned by this object: it is closed exactly once, by {@link #close()}, by the conversion that takes
 * it over ({@link #toSocket()}, {@link #detach()}), or by a {@link Cleaner} when the object is dropped. So a
 * caller who ignores a received descriptor leaks nothing, and one who closes it too closes nothing twice.
 *
 * <p>The number stays reserved while the object owns it; after close every method throws
 * {@link SocketClosedException} rather than touch a number that may have been reused.
 *
 * <p>{@link #read} and {@link #write} are C's {@code read(2)} and {@code write(2)} on the descriptor, whatever it
 * is — a file or a pipe received with {@code SCM_RIGHTS}, a descriptor inherited by number — with errno captured
 * and thrown as everywhere in the library. They block as C does, on a blocking descriptor; a {@link #close()} from
 * another thread ends a read or write blocked on a platform thread (it returns 0 or throws
 * {@link ClosedWhileBlockedException}), and keeps the number reserved until it has left the kernel.
 *
 * {@snippet :
 * Path page = Path.of("index.html");
 * try (OwnedFd file = OwnedFd.open(page)) {
 *     connection.sendfile(file, 0, Files.size(page));   // the kernel copies the file to the socket
 * }
 * }
 */
public final class OwnedFd implements AutoCloseable, DescriptorOwner {
    /** How long a close waits at most for a read or write it woke to leave the kernel. */
    private static final long CLOSE_WAIT_NANOS = 2_000_000_000L;

    private final FdHandle handle;
    private final Cleaner.Cleanable cleanable;

    private OwnedFd(int fd) {
        // Shared: a received descriptor's file is, by construction, open in another process too.
        this.handle = new FdHandle(fd, true);
        this.cleanable = Cleaners.CLEANER.register(this, handle);
    }

    /**
     * Takes ownership of a descriptor number, e.g. one inherited through systemd socket activation or handed
     * over by other code that will not close it.
     *
     * @param fd an open descriptor, which the caller must not close afterwards
     * @return its owner
     */
    public static OwnedFd adopt(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a descriptor: " + fd);
        }
        return new OwnedFd(fd);
    }

    /**
     * Opens a file for reading ({@code open(path, O_RDONLY | O_CLOEXEC)}), to pass with {@code SCM_RIGHTS} or send
     * with {@link PosixSocket#sendfile}.
     *
     * @param path the file
     * @return its descriptor's owner
     * @throws IOException {@code ENOENT}, {@code EACCES}, ...
     * @throws IllegalArgumentException when the path's text would name another file: it contains a NUL, or its
     *         name holds bytes that are not valid text, which {@code Path.toString} shows replaced
     */
    public static OwnedFd open(java.nio.file.Path path) throws IOException {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment p = CText.allocate("open", "the path", CText.pathText("open", path), arena);
            int fd = Libc.open(p, SocketConstants.O_RDONLY | SocketConstants.O_CLOEXEC);
            return new OwnedFd(fd);
        }
    }

    /**
     * The descriptor as a socket, which takes it over: this object is then closed (without closing the
     * descriptor). The socket treats it as shared: its close never shuts the connection down for other holders,
     * and its blocking mode flags are not changed behind the caller's back.
     *
     * <p>The move happens whole or not at all. When this throws, this object still owns the descriptor exactly as
     * before (or is closed, when another thread closed it meanwhile) and no socket for it exists: the descriptor
     * is inspected first, while this object holds it; then one atomic step takes it from this object, which fails
     * when a call holds it (it is being passed with {@link PosixSocket#sendFds}, say) or it was closed; only then
     * is the socket made.
     *
     * @return the socket, now the descriptor's only owner
     * @throws IOException when the descriptor is not a socket ({@code ENOTSOCK}) or cannot be inspected
     * @throws SocketClosedException when this object was closed, detached or taken over already
     * @throws IllegalStateException when another call is in progress on the descriptor
     */
    public PosixSocket toSocket() throws IOException {
        SocketKind kind;
        int fd = handle.begin("toSocket");
        try {
            kind = SocketKind.of(fd);
        } finally {
            endCompleted("toSocket");
        }
        // The move itself. Between the inspection and here another thread may have begun a call or closed this
        // object; then detach throws and nothing has changed. Were the socket made first, as it once was, it
        // would be a second owner whenever detach failed, and its cleaner would close the number later, under
        // this object or under whatever file had the number by then.
        int taken = handle.detach("toSocket");
        cleanable.clean();
        try {
            return PosixSocket.adopt(taken, kind);
        } catch (RuntimeException | Error e) {
            // Out of memory, and nothing else: the number has left this object and no socket took it, so it is
            // closed here rather than left without an owner.
            closeQuietly(taken, e);
            throw e;
        }
    }

    private void endCompleted(String call) {
        try {
            handle.endCompleted(call);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private static void closeQuietly(int fd, Throwable cause) {
        try {
            Libc.close(fd);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Gives the descriptor up: this object forgets it (its cleaner is cancelled) and the caller owns it. One atomic
     * step takes the number, so a detach that throws has changed nothing.
     *
     * @return the descriptor number
     * @throws SocketClosedException when already closed or detached
     * @throws IllegalStateException when a call is in progress on it (it is being passed with
     *         {@link PosixSocket#sendFds}, say); this object still owns it
     */
    public int detach() throws SocketClosedException {
        int fd = handle.detach("detach");
        cleanable.clean();
        return fd;
    }

    /**
     * A duplicate ({@code fcntl(F_DUPFD_CLOEXEC)}): a second descriptor for the same open file, owned separately.
     *
     * @return the duplicate's owner
     * @throws IOException as {@code fcntl} fails
     */
    public OwnedFd dup() throws IOException {
        int fd = handle.begin("dup");
        try {
            return new OwnedFd(Libc.dupCloexec(fd));
        } finally {
            endCompleted("dup");
        }
    }

    /**
     * {@code fileno()}: the descriptor number, borrowed: it stays this object's, and is valid only until
     * {@link #close()}; for code that calls C on it ({@link Posix#fcntl(int, int)}, {@link Posix#ioctl}) while this
     * object is open.
     *
     * @return the descriptor
     * @throws SocketClosedException after close, detach or a conversion
     */
    public int fileno() throws SocketClosedException {
        handle.begin("fileno");
        endCompleted("fileno");
        return handle.number();
    }

    /**
     * {@code read(2)} into a segment.
     *
     * @param buf where the data goes: writable; native memory is read into directly, heap memory through a
     *            buffer of this thread (at most 1 MiB per call then)
     * @return the bytes read; 0 at end of file
     * @throws IOException as C's {@code read} fails: {@code EISDIR}, {@code EINVAL}, {@code EBADF} (a descriptor
     *         opened for writing only), {@link PosixTimeoutException} for {@code EAGAIN} on a non-blocking one
     * @throws SocketClosedException after close
     * @throws ClosedWhileBlockedException when another thread closed it while the read waited
     */
    public long read(MemorySegment buf) throws IOException {
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("read: the segment is read-only");
        }
        return transfer("read", buf, buf.byteSize());
    }

    /**
     * {@code read(2)} into part of an array.
     *
     * @param b the array
     * @param off where the data goes
     * @param len room for at most this many bytes (at most 1 MiB per call are read)
     * @return the bytes read; 0 at end of file, as C's (not Java's -1)
     * @throws IOException as {@link #read(MemorySegment)}
     */
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        return (int) transfer("read", MemorySegment.ofArray(b).asSlice(off, len), len);
    }

    /**
     * {@code write(2)} from a segment.
     *
     * @param buf the data; native memory is written directly, heap memory through a buffer of this thread
     *            (at most 1 MiB per call then)
     * @return the bytes written, which may be fewer than given, as in C
     * @throws IOException as C's {@code write} fails: {@code EPIPE} (a pipe with no reader; the JVM ignores
     *         {@code SIGPIPE}), {@code EBADF} (opened for reading only), {@link PosixTimeoutException} for
     *         {@code EAGAIN}, ...
     * @throws SocketClosedException after close
     * @throws ClosedWhileBlockedException when another thread closed it while the write waited
     */
    public long write(MemorySegment buf) throws IOException {
        return transfer("write", buf, buf.byteSize());
    }

    /**
     * {@code write(2)} from part of an array.
     *
     * @param b the array
     * @param off where the data starts
     * @param len how many bytes (at most 1 MiB per call are written)
     * @return the bytes written, which may be fewer than {@code len}, as in C
     * @throws IOException as {@link #write(MemorySegment)}
     */
    public int write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        return (int) transfer("write", MemorySegment.ofArray(b).asSlice(off, len), len);
    }

    /**
     * One {@code read} or {@code write}, bracketed so that the number cannot be released under it, and, on a
     * platform thread, registered as a wait inside the kernel that a close ends with a signal.
     */
    private long transfer(String call, MemorySegment buf, long len) throws IOException {
        boolean reading = call.equals("read");
        MemorySegment mem = buf;
        if (!buf.isNative()) {
            len = Math.min(len, Scratch.MAX_BOUNCE);
            mem = Scratch.get().bounce(len); // a blocking call is never given heap memory
            if (!reading) {
                MemorySegment.copy(buf, 0, mem, 0, len);
            }
        }
        int fd = handle.begin(call);
        int slot = FdHandle.NO_SLOT;
        long r;
        try {
            slot = WakeSignal.AVAILABLE && !Thread.currentThread().isVirtual()
                    ? handle.enterKernel(WakeSignal.self()) : FdHandle.NO_SLOT;
            if (slot == FdHandle.CLOSED_SLOT) {
                throw new ClosedWhileBlockedException(call);
            }
            if (slot == FdHandle.NO_SLOT && Thread.currentThread().isVirtual()) {
                awaitReady(call, fd, reading ? Blocking.READABLE : Blocking.WRITABLE);
            }
            r = reading ? Libc.read(fd, mem, len) : Libc.write(fd, mem, len);
            if (r == -1) {
                throw NativeCall.failLast(call, null); // EAGAIN on a non-blocking descriptor
            }
        } catch (IOException e) {
            handle.leaveKernel(slot);
            throw handle.endFailed(call, e);
        } catch (RuntimeException | Error e) {
            // Memory of a closed arena, a fault: the wait slot and the count go back, or close() would wait for
            // this call for ever and never release the number.
            handle.leaveKernel(slot);
            handle.endCompleted(call);
            throw e;
        } finally {
            Reference.reachabilityFence(this);
        }
        handle.leaveKernel(slot);
        try {
            handle.end(call, r > 0 || len == 0); // 0 from a read the close ended is the close, not end of file
        } finally {
            Reference.reachabilityFence(this);
        }
        if (reading && mem != buf) {
            MemorySegment.copy(mem, 0, buf, 0, r);
        }
        return r;
    }

    /**
     * On a virtual thread, waits in the poller until the descriptor is ready, so that the call does not hold its
     * carrier inside the kernel, where a close could not end it. A regular file is always ready (and never goes
     * to the poller, whose epoll refuses it); a blocking descriptor that another reader drains first may still
     * block, as it would in C.
     */
    private void awaitReady(String call, int fd, int events) throws IOException {
        for (;;) {
            long mark = Blocking.readinessMark(handle, events);
            if (Blocking.readyNow(fd, events)) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new java.io.InterruptedIOException(call + ": interrupted while waiting for the descriptor");
            }
            Blocking.await(handle, fd, events, Blocking.FOREVER, mark);
            if (handle.isClosed()) {
                throw new ClosedWhileBlockedException(call);
            }
        }
    }

    /** {@return whether it was closed, detached or taken over} */
    @Override
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** The number, held for the duration of a call by this package (SCM_RIGHTS). */
    FdHandle handle() {
        return handle;
    }

    /**
     * Closes the descriptor, once; later calls do nothing.
     *
     * @throws IOException when {@code close(2)} fails
     */
    @Override
    public void close() throws IOException {
        try {
            handle.closeWaking(CLOSE_WAIT_NANOS);
        } finally {
            cleanable.clean();
        }
    }

    /** {@return {@code OwnedFd[fd=n]} or {@code OwnedFd[closed]}} */
    @Override
    public String toString() {
        return handle.isClosed() ? "OwnedFd[closed]" : "OwnedFd[fd=" + handle.number() + "]";
    }
}
