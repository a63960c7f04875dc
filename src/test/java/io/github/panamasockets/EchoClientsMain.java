package io.github.panamasockets;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of {@link TenThousandConnectionsTest}, run in a JVM of their own and written with the JDK's
 * {@link SocketChannel} on virtual threads, independently of the library under test: {@code count} clients
 * connect to {@code 127.0.0.1:port} (at most {@code connecting} connects under way at once, so that the
 * server's accept queue never overflows; a refused connect is tried again), each sends a message of random
 * size up to 4 KiB and checks every byte of the echo, then waits until all {@code count} have done so — so that
 * every connection is open at the same time — then sends and checks a second message and closes.
 *
 * <p>Arguments: port, count, seed, connecting. Prints {@code key=value} lines for the test to check, and exits
 * with 0 only when every client checked both echoes.
 */
final class EchoClientsMain {
    private static final int MAX_MESSAGE = 4096;
    private static final Duration ALL_CONNECTED_LIMIT = Duration.ofSeconds(120);

    private static InetSocketAddress server;
    private static long seed;
    private static Semaphore connectSlots;
    private static CountDownLatch firstEchoes;
    private static final AtomicInteger connected = new AtomicInteger();
    private static final AtomicInteger finished = new AtomicInteger();
    private static final AtomicInteger failed = new AtomicInteger();
    private static final AtomicInteger retries = new AtomicInteger();
    private static final AtomicLong bytes = new AtomicLong();
    private static final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    private EchoClientsMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        seed = Long.parseLong(args[2]);
        connectSlots = new Semaphore(Integer.parseInt(args[3]));
        firstEchoes = new CountDownLatch(count);
        server = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);

        long start = System.nanoTime();
        Thread progress = Thread.ofPlatform().daemon().start(() -> {
            for (;;) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("progress connected=" + connected + " firstEchoes=" + (count - firstEchoes.getCount())
                        + " finished=" + finished + " failed=" + failed);
            }
        });
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int k = i;
                clients.submit(() -> client(k));
            }
        }
        progress.interrupt();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        errors.stream().limit(10).forEach(e -> System.out.println("error " + e));
        System.out.println("clients=" + count + " connected=" + connected + " finished=" + finished + " failed=" + failed
                + " bytes=" + bytes + " retries=" + retries + " millis=" + millis);
        System.exit(finished.get() == count && failed.get() == 0 ? 0 : 1);
    }

    private static void client(int i) {
        SplittableRandom random = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L));
        boolean counted = false;
        try (SocketChannel channel = connect()) {
            connected.incrementAndGet();
            echo(channel, random);
            firstEchoes.countDown();
            counted = true;
            if (!firstEchoes.await(ALL_CONNECTED_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("not every client had its first echo within " + ALL_CONNECTED_LIMIT);
            }
            echo(channel, random);
            finished.incrementAndGet();
        } catch (Throwable e) {
            failed.incrementAndGet();
            errors.add("client " + i + ": " + e);
            if (!counted) {
                firstEchoes.countDown(); // the others need not wait for a client that failed
            }
        }
    }

    private static SocketChannel connect() throws IOException, InterruptedException {
        connectSlots.acquire();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return SocketChannel.open(server);
                } catch (ConnectException refused) {
                    if (attempt == 50) {
                        throw refused;
                    }
                    retries.incrementAndGet();
                    Thread.sleep(20);
                }
            }
        } finally {
            connectSlots.release();
        }
    }

    /** Sends a message of 1 to 4096 random bytes and checks that exactly those bytes come back. */
    private static void echo(SocketChannel channel, SplittableRandom random) throws IOException {
        byte[] message = new byte[1 + random.nextInt(MAX_MESSAGE)];
        random.nextBytes(message);
        ByteBuffer out = ByteBuffer.wrap(message);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer in = ByteBuffer.allocate(message.length);
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed after " + in.position() + " of " + message.length + " bytes");
            }
        }
        byte[] echoed = in.array();
        for (int j = 0; j < message.length; j++) {
            if (echoed[j] != message[j]) {
                throw new IOException("byte " + j + " of " + message.length + " came back as " + echoed[j] + ", not " + message[j]);
            }
        }
        bytes.addAndGet(message.length);
    }
}
