package io.github.panamasockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.IllegalBlockingModeException;
import java.util.Objects;

/**
 * {@link PosixSocket#inputStream()} and {@link PosixSocket#outputStream()}: the socket as {@code java.io}
 * streams, with {@link java.net.Socket}'s rules. Reading returns -1 at the end of the stream (C's 0); writing
 * writes everything; closing either stream closes the socket (use {@code shutdown(SHUT_WR)} to half-close
 * instead); a stream needs blocking mode or a timeout, and throws {@link IllegalBlockingModeException} where a
 * non-blocking socket would have had to wait.
 */
final class SocketStreams {
    private SocketStreams() {}

    /** Reads with {@code read(2)}. */
    static final class In extends InputStream {
        private final PosixSocket socket;

        In(PosixSocket socket) {
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = socket.read(b, off, len);
            if (n == PosixSocket.WOULD_BLOCK) {
                throw new IllegalBlockingModeException();
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        @Override
        public String toString() {
            return "InputStream of " + socket;
        }
    }

    /** Writes with {@code write(2)}, until everything is written. */
    static final class Out extends OutputStream {
        private final PosixSocket socket;

        Out(PosixSocket socket) {
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            int done = 0;
            while (done < len) {
                int n = socket.write(b, off + done, len - done);
                if (n == PosixSocket.WOULD_BLOCK) {
                    throw new IllegalBlockingModeException();
                }
                done += n;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        @Override
        public String toString() {
            return "OutputStream of " + socket;
        }
    }
}
