package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Run by {@link CriticalGcTest} in a JVM of its own: platform threads wait in {@code recv} in blocking mode
 * with {@code byte[]} buffers — after a first attempt without waiting, which may be a critical downcall since
 * it cannot block, they wait inside {@code recv(2)} through the thread's native bounce buffer, in an ordinary
 * downcall — and virtual threads wait in {@code recv} too, parked in the poller. Meanwhile the main thread runs
 * {@code System.gc()} ten times, each of which needs every thread at a safepoint: a thread blocked inside a
 * critical downcall would hold it off for as long as it blocks.
 *
 * <p>Prints {@code key=value} lines for the test to check, and exits with 0 only when all went well.
 */
final class CriticalGcMain {
    private CriticalGcMain() {}

    public static void main(String[] args) throws Exception {
        int platform = Integer.parseInt(args[0]);
        int virtual = Integer.parseInt(args[1]);
        int gcs = Integer.parseInt(args[2]);
        int n = platform + virtual;
        PosixSocket[][] pairs = new PosixSocket[n][];
        Thread[] threads = new Thread[n];
        String[] received = new String[n];
        for (int i = 0; i < n; i++) {
            pairs[i] = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
            int k = i;
            Runnable body = () -> {
                try {
                    byte[] buf = new byte[64];
                    int got = pairs[k][0].recv(buf, 0);
                    received[k] = new String(buf, 0, got, StandardCharsets.US_ASCII);
                } catch (Exception e) {
                    received[k] = e.toString();
                }
            };
            threads[i] = i < platform ? Thread.ofPlatform().name("gc-recv-" + i).start(body)
                    : Thread.ofVirtual().name("gc-vrecv-" + i).start(body);
        }

        // Every thread waits: a platform thread inside recv(2) on the bounce buffer, a virtual thread in the poller.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int waitingPlatform = 0;
        int waitingVirtual = 0;
        while (System.nanoTime() - deadline < 0) {
            waitingPlatform = 0;
            waitingVirtual = 0;
            for (int i = 0; i < n; i++) {
                if (i < platform) {
                    if (Waiting.isWaiting(pairs[i][0], 1, threads[i], Waiting.LIBC, "recv")
                            && Waiting.hasFrame(threads[i], "io.github.panamasockets.SocketCalls", "bounced")) {
                        waitingPlatform++;
                    }
                } else if (Waiting.isWaiting(pairs[i][0], 1, threads[i], Waiting.POLLER, "park")) {
                    waitingVirtual++;
                }
            }
            if (waitingPlatform == platform && waitingVirtual == virtual) {
                break;
            }
            LockSupport.parkNanos(1_000_000);
        }
        System.out.println("waiting platform=" + waitingPlatform + " virtual=" + waitingVirtual);
        if (waitingPlatform != platform || waitingVirtual != virtual) {
            for (Thread t : threads) {
                System.out.println(Waiting.describe(t));
            }
            System.exit(1);
        }

        long maxNanos = 0;
        long totalNanos = 0;
        for (int i = 0; i < gcs; i++) {
            long start = System.nanoTime();
            System.gc();
            long took = System.nanoTime() - start;
            maxNanos = Math.max(maxNanos, took);
            totalNanos += took;
        }
        System.out.println("gcs=" + gcs + " maxMillis=" + maxNanos / 1_000_000 + " totalMillis=" + totalNanos / 1_000_000);

        int still = 0;
        for (int i = 0; i < n; i++) {
            if (Waiting.isWaiting(pairs[i][0], 1, threads[i], i < platform ? Waiting.LIBC : Waiting.POLLER, null)) {
                still++;
            }
        }
        System.out.println("stillWaiting=" + still);

        for (int i = 0; i < n; i++) {
            pairs[i][1].send(("after gc " + i).getBytes(StandardCharsets.US_ASCII), 0);
        }
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (threads[i].join(Duration.ofSeconds(20)) && ("after gc " + i).equals(received[i])) {
                ok++;
            } else {
                System.out.println("thread " + i + ": " + received[i] + ", " + Waiting.describe(threads[i]));
            }
        }
        System.out.println("received=" + ok);
        for (PosixSocket[] pair : pairs) {
            pair[0].close();
            pair[1].close();
        }
        System.exit(ok == n && still == n ? 0 : 2);
    }
}
