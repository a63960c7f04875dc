package io.github.panamasockets;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Cleaners;
import io.github.panamasockets.internal.FdHandle;
import io.github.panamasockets.internal.Libc;
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
 * {@snippet :
 * Path page = Path.of("index.html");
 * try (OwnedFd file = OwnedFd.open(page)) {
 *     connection.sendfile(file, 0, Files.size(page));   // the kernel copies the file to the socket
 * }
 * }
 */
public final class OwnedFd implements AutoCloseable, DescriptorOwner {
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
            handle.end(call, true);
        } catch (ClosedWhileBlockedException impossible) {
            throw new AssertionError(impossible); // completed calls never throw
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
            try {
                handle.end("dup", true);
            } catch (ClosedWhileBlockedException ignored) {
                // completed calls never throw
            }
            Reference.reachabilityFence(this);
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
            handle.close();
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
