package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_RCVTIMEO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panamasockets.internal.ErrnoExceptions;
import io.github.panamasockets.internal.FaultInjection;
import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every errno with a class of its own becomes that class, which is both a {@link PosixError} and the JDK's
 * standard exception ({@link BindException}, {@link ConnectException}, {@link NoRouteToHostException},
 * {@link SocketTimeoutException}), and every other errno a {@link PosixSocketException}; each carries the errno,
 * its symbolic name and the failed call, and its message says all three.
 *
 * <p>Errnos that loopback produces are provoked with real traffic (refused connections, ports in use,
 * addresses the host lacks, receive timeouts, closed peers, wrong use); an empty socket read without waiting
 * gives {@link PosixSocket#WOULD_BLOCK} rather than an exception. Those it cannot
 * produce ({@code EHOSTUNREACH}, {@code ENETUNREACH}, {@code ETIMEDOUT}, a signal's {@code EINTR}) are injected
 * through {@link FaultInjection}, which also shows how EINTR is treated: retried for {@code recv} and
 * {@code accept4}, never reissued for {@code connect} (whose outcome is read from {@code SO_ERROR}), and never
 * retried for {@code close}.
 */
// The default thread mode keeps each test on the thread whose faults @AfterEach clears (faults are per thread);
// every call here is bounded by the kernel or by the library's own timeout.
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ErrnoMappingTest {

    @AfterEach
    void clearFaults() {
        FaultInjection.clear();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Errno names and the table of special cases

    @Test
    void errnoNamesAndDescriptionsComeFromTheCLibrary() {
        assertEquals(111, Errno.ECONNREFUSED);
        assertEquals("ECONNREFUSED", Errno.name(111));
        assertEquals("Connection refused", Errno.description(111));
        assertEquals("EADDRINUSE", Errno.name(Errno.EADDRINUSE));
        assertEquals("EAGAIN", Errno.name(Errno.EWOULDBLOCK), "EAGAIN and EWOULDBLOCK share a value");
        assertEquals("errno 99999", Errno.name(99999));
        assertEquals("Unknown error 99999", Errno.description(99999));
    }

    @Test
    void specialCasesListEveryErrnoWithAClassOfItsOwn() {
        Map<String, Class<? extends IOException>> expected = new LinkedHashMap<>();
        expected.put("EAGAIN", PosixTimeoutException.class);
        expected.put("EADDRINUSE", PosixBindException.class);
        expected.put("EADDRNOTAVAIL", PosixBindException.class);
        expected.put("ENETUNREACH", PosixNoRouteToHostException.class);
        expected.put("ETIMEDOUT", PosixTimeoutException.class);
        expected.put("ECONNREFUSED", PosixConnectException.class);
        expected.put("EHOSTUNREACH", PosixNoRouteToHostException.class);
        Map<String, Class<? extends IOException>> actual = ErrnoExceptions.specialCases();
        assertEquals(expected, actual);
        assertEquals(expected.keySet().stream().toList(), actual.keySet().stream().toList(), "in errno order");
    }

    @Test
    void anyOtherErrnoIsAPlainPosixSocketException() {
        IOException e = ErrnoExceptions.of("send", Errno.ECONNRESET, null);
        assertPosix(e, PosixSocketException.class, SocketException.class, "send", Errno.ECONNRESET, "ECONNRESET");
        IOException withDetail = ErrnoExceptions.of("bind", Errno.EACCES, "127.0.0.1:1");
        assertTrue(withDetail.getMessage().endsWith(" [127.0.0.1:1]"), withDetail.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Real traffic on loopback

    @Test
    void connectToABoundButNotListeningPortIsRefused() throws IOException {
        try (PosixSocket bound = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            bound.bind(SockaddrIn.loopback(0));
            int port = ((SockaddrIn) bound.getsockname()).port();
            IOException e = assertThrows(IOException.class, () -> client.connect(SockaddrIn.of("127.0.0.1", port)));
            assertPosix(e, PosixConnectException.class, ConnectException.class, "connect", Errno.ECONNREFUSED, "ECONNREFUSED");
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), "names the address: " + e.getMessage());
        }
    }

    @Test
    void bindingAPortThatIsListenedOnIsAddressInUse() throws IOException {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket second = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            int port = ((SockaddrIn) listener.getsockname()).port();
            IOException e = assertThrows(IOException.class, () -> second.bind(SockaddrIn.of("127.0.0.1", port)));
            assertPosix(e, PosixBindException.class, BindException.class, "bind", Errno.EADDRINUSE, "EADDRINUSE");
        }
    }

    @Test
    void bindingAnAddressTheHostDoesNotHaveIsAddressNotAvailable() throws IOException {
        for (String ip : new String[] {"2001:db8::1", "::2"}) {
            try (PosixSocket s = PosixSocket.socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)) {
                IOException e = assertThrows(IOException.class, () -> s.bind(SockaddrIn6.of(ip, 0)));
                assertPosix(e, PosixBindException.class, BindException.class, "bind", Errno.EADDRNOTAVAIL, "EADDRNOTAVAIL");
            }
        }
    }

    @Test
    void nonBlockingReceiveOnAnEmptySocketReturnsWouldBlockWithoutAnException() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            assertEquals(PosixSocket.WOULD_BLOCK, a.recv(new byte[16], MSG_DONTWAIT));
            a.setBlocking(false);
            assertEquals(PosixSocket.WOULD_BLOCK, a.recv(new byte[16], 0));
            assertEquals(PosixSocket.WOULD_BLOCK, a.read(new byte[16], 0, 16));
        }
    }

    @Test
    void aTimeoutSetOnTheSocketThatExpiresIsATimeout() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1];
             PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            a.setTimeout(Duration.ofMillis(100));
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> a.recv(new byte[16], 0));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertPosix(e, PosixTimeoutException.class, SocketTimeoutException.class, "recv", Errno.EAGAIN, "EAGAIN");
            assertTrue(elapsedMillis >= 90 && elapsedMillis < 5_000, "waited " + elapsedMillis + " ms");

            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            listener.setTimeout(Duration.ofMillis(100));
            IOException a4 = assertThrows(IOException.class, listener::accept);
            assertPosix(a4, PosixTimeoutException.class, SocketTimeoutException.class, "accept", Errno.EAGAIN, "EAGAIN");
        }
    }

    @Test
    void receiveTimeoutFromSoRcvtimeoIsATimeout() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; Arena arena = Arena.ofConfined()) {
            MemorySegment timeval = arena.allocate(16, 8); // struct timeval { time_t tv_sec; suseconds_t tv_usec; }
            timeval.set(ValueLayout.JAVA_LONG, 0, 0);
            timeval.set(ValueLayout.JAVA_LONG, 8, 100_000);
            a.setsockopt(SOL_SOCKET, SO_RCVTIMEO, timeval);

            MemorySegment readBack = arena.allocate(16, 8);
            assertEquals(16, a.getsockopt(SOL_SOCKET, SO_RCVTIMEO, readBack));
            assertEquals(100_000, readBack.get(ValueLayout.JAVA_LONG, 0) * 1_000_000 + readBack.get(ValueLayout.JAVA_LONG, 8));

            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> a.recv(new byte[16], 0));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertPosix(e, PosixTimeoutException.class, SocketTimeoutException.class, "recv", Errno.EAGAIN, "EAGAIN");
            assertTrue(elapsedMillis >= 90, "recv waited for the timeout, not " + elapsedMillis + " ms");
            assertTrue(elapsedMillis < 5_000, "recv returned soon after the timeout, not after " + elapsedMillis + " ms");
        }
    }

    @Test
    void sendingToAClosedPeerIsBrokenPipe() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.close();
            IOException e = sendUntilFailure(() -> a.send(new byte[] {1, 2, 3}, 0));
            assertPosix(e, PosixSocketException.class, SocketException.class, "send", Errno.EPIPE, "EPIPE");
            IOException w = sendUntilFailure(() -> a.write(new byte[] {1, 2, 3}, 0, 3));
            assertPosix(w, PosixSocketException.class, SocketException.class, "write", Errno.EPIPE, "EPIPE");
        }
    }

    @Test
    void getpeernameOnAnUnconnectedSocketIsNotConnected() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            IOException e = assertThrows(IOException.class, s::getpeername);
            assertPosix(e, PosixSocketException.class, SocketException.class, "getpeername", Errno.ENOTCONN, "ENOTCONN");
        }
    }

    @Test
    void listenOnAUdpSocketIsNotSupported() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)) {
            IOException e = assertThrows(IOException.class, () -> s.listen(1));
            assertPosix(e, PosixSocketException.class, SocketException.class, "listen", Errno.EOPNOTSUPP, "EOPNOTSUPP");
        }
    }

    @Test
    void bindingTwiceIsInvalid() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            s.bind(SockaddrIn.loopback(0));
            IOException e = assertThrows(IOException.class, () -> s.bind(SockaddrIn.loopback(0)));
            assertPosix(e, PosixSocketException.class, SocketException.class, "bind", Errno.EINVAL, "EINVAL");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Injected through the seam

    @Test
    void injectedHostAndNetworkUnreachableAreNoRouteToHost() throws IOException {
        Map<Integer, String> errnos = Map.of(Errno.EHOSTUNREACH, "EHOSTUNREACH", Errno.ENETUNREACH, "ENETUNREACH");
        for (Map.Entry<Integer, String> errno : errnos.entrySet()) {
            try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
                FaultInjection.inject("connect", -1, errno.getKey(), 1);
                IOException e = assertThrows(IOException.class, () -> s.connect(SockaddrIn.of("127.0.0.1", 9)));
                assertPosix(e, PosixNoRouteToHostException.class, NoRouteToHostException.class, "connect",
                        errno.getKey(), errno.getValue());
                assertEquals(0, FaultInjection.pending("connect"));
            }
        }
    }

    @Test
    void injectedConnectTimeoutIsATimeout() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            FaultInjection.inject("connect", -1, Errno.ETIMEDOUT, 1);
            IOException e = assertThrows(IOException.class, () -> s.connect(SockaddrIn.of("127.0.0.1", 9)));
            assertPosix(e, PosixTimeoutException.class, SocketTimeoutException.class, "connect", Errno.ETIMEDOUT, "ETIMEDOUT");
        }
    }

    @Test
    void recvInterruptedBySignalsIsRetriedAndReturnsTheData() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            byte[] data = "after three signals".getBytes(StandardCharsets.US_ASCII);
            assertEquals(data.length, b.send(data, 0));
            FaultInjection.inject("recv", -1, Errno.EINTR, 3);
            assertEquals(3, FaultInjection.pending("recv"));
            byte[] buf = new byte[64];
            int n = a.recv(buf, 0);
            assertEquals(data.length, n);
            assertArrayEquals(data, Arrays.copyOf(buf, n));
            assertEquals(0, FaultInjection.pending("recv"), "all three EINTRs were consumed by retries");
        }
    }

    @Test
    void acceptInterruptedBySignalsIsRetriedAndReturnsTheConnection() throws IOException {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(4);
            client.connect(listener.getsockname());
            FaultInjection.inject("accept4", -1, Errno.EINTR, 3);
            try (PosixSocket accepted = listener.accept()) {
                assertEquals(client.getsockname(), accepted.getpeername());
            }
            assertEquals(0, FaultInjection.pending("accept4"), "all three EINTRs were consumed by retries");
        }
    }

    /**
     * The seam replaces the whole call, so after an injected EINTR no connection attempt exists: the library
     * polls, finds {@code SO_ERROR} 0 and returns. That the socket is still unconnected, and the second
     * injected fault still pending, proves that {@code connect} was not issued again.
     */
    @Test
    void connectInterruptedBySignalIsNotIssuedAgain() throws IOException {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(4);
            FaultInjection.inject("connect", -1, Errno.EINTR, 2);
            assertDoesNotThrow(() -> client.connect(listener.getsockname()));
            assertEquals(1, FaultInjection.pending("connect"), "connect was called exactly once");
            IOException e = assertThrows(IOException.class, client::getpeername);
            assertPosix(e, PosixSocketException.class, SocketException.class, "getpeername", Errno.ENOTCONN, "ENOTCONN");
        }
    }

    /** A connection under way when the signal came: the library waits for it and it completes. */
    @Test
    void connectInterruptedWhileInProgressWaitsForTheConnection() throws IOException {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(4);
            SockAddr server = listener.getsockname();
            assertFalse(client.connect(server), "a non-blocking connect is in progress");
            client.setBlocking(true);
            FaultInjection.inject("connect", -1, Errno.EINTR, 2);
            // A connect issued again would fail with EALREADY or EISCONN.
            assertTrue(client.connect(server));
            assertEquals(1, FaultInjection.pending("connect"), "connect was called exactly once");
            assertEquals(server, client.getpeername());
        }
    }

    /** A connection refused while the caller was interrupted: the error comes from {@code SO_ERROR}. */
    @Test
    void connectInterruptedWhileInProgressReportsTheErrorFromSoError() throws IOException {
        try (PosixSocket bound = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)) {
            bound.bind(SockaddrIn.loopback(0));
            SockAddr notListening = bound.getsockname();
            assertFalse(client.connect(notListening), "a non-blocking connect is in progress");
            client.setBlocking(true);
            FaultInjection.inject("connect", -1, Errno.EINTR, 2);
            IOException e = assertThrows(IOException.class, () -> client.connect(notListening));
            assertPosix(e, PosixConnectException.class, ConnectException.class, "connect", Errno.ECONNREFUSED, "ECONNREFUSED");
            assertEquals(1, FaultInjection.pending("connect"), "connect was called exactly once");
            assertEquals(0, client.getsockopt(SOL_SOCKET, SocketConstants.SO_ERROR), "SO_ERROR was read and cleared");
        }
    }

    /**
     * {@code close} interrupted by a signal is neither reported nor retried (Linux has released the number
     * already). The seam replaced the call, so here the descriptor really is still open; the test closes it.
     */
    @Test
    void closeInterruptedBySignalIsNeitherReportedNorRetried() throws IOException {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        int fd = s.fileno();
        Path link = Path.of("/proc/self/fd/" + fd);
        String target = Files.readSymbolicLink(link).toString();
        FaultInjection.inject("close", -1, Errno.EINTR, 2);
        assertDoesNotThrow(s::close);
        assertEquals(1, FaultInjection.pending("close"), "close(2) was called exactly once");
        assertTrue(s.isClosed());
        assertInstanceOf(SocketClosedException.class, assertThrows(IOException.class, () -> s.send(new byte[1], 0)));
        assertDoesNotThrow(s::close);
        assertEquals(1, FaultInjection.pending("close"), "a second close() does not call close(2)");

        FaultInjection.clear();
        assertEquals(target, Files.readSymbolicLink(link).toString(), "the seam kept the real close from running");
        Libc.close(fd);
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    }

    /** Any other error from {@code close(2)} is reported, and the socket counts as closed all the same. */
    @Test
    void closeFailingWithAnotherErrnoIsReportedOnce() throws IOException {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        int fd = s.fileno();
        FaultInjection.inject("close", -1, Errno.EIO, 2);
        IOException e = assertThrows(IOException.class, s::close);
        assertPosix(e, PosixSocketException.class, SocketException.class, "close", Errno.EIO, "EIO");
        assertTrue(s.isClosed());
        assertDoesNotThrow(s::close);
        assertEquals(1, FaultInjection.pending("close"), "a second close() does not call close(2)");
        FaultInjection.clear();
        Libc.close(fd);
    }

    // ---------------------------------------------------------------------------------------------------------

    private interface Send {
        int run() throws IOException;
    }

    /** A send to a closed peer may succeed before the kernel notices; a few tries must fail. */
    private static IOException sendUntilFailure(Send send) {
        for (int i = 0; i < 100; i++) {
            try {
                send.run();
            } catch (IOException e) {
                return e;
            }
        }
        return fail("100 sends to a closed peer all succeeded");
    }

    static void assertPosix(Throwable e, Class<?> posixType, Class<?> jdkType, String call, int errno, String name) {
        assertSame(posixType, e.getClass(), () -> "exception type for " + name + ": " + e);
        assertInstanceOf(jdkType, e);
        PosixError p = assertInstanceOf(PosixError.class, e);
        assertEquals(errno, p.errno(), "errno");
        assertEquals(name, p.errnoName(), "errnoName");
        assertEquals(call, p.call(), "call");
        String message = e.getMessage();
        assertTrue(message.startsWith(call + ": "), "message names the call: " + message);
        assertTrue(message.contains(name), "message names the errno: " + message);
        assertTrue(message.contains("(" + errno + ")"), "message gives the errno value: " + message);
        assertTrue(message.contains(Errno.description(errno)), "message gives the C library's text: " + message);
    }
}
