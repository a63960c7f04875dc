package io.github.panamasockets;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The fixtures for moving bytes in tests: a receive timeout, so that a missing byte fails a test instead of
 * hanging it, and the loops that send or receive a whole message over a stream, which may move it in parts.
 * Import them statically.
 */
final class SocketIo {
    /** How long a receive may wait in a test before it fails. */
    static final Duration RECV_TIMEOUT = Duration.ofSeconds(5);

    private SocketIo() {}

    /** Sets {@code SO_RCVTIMEO} to {@link #RECV_TIMEOUT}: a receive that gets nothing then fails with EAGAIN. */
    static void recvTimeout(PosixSocket s) throws IOException {
        s.setOption(PosixSocketOptions.SO_RCVTIMEO, RECV_TIMEOUT);
    }

    /** Sends all of {@code data}, however many calls it takes; each must send something. */
    static void sendAll(PosixSocket s, byte[] data) throws IOException {
        for (int off = 0; off < data.length; ) {
            int n = s.send(data, off, data.length - off, 0);
            assertTrue(n > 0, "send returned " + n);
            off += n;
        }
    }

    /** Sends what remains of {@code data}, however many calls it takes. */
    static void sendAll(PosixSocket s, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            s.send(data, 0);
        }
    }

    /** @return exactly {@code length} bytes, received in as many calls as it takes; the end of stream fails */
    static byte[] recvExactly(PosixSocket s, int length) throws IOException {
        byte[] buf = new byte[length];
        for (int off = 0; off < length; ) {
            int n = s.recv(buf, off, length - off, 0);
            assertTrue(n > 0, "end of stream after " + off + " of " + length + " bytes");
            off += n;
        }
        return buf;
    }

    /** @return {@link #recvExactly} as ASCII text */
    static String recvText(PosixSocket s, int length) throws IOException {
        return new String(recvExactly(s, length), US_ASCII);
    }
}
