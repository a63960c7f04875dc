package io.github.panamasockets;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM in which {@link VirtualThreadTest} counts the {@code epoll_ctl} calls that waits on virtual threads
 * make. Run with {@code -Dpanama.trace=true}: two virtual threads play ping-pong with one byte over loopback TCP,
 * so that nearly every {@code recv} finds nothing and parks its thread in the poller until the other side's byte
 * arrives. It prints {@code fds=<client>,<server> rounds=<n>} once done; the trace of every C call is in its
 * output too.
 */
public final class VirtualWaitSyscallsMain {
    private VirtualWaitSyscallsMain() {}

    /**
     * @param args the number of round trips
     * @throws Throwable on any failure
     */
    public static void main(String[] args) throws Throwable {
        int rounds = Integer.parseInt(args[0]);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread player = Thread.ofVirtual().start(() -> {
            try {
                play(rounds);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        player.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void play(int rounds) throws Throwable {
        String fds = VirtualWaitCostMain.withLibraryEcho((client, server, ping) -> {
            for (int i = 0; i < rounds; i++) {
                if (client.send(ping, 0) != 1 || client.recv(ping, 0) != 1) {
                    throw new AssertionError("a byte went astray");
                }
            }
            return number(client) + "," + number(server);
        });
        System.out.println("fds=" + fds + " rounds=" + rounds);
    }

    /** The descriptor number as the socket shows it: {@code fileno()} would mark it shared and change its waits. */
    private static String number(PosixSocket socket) {
        String s = socket.toString();
        int at = s.indexOf("fd=") + 3;
        int end = at;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return s.substring(at, end);
    }
}
