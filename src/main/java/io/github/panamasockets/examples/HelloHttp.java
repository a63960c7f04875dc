package io.github.panamasockets.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 half of the two example servers ({@link HttpServer} on this library, {@link JdkHttpServer} on
 * {@code java.net.ServerSocket}): it reads requests from one connection's streams and answers each with a
 * short text, keeping the connection open for the next request unless the client asks otherwise. Being the
 * same code for both, it leaves the sockets as the only difference between them.
 *
 * <p>It is deliberately small — requests without a body ({@code GET}, {@code HEAD}), no chunked encoding —
 * and what a load generator such as {@code wrk} or {@code ab} needs: keep-alive by default for HTTP/1.1,
 * {@code Connection: close} honoured, HTTP/1.0 closed after the response unless it asks for keep-alive.
 */
public final class HelloHttp {
    private static final byte[] BODY = "Hello, world\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = response("");
    private static final byte[] KEEP_ALIVE_1_0 = response("Connection: keep-alive\r\n");
    private static final byte[] CLOSE = response("Connection: close\r\n");
    /** The largest request head accepted; a longer one ends the connection. */
    private static final int MAX_HEAD = 8192;

    private HelloHttp() {}

    private static byte[] response(String connectionHeader) {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length + "\r\n"
                + connectionHeader + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] r = new byte[h.length + BODY.length];
        System.arraycopy(h, 0, r, 0, h.length);
        System.arraycopy(BODY, 0, r, h.length, BODY.length);
        return r;
    }

    /**
     * Serves the requests of one connection until the client closes it, asks for it to be closed, or sends a
     * request head larger than 8 KiB.
     *
     * @param in the connection's input
     * @param out its output; each response goes in one write
     * @throws IOException when reading or writing fails (a client that went away)
     */
    public static void serve(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[MAX_HEAD];
        int start = 0, end = 0;
        for (;;) {
            int headEnd = headEnd(buf, start, end);
            while (headEnd < 0) {
                if (start > 0) { // keep the unread part at the front, making room for more
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    return; // a head too large for this server
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return; // the client closed the connection
                }
                end += n;
                headEnd = headEnd(buf, start, end);
            }
            byte[] answer = answerFor(new String(buf, start, headEnd - start, StandardCharsets.ISO_8859_1));
            start = headEnd;
            out.write(answer);
            if (answer == CLOSE) {
                return;
            }
        }
    }

    /** The index just past the blank line ending a request head in {@code buf[from, to)}, or -1. */
    private static int headEnd(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static byte[] answerFor(String head) {
        int lineEnd = head.indexOf("\r\n");
        String requestLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
        String headers = head.toLowerCase(java.util.Locale.ROOT);
        if (requestLine.endsWith("HTTP/1.0")) {
            return headers.contains("\r\nconnection: keep-alive") ? KEEP_ALIVE_1_0 : CLOSE;
        }
        return headers.contains("\r\nconnection: close") ? CLOSE : KEEP_ALIVE;
    }
}
