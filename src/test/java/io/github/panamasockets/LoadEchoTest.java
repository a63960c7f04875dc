package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketIo.sendAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load without loss: 64 concurrent clients each send 1,000 messages of random sizes, 1 byte to 64 KiB, through
 * one echo server, over TCP and over a Unix socket (10,000 messages each with {@code -Dpanama.heavy=true}).
 *
 * <p>The server is this library: a thread per connection, platform threads over TCP (they wait inside the
 * kernel call) and virtual threads over the Unix socket (they park in the library's poller), each echoing what
 * it receives and keeping a CRC-32C of its stream. The clients are an independent implementation, the JDK's
 * {@link SocketChannel}. Each client checks every echoed message byte for byte against what it sent, which
 * checks content and order within the stream, and at the end the server's count and checksum of each stream
 * must equal one client's.
 *
 * <p>Message sizes: half are drawn uniformly from 1 to 65,536 bytes (which moves volume), half log-uniformly
 * (the logarithm of the size is uniform, so 1-byte, kilobyte and 64 KiB messages are all common); each
 * client's first two messages are the extremes, 1 byte and 65,536 bytes.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadEchoTest {
    private static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    private static final int CLIENTS = 64;
    private static final int MESSAGES = HEAVY ? 10_000 : 1_000;
    private static final int MAX_SIZE = 64 * 1024;
    /** A generous bound for the whole run: minutes, where a normal run takes seconds. */
    private static final long BUDGET_SECONDS = HEAVY ? 900 : 150;

    /** What one side saw of one stream. */
    private record Stream(long bytes, long crc) {}

    @Test
    void tcpEchoServerOnPlatformThreads() throws Exception {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(CLIENTS);
            InetSocketAddress address = (InetSocketAddress) listener.getsockname().toSocketAddress();
            run("TCP", listener, Thread.ofPlatform().factory(), () -> {
                SocketChannel c = SocketChannel.open();
                c.connect(address);
                c.socket().setTcpNoDelay(true);
                return c;
            });
        }
    }

    @Test
    void unixEchoServerOnVirtualThreads(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        try (PosixSocket listener = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            listener.bind(SockaddrUn.of(path));
            listener.listen(CLIENTS);
            SocketAddress address = UnixDomainSocketAddress.of(path);
            run("Unix", listener, Thread.ofVirtual().factory(), () -> {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(address);
                return c;
            });
        }
    }

    private interface Connector {
        SocketChannel open() throws IOException;
    }

    private static void run(String transport, PosixSocket listener, java.util.concurrent.ThreadFactory serverThreads,
                            Connector connector) throws Exception {
        ConcurrentLinkedQueue<Stream> serverSide = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> serverErrors = new ConcurrentLinkedQueue<>();
        long seed = new SplittableRandom().nextLong();
        long start = System.nanoTime();
        List<Stream> clientSide = new ArrayList<>();
        try (ExecutorService handlers = Executors.newThreadPerTaskExecutor(serverThreads);
             ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            Future<?> acceptor = handlers.submit(() -> {
                for (int i = 0; i < CLIENTS; i++) {
                    PosixSocket connection = listener.accept();
                    handlers.submit(() -> echo(connection, serverSide, serverErrors, transport.equals("TCP")));
                }
                return null;
            });
            List<Future<Stream>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                long clientSeed = seed + i;
                results.add(clients.submit(() -> client(connector, clientSeed)));
            }
            long deadline = start + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
            for (Future<Stream> r : results) {
                clientSide.add(r.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            acceptor.get(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(serverErrors.isEmpty(), () -> "server errors: " + serverErrors);
        long bytes = clientSide.stream().mapToLong(Stream::bytes).sum();
        List<Stream> expected = sorted(clientSide);
        assertEquals(expected, sorted(new ArrayList<>(serverSide)),
                "the server saw exactly the bytes of each client's stream (count and CRC-32C)");
        System.out.printf("load: %s echo, %d clients x %,d messages = %,d messages, %,d bytes each way, %.1f s (%.0f MB/s each way), seed %d%n",
                transport, CLIENTS, MESSAGES, (long) CLIENTS * MESSAGES, bytes, seconds, bytes / seconds / 1e6, seed);
    }

    private static List<Stream> sorted(List<Stream> streams) {
        List<Stream> copy = new ArrayList<>(streams);
        copy.sort(java.util.Comparator.comparingLong(Stream::bytes).thenComparingLong(Stream::crc));
        return copy;
    }

    /** One connection of the server: echo until end of stream, then report the stream's count and checksum. */
    private static Void echo(PosixSocket connection, ConcurrentLinkedQueue<Stream> seen,
                             ConcurrentLinkedQueue<Throwable> errors, boolean heapBuffer) {
        try (PosixSocket c = connection) {
            CRC32C crc = new CRC32C();
            long total = 0;
            if (heapBuffer) {
                byte[] buf = new byte[MAX_SIZE];
                for (int n; (n = c.recv(buf, 0)) > 0; total += n) {
                    crc.update(buf, 0, n);
                    sendAll(c, ByteBuffer.wrap(buf, 0, n));
                }
            } else {
                ByteBuffer buf = ByteBuffer.allocateDirect(MAX_SIZE);
                for (int n; (n = c.recv(buf.clear(), 0)) > 0; total += n) {
                    buf.flip();
                    crc.update(buf.duplicate());
                    sendAll(c, buf);
                }
            }
            seen.add(new Stream(total, crc.getValue()));
        } catch (Throwable e) {
            errors.add(e);
        }
        return null;
    }

    /** One client: 1,000 messages, each checked against its echo; then a half-close and end of stream. */
    private static Stream client(Connector connector, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[MAX_SIZE];
        ByteBuffer in = ByteBuffer.allocate(MAX_SIZE);
        CRC32C sent = new CRC32C();
        CRC32C echoed = new CRC32C();
        long total = 0;
        try (SocketChannel channel = connector.open()) {
            for (int m = 0; m < MESSAGES; m++) {
                int size = m == 0 ? 1 : m == 1 ? MAX_SIZE : randomSize(random);
                random.nextBytes(out);
                ByteBuffer message = ByteBuffer.wrap(out, 0, size);
                while (message.hasRemaining()) {
                    channel.write(message);
                }
                sent.update(out, 0, size);
                in.clear().limit(size);
                while (in.hasRemaining()) {
                    if (channel.read(in) < 0) {
                        fail("end of stream after " + total + " bytes, in message " + m);
                    }
                }
                int mismatch = java.util.Arrays.mismatch(out, 0, size, in.array(), 0, size);
                if (mismatch >= 0) {
                    fail("message " + m + " (" + size + " bytes) came back different at byte " + mismatch);
                }
                echoed.update(in.array(), 0, size);
                total += size;
            }
            channel.shutdownOutput();
            assertEquals(-1, channel.read(in.clear()), "nothing more after the last echo");
        }
        assertEquals(sent.getValue(), echoed.getValue());
        return new Stream(total, sent.getValue());
    }

    private static int randomSize(SplittableRandom random) {
        if (random.nextBoolean()) {
            return random.nextInt(1, MAX_SIZE + 1);
        }
        return (int) Math.min(MAX_SIZE, Math.max(1, Math.round(Math.exp(random.nextDouble() * Math.log(MAX_SIZE)))));
    }
}
