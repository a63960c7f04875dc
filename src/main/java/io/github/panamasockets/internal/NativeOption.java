package io.github.panamasockets.internal;

import io.github.panamasockets.PosixError;
import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SocketClosedException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One C socket option: its level and number, how its value is coded, and whether it may be read and written.
 * It reaches the kernel through the socket's raw {@code getsockopt}/{@code setsockopt}, with the value in a
 * confined arena that is freed when the call returns (options are not a hot path; nothing is looked up per
 * call).
 *
 * @param name the name used in messages: the option as the caller named it, and the C option when that differs
 * @param level {@code SOL_SOCKET}, {@code IPPROTO_TCP}, ...
 * @param optname the C option
 * @param codec the value's coding
 * @param access whether it may be read, written, or both
 * @param <T> the Java type of the value
 */
public record NativeOption<T>(String name, int level, int optname, OptionCodec<T> codec, Access access) {
    /** What the kernel allows to be done with an option. */
    public enum Access {
        /** {@code getsockopt} and {@code setsockopt}. */
        READ_WRITE,
        /** {@code getsockopt} only ({@code SO_ERROR}, {@code TCP_INFO}, ...). */
        READ_ONLY,
        /** {@code setsockopt} only (group memberships, {@code SO_RCVBUFFORCE}). */
        WRITE_ONLY
    }

    /**
     * {@code setsockopt(2)} with a checked, coded value.
     *
     * @param socket the socket
     * @param value the value; checked for {@code null}, its class and its range before any native call
     * @throws IOException the errno of {@code setsockopt}, its message naming this option
     * @throws UnsupportedOperationException for a read-only option
     */
    public void set(PosixSocket socket, Object value) throws IOException {
        if (access == Access.READ_ONLY) {
            throw new UnsupportedOperationException(name + " is read-only: getOption reads it, nothing sets it");
        }
        Objects.requireNonNull(value, () -> name + ": the value is null");
        if (!codec.type().isInstance(value)) {
            throw ScalarCodecs.invalid(name, "takes a " + codec.type().getName() + ", not a "
                    + value.getClass().getName());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment optval = codec.encode(name, codec.type().cast(value), arena);
            socket.setsockopt(level, optname, optval);
        } catch (IOException e) {
            throw naming(e);
        }
    }

    /**
     * {@code getsockopt(2)}, decoded.
     *
     * @param socket the socket
     * @return the value the kernel reports
     * @throws IOException the errno of {@code getsockopt}, its message naming this option
     * @throws UnsupportedOperationException for a write-only option
     */
    public T get(PosixSocket socket) throws IOException {
        if (access == Access.WRITE_ONLY) {
            throw new UnsupportedOperationException(name + " is write-only: the kernel has no getsockopt for it");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment optval = arena.allocate(codec.capacity(), Long.BYTES); // zeroed
            int length = socket.getsockopt(level, optname, optval);
            return codec.decode(name, optval, length);
        } catch (IOException e) {
            throw naming(e);
        }
    }

    /**
     * The raw calls report {@code "setsockopt: EPERM (1) Operation not permitted"}; which option was refused
     * is the first thing a reader needs, so the errno's exception is made again with the option as its detail.
     * A closed socket's exception is left as it is.
     */
    private IOException naming(IOException e) {
        if (e instanceof PosixError p && !(e instanceof SocketClosedException)) {
            IOException named = ErrnoExceptions.of(p.call(), p.errno(), name);
            named.setStackTrace(e.getStackTrace());
            return named;
        }
        return e;
    }
}
