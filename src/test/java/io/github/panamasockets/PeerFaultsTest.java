package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.POLLOUT;
import static io.github.panamasockets.SocketConstants.SHUT_WR;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_ERROR;
import static io.github.panamasockets.SocketConstants.SO_LINGER;
import static io.github.panamasockets.SocketConstants.SO_RCVBUF;
import static io.github.panamasockets.SocketConstants.SO_RCVTIMEO;
import static io.github.panamasockets.SocketConstants.TCP_INFO;
import static io.github.panamasockets.SocketConstants.TCP_SYN_SENT;
import static io.github.panamasockets.SocketConstants.TCP_USER_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the caller sees when the peer or the kernel ends a conversation, on loopback TCP (and Unix streams where
 * they differ): a reset mid-stream, a broken pipe, a half-close, a refused connection, a full listen backlog,
 * a receive timeout, a peer that vanishes during a large send, and {@code TCP_USER_TIMEOUT} against a peer
 * that never reads. Each ends in an exception naming the call and the errno — never a hang, never a signal
 * that takes the JVM down. The figures each test prints are quoted in docs/reliability.md.
 *
 * <p>Other faults are covered elsewhere: the errno-to-class table and injected errnos in
 * {@link ErrnoMappingTest}, interrupted calls in {@link EintrRetryTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PeerFaultsTest {

    /** A connected loopback TCP pair: [client, accepted]. */
    private static PosixSocket[] tcpPair(int family) throws IOException {
        try (PosixSocket listener = PosixSocket.socket(family, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(family == AF_INET6 ? SockaddrIn6.of("::1", 0) : SockaddrIn.loopback(0));
            listener.listen(1);
            PosixSocket client = PosixSocket.socket(family, SOCK_STREAM, IPPROTO_TCP);
            client.connect(listener.getsockname());
            return new PosixSocket[] {client, listener.accept()};
        }
    }

    /** {@code SO_LINGER {l_onoff = 1, l_linger = 0}}: close then sends RST instead of FIN. */
    private static void lingerZero(PosixSocket s) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment linger = arena.allocate(8);
            linger.set(ValueLayout.JAVA_INT, 0, 1);
            linger.set(ValueLayout.JAVA_INT, 4, 0);
            s.setsockopt(SOL_SOCKET, SO_LINGER, linger);
        }
    }

    private static int errno(Throwable e) {
        return assertInstanceOf(PosixError.class, e, () -> "not a PosixError: " + e).errno();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aResetMidStreamIsConnectionResetForTheReaderEvenWhileItWaits() throws Exception {
        PosixSocket[] pair = tcpPair(AF_INET);
        try (PosixSocket client = pair[0]; PosixSocket server = pair[1]) {
            byte[] first = "first part of the stream".getBytes(StandardCharsets.US_ASCII);
            assertEquals(first.length, server.send(first, 0));
            byte[] buf = new byte[first.length];
            assertEquals(first.length, client.recv(buf, 0));
            assertArrayEquals(first, buf);

            // The client waits in recv (inside the kernel) when the RST arrives.
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return fail("recv returned " + client.recv(new byte[16], 0));
                } catch (Throwable e) {
                    return e;
                }
            });
            Thread.sleep(200);
            lingerZero(server);
            server.close();
            Throwable e = reader.get(10, TimeUnit.SECONDS);
            assertInstanceOf(PosixSocketException.class, e);
            assertEquals(Errno.ECONNRESET, errno(e), e::toString);
            assertEquals("recv", ((PosixError) e).call());
            // The error is handed out once; after it the connection is simply gone.
            IOException after = assertThrows(IOException.class, () -> client.send(new byte[1], 0));
            assertEquals(Errno.EPIPE, errno(after), after::toString);
            System.out.println("faults: reset mid-stream -> " + e.getMessage() + "; next send -> " + after.getMessage());
        }
    }

    @Test
    void sendingAfterThePeerClosedIsBrokenPipeAndNoSignal() throws Exception {
        PosixSocket[] pair = tcpPair(AF_INET6);
        try (PosixSocket client = pair[0]) {
            pair[1].close(); // FIN; data sent after it is answered with RST
            byte[] data = new byte[64];
            IOException e = sendUntilFailure(() -> client.send(data, 0));
            // In CLOSE_WAIT the kernel reports the RST as EPIPE.
            assertEquals(Errno.EPIPE, errno(e), e::toString);
            IOException w = assertThrows(IOException.class, () -> client.write(data, 0, data.length));
            assertEquals(Errno.EPIPE, errno(w), w::toString);
            assertEquals("write", ((PosixError) w).call());
            System.out.println("faults: send after peer close -> " + e.getMessage() + "; write -> " + w.getMessage());
        }
    }

    @Test
    void halfCloseLetsThePeerReadEndOfStreamAndStillSend() throws Exception {
        PosixSocket[] tcp = tcpPair(AF_INET);
        PosixSocket[] unix = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        for (PosixSocket[] pair : List.of(tcp, unix)) {
            try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
                byte[] request = "request, then SHUT_WR".getBytes(StandardCharsets.US_ASCII);
                assertEquals(request.length, a.send(request, 0));
                a.shutdown(SHUT_WR);
                byte[] got = readToEnd(b);
                assertArrayEquals(request, got, "the peer read everything, then end of stream");
                assertEquals(0, b.recv(new byte[8], 0), "end of stream again");

                byte[] reply = "reply after the half-close".getBytes(StandardCharsets.US_ASCII);
                assertEquals(reply.length, b.send(reply, 0), "the peer can still send");
                b.close();
                assertArrayEquals(reply, readToEnd(a), "the half-closed side still receives");
                IOException e = sendUntilFailure(() -> a.send(new byte[1], 0));
                assertEquals(Errno.EPIPE, errno(e), "and can no longer send: " + e);
            }
        }
    }

    @Test
    void connectingToAClosedPortIsRefusedInEveryMode() throws Exception {
        for (int family : new int[] {AF_INET, AF_INET6}) {
            SockAddr closed;
            try (PosixSocket gone = PosixSocket.socket(family, SOCK_STREAM, IPPROTO_TCP)) {
                gone.bind(family == AF_INET6 ? SockaddrIn6.of("::1", 0) : SockaddrIn.loopback(0));
                closed = gone.getsockname();
            }
            try (PosixSocket blocking = PosixSocket.socket(family, SOCK_STREAM, IPPROTO_TCP)) {
                IOException e = assertThrows(IOException.class, () -> blocking.connect(closed));
                assertInstanceOf(ConnectException.class, e);
                assertEquals(Errno.ECONNREFUSED, errno(e));
            }
            try (PosixSocket timed = PosixSocket.socket(family, SOCK_STREAM, IPPROTO_TCP)) {
                timed.setTimeout(Duration.ofSeconds(5));
                IOException e = assertThrows(IOException.class, () -> timed.connect(closed));
                assertEquals(Errno.ECONNREFUSED, errno(e), "a timeout does not hide the refusal: " + e);
            }
            try (PosixSocket nonBlocking = PosixSocket.socket(family, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)) {
                // In progress, or refused at once: loopback may answer before connect returns.
                try {
                    if (!nonBlocking.connect(closed)) {
                        PollSet set = new PollSet();
                        set.add(nonBlocking, POLLOUT);
                        assertEquals(1, set.poll(5_000));
                        assertEquals(Errno.ECONNREFUSED, nonBlocking.getsockopt(SOL_SOCKET, SO_ERROR));
                    }
                } catch (PosixConnectException refusedAtOnce) {
                    assertEquals(Errno.ECONNREFUSED, refusedAtOnce.errno());
                }
            }
        }
    }

    /**
     * A listener with {@code listen(1)} that never accepts: the kernel completes as many handshakes as its
     * accept queue holds (backlog + 1 on Linux) and drops the other SYNs, so those clients stay in
     * {@code SYN_SENT} and retransmit; a connect with a timeout throws {@link PosixTimeoutException}. Once the
     * server accepts, a new client gets in at once.
     */
    @Test
    void aFullListenBacklogDropsSynsAndATimedConnectTimesOut() throws Exception {
        List<PosixSocket> clients = new ArrayList<>();
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            SockAddr address = listener.getsockname();
            int attempts = 6;
            for (int i = 0; i < attempts; i++) {
                PosixSocket c = PosixSocket.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP);
                clients.add(c);
                c.connect(address);
            }
            Thread.sleep(300);
            int connected = 0;
            int synSent = 0;
            for (PosixSocket c : clients) {
                PollSet set = new PollSet();
                set.add(c, POLLOUT);
                if (set.poll(0) == 1 && c.getsockopt(SOL_SOCKET, SO_ERROR) == 0) {
                    connected++;
                } else if (tcpState(c) == TCP_SYN_SENT) {
                    synSent++;
                }
            }
            assertTrue(connected >= 1, "the queue holds at least one connection");
            assertEquals(attempts, connected + synSent, "the others wait in SYN_SENT, their SYNs dropped");

            try (PosixSocket timed = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
                timed.setTimeout(Duration.ofMillis(500));
                long start = System.nanoTime();
                IOException e = assertThrows(IOException.class, () -> timed.connect(address));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertInstanceOf(PosixTimeoutException.class, e);
                assertEquals("connect", ((PosixError) e).call());
                assertTrue(millis >= 450 && millis < 5_000, "timed out after " + millis + " ms");
                System.out.println("faults: listen(1), " + attempts + " clients: " + connected + " connected, " + synSent
                        + " in SYN_SENT; a 500 ms connect -> " + e.getMessage() + " after " + millis + " ms");
            }

            // Stop the waiting clients' retransmissions, drain the queue: a new client is served at once.
            for (PosixSocket c : clients) {
                c.close();
            }
            listener.setTimeout(Duration.ofMillis(200));
            for (int i = 0; i < connected; i++) {
                listener.accept().close();
            }
            try (PosixSocket late = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
                late.setTimeout(Duration.ofSeconds(2));
                assertTrue(late.connect(address));
            }
        } finally {
            for (PosixSocket c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aReceiveTimeoutEndsTheWaitAndLeavesTheConnectionUsable() throws Exception {
        PosixSocket[] pair = tcpPair(AF_INET);
        try (PosixSocket client = pair[0]; PosixSocket server = pair[1]) {
            client.setTimeout(Duration.ofMillis(200));
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> client.recv(new byte[16], 0));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(PosixTimeoutException.class, e);
            assertEquals(Errno.EAGAIN, errno(e));
            assertTrue(millis >= 200 && millis < 2_000, "waited " + millis + " ms for a 200 ms timeout");

            // SO_RCVTIMEO, the kernel's own timeout, in blocking mode.
            client.setTimeout(null);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment tv = arena.allocate(16);
                tv.set(ValueLayout.JAVA_LONG, 0, 0);
                tv.set(ValueLayout.JAVA_LONG, 8, 150_000); // 150 ms
                client.setsockopt(SOL_SOCKET, SO_RCVTIMEO, tv);
            }
            long start2 = System.nanoTime();
            IOException k = assertThrows(IOException.class, () -> client.recv(new byte[16], 0));
            long millis2 = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start2);
            assertInstanceOf(PosixTimeoutException.class, k);
            assertTrue(millis2 >= 140 && millis2 < 2_000, "SO_RCVTIMEO waited " + millis2 + " ms");

            byte[] late = "data after two timeouts".getBytes(StandardCharsets.US_ASCII);
            server.send(late, 0);
            byte[] buf = new byte[64];
            int n = client.recv(buf, 0);
            assertArrayEquals(late, Arrays.copyOf(buf, n), "the connection survived both timeouts");
            System.out.println("faults: setTimeout(200 ms) -> " + e.getMessage() + " after " + millis + " ms; SO_RCVTIMEO 150 ms -> "
                    + millis2 + " ms");
        }
    }

    /**
     * The receiver reads a little and closes with unread data, which sends RST. The sender, blocked in one large
     * send, gets the bytes it managed (a partial count) and then the error — or the error at once — but never
     * hangs.
     */
    @Test
    void aPeerThatVanishesDuringALargeSendEndsTheSendWithAnError() throws Exception {
        PosixSocket[] pair = tcpPair(AF_INET);
        try (PosixSocket sender = pair[0]; PosixSocket receiver = pair[1]) {
            MemorySegment big = Arena.ofAuto().allocate(64 << 20);
            CompletableFuture<String> sending = CompletableFuture.supplyAsync(() -> {
                long sent = 0;
                try {
                    for (int i = 0; i < 8; i++) {
                        sent += sender.send(big, 0);
                    }
                    return "sent everything: " + sent;
                } catch (IOException e) {
                    return "after " + sent + " bytes: " + e.getMessage() + " errno " + ((PosixError) e).errno();
                }
            });
            byte[] some = new byte[1 << 20];
            long read = 0;
            while (read < (4 << 20)) {
                int n = receiver.recv(some, 0);
                assertTrue(n > 0);
                read += n;
            }
            receiver.close(); // unread data: RST
            String outcome = sending.get(20, TimeUnit.SECONDS);
            assertTrue(outcome.contains("errno " + Errno.ECONNRESET) || outcome.contains("errno " + Errno.EPIPE), outcome);
            System.out.println("faults: peer vanished during a 512 MiB send, having read " + read + " bytes -> " + outcome);
        }
    }

    /**
     * {@code TCP_USER_TIMEOUT} 500 ms against a peer that never reads. On loopback the peer's kernel answers every
     * zero-window probe, so before Linux 5.11 the connection stayed up forever; since then the timeout counts from
     * the first unanswered-by-window probe and the kernel aborts the connection with {@code ETIMEDOUT}. The
     * sender's blocked send returns what it had sent, and the next call reports {@code ETIMEDOUT} — the errno the
     * kernel handed to the send that ended, kept by the library for the next call.
     */
    @Test
    void tcpUserTimeoutAbortsAConnectionWhosePeerNeverReads() throws Exception {
        PosixSocket[] pair = tcpPair(AF_INET);
        try (PosixSocket sender = pair[0]; PosixSocket stalled = pair[1]) {
            stalled.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096);
            sender.setsockopt(IPPROTO_TCP, TCP_USER_TIMEOUT, 500);
            byte[] chunk = new byte[256 << 10];
            long start = System.nanoTime();
            CompletableFuture<IOException> sending = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 4096; i++) {
                        sender.send(chunk, 0);
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            IOException e = sending.get(30, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(PosixTimeoutException.class, e, () -> "not a timeout: " + e);
            assertEquals(Errno.ETIMEDOUT, errno(e), e::toString);
            assertTrue(millis >= 500, "aborted after " + millis + " ms, not before the user timeout");
            System.out.println("faults: TCP_USER_TIMEOUT 500 ms, peer never reads -> " + e.getMessage() + " after " + millis + " ms");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private interface Send {
        int run() throws IOException;
    }

    /** A send to a closed peer may succeed before the kernel hears of it; a few tries must fail. */
    private static IOException sendUntilFailure(Send send) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                send.run();
            } catch (IOException e) {
                return e;
            }
            Thread.sleep(5);
        }
        return fail("100 sends to a closed peer all succeeded");
    }

    private static byte[] readToEnd(PosixSocket s) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = s.recv(buf, 0)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** {@code tcpi_state}, the first byte of {@code struct tcp_info}. */
    private static int tcpState(PosixSocket s) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(256);
            s.getsockopt(IPPROTO_TCP, TCP_INFO, info);
            return Byte.toUnsignedInt(info.get(ValueLayout.JAVA_BYTE, 0));
        }
    }
}
