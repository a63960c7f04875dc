package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SHUT_WR;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket among Java's I/O types: as a {@link java.nio.channels.ByteChannel} with scattering and gathering
 * (so {@link Channels} and NIO loops take it), as {@code java.io} streams with {@link java.net.Socket}'s rules,
 * and with a {@code toString} that says what it is.
 */
@Timeout(30)
class JavaIoInteropTest {
    private static byte[] randomBytes(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }

    @Test
    void channelsNewInputStreamCopiesAStreamToItsEnd() throws Exception {
        byte[] data = randomBytes(3 << 20);
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket reader = pair[0]; PosixSocket writer = pair[1]) {
            CompletableFuture<Void> sent = async(() -> {
                try (OutputStream out = Channels.newOutputStream(writer.channel())) {
                    out.write(data);
                }
                return null;
            });
            byte[] got = Channels.newInputStream(reader.channel()).readAllBytes(); // needs -1 at the end
            sent.get(20, TimeUnit.SECONDS);
            assertArrayEquals(data, got);
            assertTrue(writer.isClosed(), "closing the stream over the channel closed the socket");
        }
    }

    @Test
    void aByteBufferEchoLoopAsNioCodeWritesIt() throws Exception {
        try (PosixSocket server = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            server.bind(SockaddrIn.of("127.0.0.1", 0));
            server.listen(1);
            CompletableFuture<Void> echo = async(() -> {
                try (PosixSocketChannel ch = server.accept().channel()) {
                    ByteBuffer buf = ByteBuffer.allocateDirect(1000); // an odd size: many partial rounds
                    while (ch.read(buf) != -1) {
                        buf.flip();
                        ch.write(buf);
                        buf.compact();
                    }
                }
                return null;
            });
            byte[] data = randomBytes(200_000);
            try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
                client.connect(server.getsockname());
                PosixSocketChannel ch = client.channel();
                CompletableFuture<Void> sender = async(() -> {
                    ByteBuffer out = ByteBuffer.wrap(data);
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                    client.shutdown(SHUT_WR);
                    return null;
                });
                ByteBuffer in = ByteBuffer.allocate(data.length + 1);
                int n;
                while ((n = ch.read(in)) != -1) {
                    assertTrue(n > 0, "a blocking read returns data or -1, never 0");
                }
                sender.get(20, TimeUnit.SECONDS);
                assertEquals(data.length, in.position());
                assertArrayEquals(data, java.util.Arrays.copyOf(in.array(), data.length));
            }
            echo.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void gatheringWriteOfThreeBuffersAndScatteringReadIntoThree() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            ByteBuffer header = ByteBuffer.wrap("HEAD".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer body = ByteBuffer.allocateDirect(6).put("-body-".getBytes(StandardCharsets.US_ASCII)).flip();
            ByteBuffer trailer = ByteBuffer.wrap("TAIL".getBytes(StandardCharsets.US_ASCII));
            assertEquals(14, a.channel().write(new ByteBuffer[] {header, body, trailer}));
            assertFalse(header.hasRemaining() || body.hasRemaining() || trailer.hasRemaining());

            ByteBuffer r1 = ByteBuffer.allocate(3);
            ByteBuffer r2 = ByteBuffer.allocateDirect(5);
            ByteBuffer r3 = ByteBuffer.allocate(10);
            ByteBuffer[] dsts = {ByteBuffer.allocate(1), r1, r2, r3};
            assertEquals(14, b.channel().read(dsts, 1, 3), "one recvmsg fills the buffers in order");
            assertEquals(0, dsts[0].position(), "buffers outside offset/length are untouched");
            assertEquals("HEA", new String(r1.array(), StandardCharsets.US_ASCII));
            assertEquals("D-bod", StandardCharsets.US_ASCII.decode(r2.flip()).toString());
            assertEquals("y-TAIL", new String(r3.array(), 0, r3.position(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void endOfStreamIsMinusOneAndAFullBufferIsZero() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            a.send("x".getBytes(), 0);
            a.shutdown(SHUT_WR);
            PosixSocketChannel ch = b.channel();
            assertEquals(0, ch.read(ByteBuffer.allocate(0)), "no room is not the end");
            assertEquals(1, ch.read(ByteBuffer.allocate(8)));
            assertEquals(-1, ch.read(ByteBuffer.allocate(8)), "C's 0 is the channel's -1");
            assertEquals(-1, ch.read(new ByteBuffer[] {ByteBuffer.allocate(2), ByteBuffer.allocate(2)}));
            assertEquals(-1, b.inputStream().read());
            assertEquals(-1, b.inputStream().read(new byte[4], 1, 3));
        }
    }

    @Test
    void nonBlockingReadsAndWritesReturnZero() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.setBlocking(false);
            PosixSocketChannel ch = b.channel();
            assertEquals(0, ch.read(ByteBuffer.allocate(8)), "nothing there yet");
            assertEquals(0, ch.read(new ByteBuffer[] {ByteBuffer.allocate(8)}));
            // Fill the socket until it takes nothing more: a non-blocking write then returns 0.
            ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 16);
            long written;
            do {
                chunk.clear();
                written = ch.write(chunk);
            } while (written > 0);
            assertEquals(0, written);
            assertEquals(0, ch.write(new ByteBuffer[] {ByteBuffer.allocate(8)}));
        }
    }

    @Test
    void streamsNeedBlockingModeOrATimeout() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.setBlocking(false);
            assertThrows(IllegalBlockingModeException.class, () -> b.inputStream().read());
            b.setTimeout(Duration.ofMillis(100));
            assertThrows(SocketTimeoutException.class, () -> b.inputStream().read());
        }
    }

    @Test
    void textThroughReadersAndWritersAndClosingAStreamClosesTheSocket() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            PrintWriter out = new PrintWriter(a.outputStream(), true, StandardCharsets.UTF_8);
            out.println("grüß dich");
            out.println("second line");
            BufferedReader in = new BufferedReader(new InputStreamReader(b.inputStream(), StandardCharsets.UTF_8));
            assertEquals("grüß dich", in.readLine());
            assertEquals("second line", in.readLine());
            out.close();
            assertTrue(a.isClosed(), "as java.net.Socket: closing the output stream closes the socket");
            assertEquals(null, in.readLine(), "the peer sees the end");
            InputStream stream = b.inputStream();
            stream.close();
            assertTrue(b.isClosed());
        }
    }

    @Test
    void aClosedChannelSaysSoAsChannelsDo() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            PosixSocketChannel ch = a.channel();
            assertTrue(ch.isOpen());
            ch.close();
            assertTrue(a.isClosed(), "closing the channel closes the socket");
            assertFalse(ch.isOpen());
            ClosedChannelException e = assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
            assertInstanceOf(SocketClosedException.class, e.getCause());
            assertThrows(ClosedChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
            assertThrows(ClosedChannelException.class, () -> ch.write(new ByteBuffer[] {ByteBuffer.allocate(1)}));
        }
    }

    @Test
    void aCloseFromAnotherThreadIsAsynchronousCloseException() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            PosixSocketChannel other = b.channel();
            CompletableFuture<Integer> blocked = async(() -> {
                try {
                    return other.read(ByteBuffer.allocate(1));
                } catch (AsynchronousCloseException expected) {
                    return -2;
                }
            });
            Thread.sleep(300); // let it block in recv
            b.close();
            assertEquals(-2, blocked.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anEmptyDatagramIsNotTheEnd() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            a.send(new byte[0], 0);
            assertEquals(0, b.channel().read(ByteBuffer.allocate(8)));
        }
    }

    @Test
    void toStringSaysFamilyTypeStateAndAddresses() throws Exception {
        try (PosixSocket server = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            assertTrue(server.toString().matches("PosixSocket\\[AF_INET, SOCK_STREAM, fd=\\d+, open]"), server.toString());
            server.bind(SockaddrIn.of("127.0.0.1", 0));
            server.listen(1);
            String local = server.getsockname().toString();
            assertTrue(server.toString().matches("PosixSocket\\[AF_INET, SOCK_STREAM, fd=\\d+, listening, local="
                    + local.replace(".", "\\.") + "]"), server.toString());
            try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
                 PosixSocket conn = connect(client, server)) {
                assertTrue(conn.toString().matches("PosixSocket\\[AF_INET, SOCK_STREAM, fd=\\d+, connected, local="
                        + local.replace(".", "\\.") + ", peer=127\\.0\\.0\\.1:\\d+]"), conn.toString());
                assertTrue(client.channel().toString().startsWith("PosixSocketChannel[PosixSocket[AF_INET"));
            }
            server.close();
            assertEquals("PosixSocket[AF_INET, SOCK_STREAM, closed]", server.toString());
        }
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            assertTrue(a.toString().matches("PosixSocket\\[AF_UNIX, SOCK_DGRAM, fd=\\d+, connected, peer=\\(unnamed\\)]"),
                    a.toString());
        }
    }

    /** A task on a thread of its own: the common pool has one worker on two cores, too few for a peer each. */
    static <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static PosixSocket connect(PosixSocket client, PosixSocket server) throws Exception {
        client.connect(server.getsockname());
        return server.accept();
    }
}
