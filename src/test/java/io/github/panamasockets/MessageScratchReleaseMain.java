package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_RCVBUFFORCE;
import static io.github.panamasockets.SocketConstants.SO_SNDBUFFORCE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child of {@link MessageScratchReleaseTest}: on each of four platform threads, one call that needs a large
 * message area — {@code control}: a {@code recvmsg} with 64 MiB of room for control data; {@code record}: a 4 MiB
 * {@code SOCK_SEQPACKET} record received into a heap array — then, while those threads are still alive (a thread's
 * scratch memory lives as long as the thread), prints how much the process's resident memory grew:
 * {@code grown=<bytes>}. Run with a fixed, pre-touched heap, so that the figure is native memory.
 */
public final class MessageScratchReleaseMain {
    static final int THREADS = 4;
    static final int CONTROL = 64 << 20;
    static final int RECORD = 4 << 20;

    private MessageScratchReleaseMain() {}

    public static void main(String[] args) throws Exception {
        boolean control = args[0].equals("control");
        // Made, and resident, before the first measure.
        byte[][] sinks = new byte[THREADS][control ? 1 : RECORD];
        for (byte[] sink : sinks) {
            Arrays.fill(sink, (byte) 1);
        }
        // The same calls, small, on this thread first: the classes, handles and threads they need are part of the
        // process from then on, not of what the measured calls leave behind.
        warmUp();
        System.gc();
        long before = residentBytes();
        CountDownLatch done = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            byte[] sink = sinks[i];
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try {
                    if (control) {
                        receiveWithHugeControl();
                    } else {
                        receiveLargeRecord(sink);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
                try {
                    release.await(); // alive, with this thread's scratch memory, until measured
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the calls did not end");
            }
            if (failure.get() != null) {
                throw new AssertionError("a call failed", failure.get());
            }
            System.gc();
            System.out.println("grown=" + (residentBytes() - before));
        } finally {
            release.countDown();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void warmUp() throws Exception {
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    receiveWithHugeControl(1024);
                    receiveLargeRecord(new byte[4096], 4096);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        t.join();
    }

    private static void receiveWithHugeControl() throws IOException {
        receiveWithHugeControl(CONTROL);
    }

    private static void receiveWithHugeControl(int controlLength) throws IOException {
        PosixSocket[] s = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try {
            s[1].send(new byte[] {7}, 0);
            MsgResult r = s[0].recvmsg(List.of(IoBuffer.of(new byte[1])), controlLength, 0);
            if (r.bytes() != 1) {
                throw new AssertionError("received " + r.bytes());
            }
        } finally {
            s[0].close();
            s[1].close();
        }
    }

    private static void receiveLargeRecord(byte[] sink) throws IOException {
        receiveLargeRecord(sink, RECORD);
    }

    private static void receiveLargeRecord(byte[] sink, int size) throws IOException {
        PosixSocket[] s = PosixSocket.socketpair(AF_UNIX, SOCK_SEQPACKET, 0);
        try {
            for (PosixSocket x : s) {
                x.setsockopt(SOL_SOCKET, SO_SNDBUFFORCE, 2 * size);
                x.setsockopt(SOL_SOCKET, SO_RCVBUFFORCE, 2 * size);
            }
            try (Arena arena = Arena.ofConfined()) {
                s[1].send(arena.allocate(size), 0);
            }
            long n = s[0].readv(IoBuffer.of(sink));
            if (n != size) {
                throw new AssertionError("received " + n + " bytes of a " + size + "-byte record");
            }
        } finally {
            s[0].close();
            s[1].close();
        }
    }

    /** VmRSS from /proc/self/status. */
    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
