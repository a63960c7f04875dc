package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Run by {@link VirtualThreadTest} in a JVM whose virtual-thread scheduler has a single carrier thread
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1}): {@code n}
 * virtual threads call {@code recv} on {@code n} socket pairs, in blocking mode, with nothing to receive;
 * once every one of them waits (its socket has a call in flight and it is parked in the library's poller), one
 * more virtual thread sends a message on every pair, and every receiver must get its own. A virtual thread
 * that blocked its carrier inside {@code recv(2)} would stop all the others, the sender included.
 *
 * <p>Prints {@code key=value} lines for the test to check, and exits with 0 only when all went well.
 */
final class VirtualThreadParkingMain {
    private VirtualThreadParkingMain() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        System.out.println("parallelism=" + System.getProperty("jdk.virtualThreadScheduler.parallelism")
                + " maxPoolSize=" + System.getProperty("jdk.virtualThreadScheduler.maxPoolSize"));
        PosixSocket[][] pairs = new PosixSocket[n][];
        for (int i = 0; i < n; i++) {
            pairs[i] = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        }
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        String[] received = new String[n];
        Thread[] receivers = new Thread[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            receivers[i] = Thread.ofVirtual().name("receiver-" + i).start(() -> {
                carriers.add(carrier());
                try {
                    byte[] buf = new byte[64];
                    int got = pairs[k][0].recv(buf, 0);
                    carriers.add(carrier());
                    received[k] = new String(buf, 0, got, StandardCharsets.US_ASCII);
                } catch (Exception e) {
                    received[k] = e.toString();
                }
            });
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int waiting = 0;
        while (System.nanoTime() - deadline < 0) {
            waiting = 0;
            for (int i = 0; i < n; i++) {
                if (Waiting.isWaiting(pairs[i][0], 1, receivers[i], Waiting.POLLER, "park")) {
                    waiting++;
                }
            }
            if (waiting == n) {
                break;
            }
            LockSupport.parkNanos(1_000_000);
        }
        System.out.println("waiting=" + waiting);
        if (waiting != n) {
            for (int i = 0; i < n; i++) {
                if (!Waiting.isWaiting(pairs[i][0], 1, receivers[i], Waiting.POLLER, "park")) {
                    System.out.println("not waiting in the poller: " + Waiting.describe(receivers[i]));
                    break;
                }
            }
            System.exit(1);
        }

        Thread sender = Thread.ofVirtual().name("sender").start(() -> {
            carriers.add(carrier());
            try {
                for (int i = 0; i < n; i++) {
                    pairs[i][1].send(("message " + i).getBytes(StandardCharsets.US_ASCII), 0);
                }
            } catch (Exception e) {
                e.printStackTrace(System.out);
            }
        });
        if (!sender.join(Duration.ofSeconds(20))) {
            System.out.println("the sender never finished: " + Waiting.describe(sender));
            System.exit(2);
        }
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (!receivers[i].join(Duration.ofSeconds(20))) {
                System.out.println("still waiting: " + Waiting.describe(receivers[i]));
                System.exit(3);
            }
            if (("message " + i).equals(received[i])) {
                ok++;
            } else {
                System.out.println("receiver " + i + " got " + received[i]);
            }
        }
        System.out.println("received=" + ok);
        System.out.println("carriers=" + carriers.size() + " " + carriers);
        for (PosixSocket[] pair : pairs) {
            pair[0].close();
            pair[1].close();
        }
        System.exit(ok == n && carriers.size() == 1 ? 0 : 4);
    }

    /** The carrier a virtual thread runs on, from its description: {@code VirtualThread[#22,name]/runnable@ForkJoinPool-1-worker-1}. */
    private static String carrier() {
        String s = Thread.currentThread().toString();
        return s.substring(s.indexOf('@') + 1);
    }
}
