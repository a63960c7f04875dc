package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

    private static void play(int rounds) throws Exception {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            client.connect(listener.getsockname());
            try (PosixSocket server = listener.accept()) {
                MemorySegment ping = Arena.global().allocate(1);
                MemorySegment pong = Arena.global().allocate(1);
                Thread echo = Thread.ofVirtual().start(() -> {
                    try {
                        while (server.recv(pong, 0) == 1) {
                            server.send(pong, 0);
                        }
                    } catch (Exception e) {
                        // the other side closed its end: a zero-length read above, or an error here
                    }
                });
                for (int i = 0; i < rounds; i++) {
                    if (client.send(ping, 0) != 1 || client.recv(ping, 0) != 1) {
                        throw new AssertionError("a byte went astray");
                    }
                }
                client.shutdown(SocketConstants.SHUT_WR);
                echo.join();
                System.out.println("fds=" + number(client) + "," + number(server) + " rounds=" + rounds);
            }
        }
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
