package io.github.panamasockets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link PosixSocket} seen as a NIO channel, so that code written for channels — {@link Channels}'s streams
 * and readers, an {@link javax.net.ssl.SSLEngine} loop, a framing codec — runs over it unchanged. Made by
 * {@link PosixSocket#channel()}; the socket stays the owner of the descriptor.
 *
 * {@snippet :
 * PosixSocketChannel ch = socket.channel();
 * ByteBuffer header = ByteBuffer.allocate(4), body = ByteBuffer.allocateDirect(1024);
 * long n = ch.read(new ByteBuffer[] {header, body});      // readv: one recvmsg into both
 * ch.write(new ByteBuffer[] {header.flip(), body.flip()}); // writev: one sendmsg from both
 * InputStream in = Channels.newInputStream(ch);
 * }
 *
 * <p>The channel contract's results are C's, translated: end of stream is {@code -1} (C's 0), and in
 * non-blocking mode ({@link PosixSocket#setBlocking setBlocking(false)}) a call that would wait returns 0 (C's
 * {@code -1} with {@code EAGAIN}). In blocking mode, or with a timeout, a write returns only when everything has
 * been written. On a datagram socket a read of 0 bytes is an empty datagram, not the end, and is returned as 0.
 *
 * <p>Exceptions are the socket's, except for closing, which is reported as channels report it: a
 * {@link ClosedChannelException} once closed, an {@link AsynchronousCloseException} when another thread closed
 * the socket during the call, and a {@link java.nio.channels.ClosedByInterruptException} when the waiting
 * thread was interrupted (which closes the socket, as it closes a JDK channel). Closing the channel closes the
 * socket.
 */
public final class PosixSocketChannel implements ByteChannel, ScatteringByteChannel, GatheringByteChannel {
    /** The most buffers one {@code sendmsg} or {@code recvmsg} takes. */
    private static final int IOV_MAX = IoBuffers.IOV_MAX;

    private final PosixSocket socket;

    PosixSocketChannel(PosixSocket socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** {@return the socket this channel reads and writes} */
    public PosixSocket socket() {
        return socket;
    }

    /**
     * {@code read(2)} into the buffer's remaining space.
     *
     * @param dst where the bytes go; its position advances by the count
     * @return the count; -1 at end of stream; 0 when the buffer is full, or nothing is there in non-blocking mode
     * @throws IOException as the socket's {@code read}, or as described for closing
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n;
        try {
            n = socket.read(dst);
        } catch (SocketClosedException e) {
            throw closed(e);
        }
        return (int) result(n);
    }

    /**
     * A scattering read: one {@code recvmsg} into the buffers' remaining space, in order.
     *
     * @param dsts the buffers
     * @param offset the first buffer to use
     * @param length how many buffers to use, from {@code offset}; at most 1024 take part in one call
     * @return the count; -1 at end of stream; 0 when there is no room, or nothing is there in non-blocking mode
     * @throws IOException as the socket's {@code recvmsg}, or as described for closing
     */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        IoBuffer[] buffers = Arrays.stream(dsts, offset, offset + Math.min(length, IOV_MAX))
                .map(IoBuffer::of).toArray(IoBuffer[]::new);
        if (Arrays.stream(buffers).allMatch(b -> b.length() == 0)) {
            return 0;
        }
        long n;
        try {
            n = socket.readv(buffers);
        } catch (SocketClosedException e) {
            throw closed(e);
        }
        return result(n);
    }

    /**
     * A scattering read into all of {@code dsts}.
     *
     * @param dsts the buffers
     * @return as {@link #read(ByteBuffer[], int, int)}
     * @throws IOException as {@link #read(ByteBuffer[], int, int)}
     */
    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /**
     * {@code write(2)} of the buffer's remaining bytes: all of them unless the socket is in non-blocking mode.
     *
     * @param src the bytes; its position advances by the count
     * @return the count; 0 in non-blocking mode when the socket cannot take any
     * @throws IOException as the socket's {@code write}, or as described for closing
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = 0;
        try {
            do {
                int n = socket.write(src);
                if (n == PosixSocket.WOULD_BLOCK) {
                    break;
                }
                total += n;
            } while (src.hasRemaining() && socket.isBlocking());
        } catch (SocketClosedException e) {
            throw closed(e);
        }
        return total;
    }

    /**
     * A gathering write: {@code sendmsg} from the buffers' remaining bytes, in order; all of them unless the
     * socket is in non-blocking mode.
     *
     * @param srcs the buffers
     * @param offset the first buffer to use
     * @param length how many buffers to use, from {@code offset}
     * @return the count; 0 in non-blocking mode when the socket cannot take any
     * @throws IOException as the socket's {@code sendmsg}, or as described for closing
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        long total = 0;
        int first = offset;
        int end = offset + length;
        try {
            while (first < end) {
                if (!srcs[first].hasRemaining()) {
                    first++; // an emptied buffer takes no part in the next call
                    continue;
                }
                IoBuffer[] buffers = Arrays.stream(srcs, first, Math.min(end, first + IOV_MAX))
                        .map(IoBuffer::of).toArray(IoBuffer[]::new);
                long n = socket.writev(buffers);
                if (n == PosixSocket.WOULD_BLOCK) {
                    break;
                }
                total += n;
                if (!socket.isBlocking()) {
                    break;
                }
            }
        } catch (SocketClosedException e) {
            throw closed(e);
        }
        return total;
    }

    /**
     * A gathering write from all of {@code srcs}.
     *
     * @param srcs the buffers
     * @return as {@link #write(ByteBuffer[], int, int)}
     * @throws IOException as {@link #write(ByteBuffer[], int, int)}
     */
    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** {@return whether the socket is still open} */
    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    /**
     * Closes the socket.
     *
     * @throws IOException as {@link PosixSocket#close()}
     */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** {@return {@code PosixSocketChannel[}the socket{@code ]}} */
    @Override
    public String toString() {
        return "PosixSocketChannel[" + socket + "]";
    }

    /** C's count in the channel contract's terms: 0 is the end of a stream, {@code WOULD_BLOCK} is "nothing yet". */
    private long result(long n) {
        if (n == PosixSocket.WOULD_BLOCK) {
            return 0;
        }
        if (n == 0 && socket.type() != SocketConstants.SOCK_DGRAM) {
            return -1;
        }
        return n;
    }

    private static IOException closed(SocketClosedException e) {
        IOException channelStyle = e instanceof ClosedWhileBlockedException
                ? new AsynchronousCloseException() : new ClosedChannelException();
        channelStyle.initCause(e);
        return channelStyle;
    }
}
