package io.github.panamasockets.child;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockAddr;
import io.github.panamasockets.SockaddrIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The soak, run in a JVM of its own by {@code SoakTest}: {@code cycles} rounds of connect, accept, send,
 * receive, close on loopback TCP, the server side closing first (so TIME_WAIT lands on the server's side and
 * the client's ephemeral ports are free again at once). It prints one line of figures, then exits 0; any
 * failure exits non-zero with the exception.
 *
 * <p>Usage: {@code SoakMain <cycles>}
 */
public final class SoakMain {
    private static final int WARM_UP = 2_000;

    private SoakMain() {}

    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(args[0]);
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(128);
            SockAddr address = listener.getsockname();
            byte[] request = new byte[32];
            byte[] reply = new byte[48];
            byte[] buf = new byte[64];
            for (int i = 0; i < WARM_UP; i++) {
                cycle(listener, address, request, reply, buf, i);
            }
            long fdBefore = openDescriptors();
            long heapBefore = heapAfterGc();
            long start = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                cycle(listener, address, request, reply, buf, i);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long fdAfter = openDescriptors();
            long heapAfter = heapAfterGc();
            System.out.printf("SOAK cycles=%d seconds=%.1f fdBefore=%d fdAfter=%d heapBefore=%d heapAfter=%d%n",
                    cycles, seconds, fdBefore, fdAfter, heapBefore, heapAfter);
        }
    }

    /** One connection's life; every byte is checked, and end of stream proves the server closed first. */
    private static void cycle(PosixSocket listener, SockAddr address, byte[] request, byte[] reply, byte[] buf, int i)
            throws IOException {
        Arrays.fill(request, (byte) i);
        Arrays.fill(reply, (byte) ~i);
        try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            client.connect(address);
            try (PosixSocket server = listener.accept()) {
                check(client.send(request, 0) == request.length, "send", i);
                check(readFully(server, buf, request.length) && Arrays.equals(buf, 0, request.length, request, 0, request.length), "request", i);
                check(server.send(reply, 0) == reply.length, "reply", i);
            }
            check(readFully(client, buf, reply.length) && Arrays.equals(buf, 0, reply.length, reply, 0, reply.length), "reply", i);
            check(client.recv(buf, 0) == 0, "end of stream", i);
        }
    }

    private static boolean readFully(PosixSocket s, byte[] buf, int n) throws IOException {
        for (int got = 0; got < n; ) {
            int r = s.recv(buf, got, n - got, 0);
            if (r <= 0) {
                return false;
            }
            got += r;
        }
        return true;
    }

    private static void check(boolean ok, String what, int cycle) {
        if (!ok) {
            throw new IllegalStateException("cycle " + cycle + ": " + what + " went wrong");
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // less the directory stream's own descriptor
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        // Runtime rather than the management API: this class is compiled into the library's module for the tests,
        // which does not read java.management.
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
