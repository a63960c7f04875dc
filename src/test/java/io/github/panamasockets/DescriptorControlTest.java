package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.FD_CLOEXEC;
import static io.github.panamasockets.SocketConstants.F_SETFL;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.O_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketIo.recvText;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.panamasockets.internal.Libc;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Descriptor control: {@code accept4} flags checked with {@code fcntl}; {@code dup}, {@code fromfd} and
 * {@code detach}; a socket shared by any of the three ways ({@code dup}, {@code fromfd}, received with
 * {@code SCM_RIGHTS}) keeps its {@code O_NONBLOCK} flag whatever its timeout mode, through {@code accept},
 * {@code connect} and data calls, and closing it while a call is in flight does not {@code shutdown(2)} the
 * connection its other holders use; {@code listenFds} without {@code LISTEN_PID}, and with it: the passed
 * sockets are taken once, all or none.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DescriptorControlTest {
    @TempDir
    Path dir;

    /** The ways a second {@link PosixSocket} for the same socket comes about. */
    enum Sharing {
        DUP, FROMFD, RECEIVED;

        PosixSocket share(PosixSocket s) throws Exception {
            return switch (this) {
                case DUP -> s.dup();
                case FROMFD -> PosixSocket.fromfd(s.fileno());
                case RECEIVED -> {
                    PosixSocket[] ch = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
                    try (PosixSocket a = ch[0]; PosixSocket b = ch[1]) {
                        a.sendFds(List.of(IoBuffer.of(new byte[1])), List.of(s));
                        yield b.recvFds(1, 1).fds().get(0).toSocket();
                    }
                }
            };
        }
    }

    private static int number(PosixSocket s) {
        return s.handle().number(); // without fileno(), which would mark it shared
    }

    @Test
    void accept4FlagsAreOnTheNewDescriptor() throws Exception {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             Socket c1 = new Socket(); Socket c2 = new Socket()) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(4);
            c1.connect(listener.getsockname().toSocketAddress(), 5_000);
            c2.connect(listener.getsockname().toSocketAddress(), 5_000);

            try (PosixSocket nb = listener.accept4(null, SOCK_NONBLOCK | SOCK_CLOEXEC)) {
                assertTrue((OpenFiles.statusFlags(number(nb)) & O_NONBLOCK) != 0, "O_NONBLOCK");
                assertTrue((OpenFiles.descriptorFlags(number(nb)) & FD_CLOEXEC) != 0, "FD_CLOEXEC");
                assertFalse(nb.isBlocking(), "the object's mode follows the flag");
                assertEquals(PosixSocket.WOULD_BLOCK, nb.recv(new byte[1], 0));
            }
            SockaddrStorage peer = SockaddrStorage.allocate();
            try (PosixSocket plain = listener.accept4(peer, 0)) {
                assertEquals(0, OpenFiles.statusFlags(number(plain)) & O_NONBLOCK, "no O_NONBLOCK unless asked");
                assertTrue((OpenFiles.descriptorFlags(number(plain)) & FD_CLOEXEC) != 0, "FD_CLOEXEC always");
                assertTrue(plain.isBlocking());
                assertEquals(c2.getLocalSocketAddress(), peer.toSocketAddress());
            }
        }
    }

    @Test
    void dupWorksAndOutlivesTheOriginal() throws Exception {
        PosixSocket[] tcp = Loopback.tcpPair();
        try (PosixSocket server = tcp[1]) {
            PosixSocket original = tcp[0];
            PosixSocket copy = original.dup();
            try (copy) {
                assertNotEquals(number(original), number(copy));
                assertTrue((OpenFiles.descriptorFlags(number(copy)) & FD_CLOEXEC) != 0, "the copy is close-on-exec");
                assertEquals(OpenFiles.target(number(original)), OpenFiles.target(number(copy)), "one socket");
                assertEquals(original.getsockname(), copy.getsockname());
                original.send("A".getBytes(US_ASCII), 0);
                copy.send("B".getBytes(US_ASCII), 0);
                assertEquals("AB", recvText(server, 2));

                original.close();
                copy.send("after".getBytes(US_ASCII), 0);
                assertEquals("after", recvText(server, 5), "the peer still receives what the copy sends");
                server.send("back".getBytes(US_ASCII), 0);
                assertEquals("back", recvText(copy, 4));
                assertThrows(SocketClosedException.class, () -> original.send(new byte[1], 0));
            }
        }
    }

    @Test
    void fromfdDuplicatesAndTheOriginalStaysOpen() throws Exception {
        PosixSocket[] tcp = Loopback.tcpPair();
        try (PosixSocket client = tcp[0]; PosixSocket server = tcp[1]) {
            int original = client.fileno();
            String target = OpenFiles.target(original);
            try (PosixSocket f = PosixSocket.fromfd(original)) {
                assertNotEquals(original, number(f));
                assertEquals(target, OpenFiles.target(number(f)));
                assertEquals(AF_INET, f.family());
                assertEquals(SOCK_STREAM, f.type());
                assertEquals(IPPROTO_TCP, f.protocol());
                f.send("via fromfd".getBytes(US_ASCII), 0);
                assertEquals("via fromfd", recvText(server, 10));
            }
            assertTrue(OpenFiles.refersTo(original, target), "closing the fromfd socket left the original open");
            client.send("original".getBytes(US_ASCII), 0);
            assertEquals("original", recvText(server, 8));
        }
    }

    @Test
    void fromfdRefusesAFileAndLeavesNothingOpen() throws Exception {
        OpenFiles files = OpenFiles.socketsAndFilesUnder(dir);
        try (OwnedFd file = OwnedFd.open(Files.writeString(dir.resolve("not-a-socket"), "x"))) {
            Map<String, Integer> baseline = files.snapshot();
            PosixSocketException e = assertThrows(PosixSocketException.class, () -> PosixSocket.fromfd(file.handle().number()));
            assertEquals(Errno.ENOTSOCK, e.errno());
            assertEquals(List.of(), files.growthSince(baseline), "the duplicate was closed");
        }
    }

    @Test
    void detachLeavesTheDescriptorOpenAndUnowned() throws Exception {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
        String target = OpenFiles.target(number(s));
        int fd = s.detach();
        assertTrue(s.isClosed());
        assertThrows(SocketClosedException.class, s::detach);
        assertThrows(SocketClosedException.class, s::getsockname);
        s.close(); // closes nothing: the number is the caller's
        WeakReference<PosixSocket> gone = new WeakReference<>(s);
        s = null;
        for (int i = 0; i < 200 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(gone.get());
        System.gc();
        Thread.sleep(100); // time for a cleaner action that must not exist
        assertTrue(OpenFiles.refersTo(fd, target), "/proc/self/fd/" + fd + " is still the socket");
        OwnedFd.adopt(fd).close();
        assertFalse(OpenFiles.refersTo(fd, target), "closed by its new owner");
    }

    @ParameterizedTest
    @EnumSource(Sharing.class)
    void aSharedSocketKeepsItsONonblockFlagThroughTimeoutsAcceptAndConnect(Sharing how) throws Exception {
        for (boolean nonBlocking : new boolean[] {false, true}) {
            try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
                 PosixSocket connector = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
                listener.bind(SockaddrIn.loopback(0));
                listener.listen(4);
                setNonBlocking(number(listener), nonBlocking);
                setNonBlocking(number(connector), nonBlocking);
                try (PosixSocket l = how.share(listener); PosixSocket c = how.share(connector)) {
                    int lFlags = OpenFiles.statusFlags(number(l)), cFlags = OpenFiles.statusFlags(number(c));
                    assertEquals(nonBlocking, (lFlags & O_NONBLOCK) != 0);
                    if (how != Sharing.DUP) { // a dup copies the object's mode; the others read the flag
                        assertEquals(!nonBlocking, l.isBlocking(), "the mode follows the flag it came with");
                    }

                    l.setTimeout(Duration.ofMillis(100));
                    c.setTimeout(Duration.ofMillis(2_000));
                    assertThrows(PosixTimeoutException.class, l::accept, "nothing pending");
                    assertEquals(lFlags, OpenFiles.statusFlags(number(l)));
                    assertTrue(c.connect(l.getsockname()));
                    try (PosixSocket accepted = l.accept()) {
                        assertNotNull(accepted);
                        assertEquals(lFlags, OpenFiles.statusFlags(number(l)), how + ": accept left the flags alone");
                        assertEquals(cFlags, OpenFiles.statusFlags(number(c)), how + ": connect left the flags alone");

                        // Back to blocking mode: the flag stays; blocking calls still wait for their data.
                        l.setTimeout(null);
                        c.setBlocking(true);
                        assertEquals(lFlags, OpenFiles.statusFlags(number(l)), how + ": setTimeout(null)");
                        assertEquals(cFlags, OpenFiles.statusFlags(number(c)), how + ": setBlocking(true)");
                        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                            try {
                                Thread.sleep(100);
                                accepted.send("late".getBytes(US_ASCII), 0);
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
                        assertEquals("late", recvText(c, 4), "a blocking recv waits, O_NONBLOCK or not");
                        later.get(5, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    private static void setNonBlocking(int fd, boolean on) throws Exception {
        int flags = OpenFiles.statusFlags(fd);
        Libc.fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    }

    @ParameterizedTest
    @EnumSource(Sharing.class)
    void closingASharedSocketWithACallInFlightWakesItWithoutShuttingTheConnectionDown(Sharing how) throws Exception {
        PosixSocket[] tcp = Loopback.tcpPair();
        try (PosixSocket mine = tcp[0]; PosixSocket peer = tcp[1]) {
            PosixSocket other = how.share(mine);
            other.setTimeout(Loopback.WAIT);
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    other.recv(new byte[1], 0);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (other.handle().inFlight() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
            assertEquals(1, other.handle().inFlight(), "the recv is in flight");
            // Another holder (mine) still uses the socket: the close wakes the call through the wake-up
            // eventfd, never with shutdown(2).
            other.close();
            assertInstanceOf(ClosedWhileBlockedException.class, blocked.get(1, TimeUnit.SECONDS),
                    "the close woke the call in flight");

            mine.send("still connected".getBytes(US_ASCII), 0);
            assertEquals("still connected", recvText(peer, 15));
            peer.send("both ways".getBytes(US_ASCII), 0);
            assertEquals("both ways", recvText(mine, 9));
        }
    }

    @Test
    void closingAnUnsharedSocketWithACallInFlightWakesIt() throws Exception {
        // The library's own socket is shut down to wake its blocked calls, which the peer sees.
        PosixSocket[] tcp = Loopback.tcpPair();
        try (PosixSocket mine = tcp[0]; PosixSocket peer = tcp[1]) {
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    mine.recv(new byte[1], 0);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (mine.handle().inFlight() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
            mine.close();
            assertInstanceOf(ClosedWhileBlockedException.class, blocked.get(5, TimeUnit.SECONDS));
            assertEquals(0, peer.recv(new byte[1], 0), "the peer sees the shutdown");
        }
    }

    @Test
    void listenFdsIsEmptyWithoutLISTEN_PID() throws Exception {
        assumeTrue(System.getenv("LISTEN_PID") == null, "this JVM was started with LISTEN_PID");
        assertEquals(List.of(), PosixSocket.listenFds());
    }

    @Test
    void listenFdsTakesThePassedSocketsOnce() throws Exception {
        // As sd_listen_fds with unset_environment: the first call takes the descriptors over, a second returns
        // nothing. Before, a second call made new owners of the same numbers, and closing both sets closed
        // numbers that by then belonged to other files. This JVM's own environment cannot be set, so the test
        // passes sockets at numbers of its own choosing (SocketActivationMain does it with real descriptor 3).
        int base = freeRun(3);
        List<String> targets = new java.util.ArrayList<>();
        try (PosixSocket tcp = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
             PosixSocket udp = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
             PosixSocket unix = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            for (PosixSocket s : List.of(tcp, udp, unix)) {
                targets.add(OpenFiles.target(passAt(number(s), base + targets.size())));
            }
        }
        SocketActivation activation = activation(base, 3);
        List<PosixSocket> first = activation.take();
        assertEquals(3, first.size());
        assertEquals(List.of(SOCK_STREAM, SOCK_DGRAM, SOCK_STREAM), first.stream().map(PosixSocket::type).toList());
        for (int i = 0; i < 3; i++) {
            assertEquals(base + i, number(first.get(i)));
            assertEquals(targets.get(i), OpenFiles.target(base + i));
        }
        assertEquals(List.of(), activation.take(), "the first call took them");
        for (PosixSocket s : first) {
            s.close();
        }
        for (int i = 0; i < 3; i++) {
            assertFalse(OpenFiles.refersTo(base + i, targets.get(i)), "closed by its one owner");
        }
    }

    @Test
    void listenFdsTakesNothingWhenAPassedDescriptorIsNotASocket() throws Exception {
        // All or nothing: a file among the passed descriptors fails the call, and no socket made for the ones
        // before it is left to be cleaned up later — the numbers stay as they were, the caller's to deal with.
        int base = freeRun(3);
        List<String> targets = new java.util.ArrayList<>();
        try (PosixSocket tcp = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
             OwnedFd file = OwnedFd.open(Files.writeString(dir.resolve("passed-file"), "x"));
             PosixSocket udp = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            targets.add(OpenFiles.target(passAt(number(tcp), base)));
            targets.add(OpenFiles.target(passAt(file.handle().number(), base + 1)));
            targets.add(OpenFiles.target(passAt(number(udp), base + 2)));
        }
        try {
            SocketActivation activation = activation(base, 3);
            PosixSocketException e = assertThrows(PosixSocketException.class, activation::take);
            assertEquals(Errno.ENOTSOCK, e.errno());
            for (int i = 0; i < 3; i++) {
                System.gc(); // a socket made for descriptor `base` and dropped would be cleaned now
                Thread.sleep(20);
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(OpenFiles.refersTo(base + i, targets.get(i)), "descriptor " + (base + i) + " untouched");
            }
            assertThrows(PosixSocketException.class, activation::take, "nothing was taken: a second call fails alike");
        } finally {
            for (int i = 0; i < 3; i++) {
                try {
                    Libc.close(base + i); // the test's own: nobody took them
                } catch (java.io.IOException alreadyClosed) {
                    // only when the test has failed already, by a second owner closing one
                }
            }
        }
    }

    /** @return the first of {@code n} consecutive free descriptor numbers, well above those in use */
    private static int freeRun(int n) throws Exception {
        Set<Integer> open = OpenFiles.byNumber().keySet();
        int base = 512;
        for (int i = 0; i < n; i++) {
            if (open.contains(base + i)) {
                base += i + 1;
                i = -1;
            }
        }
        return base;
    }

    /** Duplicates {@code fd} to exactly {@code at}, as a parent passing descriptors to a child would. */
    private static int passAt(int fd, int at) throws Exception {
        int copy = Libc.fcntl(fd, SocketConstants.F_DUPFD_CLOEXEC, at);
        assertEquals(at, copy, "descriptor " + at + " was free");
        return copy;
    }

    private static SocketActivation activation(int first, int count) {
        String pid = Long.toString(ProcessHandle.current().pid());
        return new SocketActivation(Map.of("LISTEN_PID", pid, "LISTEN_FDS", Integer.toString(count))::get,
                ProcessHandle.current().pid(), first);
    }

    @Test
    void aSharedSocketAlsoComesFromAJavaNetPeerConnection() throws Exception {
        // fromfd on an accepted socket, with a java.net client: the accepted socket's number is given out
        // with fileno(), so closing the fromfd copy must not end the client's connection either.
        try (PosixSocket listener = Loopback.tcpListener(); Socket client = new Socket()) {
            client.connect(listener.getsockname().toSocketAddress(), 5_000);
            client.setSoTimeout(5_000);
            try (PosixSocket accepted = listener.accept()) {
                PosixSocket f = PosixSocket.fromfd(accepted.fileno());
                f.send("hi".getBytes(US_ASCII), 0);
                f.close();
                accepted.send("!".getBytes(US_ASCII), 0);
                InputStream in = client.getInputStream();
                assertEquals("hi!", new String(in.readNBytes(3), US_ASCII));
                OutputStream out = client.getOutputStream();
                out.write('?');
                assertEquals("?", recvText(accepted, 1));
                assertEquals(new InetSocketAddress(client.getLocalAddress(), client.getLocalPort()),
                        accepted.getpeername().toSocketAddress());
            }
        }
    }
}
