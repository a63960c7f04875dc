package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.ControlMessage.Rights;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor-passing conveniences {@code sendFds}/{@code recvFds} and the ownership of what arrives:
 * received descriptors are owned and usable; ignored ones are closed by the cleaner and leak nothing; closed
 * ones are never closed again (not by the cleaner, not after {@code toSocket}), even once their number belongs to
 * another socket; 10,000 rounds leave the descriptor table as it was; {@code MSG_CTRUNC} leaves the descriptors
 * that did arrive owned and closes the rest; a closed descriptor is refused before anything is sent;
 * {@code toSocket} refused (the descriptor being passed, or not a socket) leaves the descriptor with its
 * {@code OwnedFd} and makes no second owner.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FdPassingTest {
    private static final byte[] ONE = {1};

    @TempDir
    Path dir;

    private static PosixSocket[] channel(int type) throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, type, 0);
        pair[1].setTimeout(Loopback.WAIT);
        return pair;
    }

    @Test
    void receivedDescriptorsAreOwnedAndOpen() throws Exception {
        PosixSocket[] ch = channel(SOCK_STREAM);
        try (PosixSocket a = ch[0]; PosixSocket b = ch[1]; PosixSocket x = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
             OwnedFd file = OwnedFd.open(Files.writeString(dir.resolve("f"), "f"))) {
            assertEquals(5, a.sendFds(List.of(IoBuffer.of("hello".getBytes(US_ASCII))), List.of(x, file)));
            RecvFdsResult r = b.recvFds(16, 4);
            assertArrayEquals("hello".getBytes(US_ASCII), r.data());
            assertEquals(0, r.flags());
            assertNull(r.from());
            assertEquals(2, r.fds().size());
            assertEquals(OpenFiles.target(x.fileno()), OpenFiles.target(r.fds().get(0).handle().number()));
            assertEquals(dir.toRealPath().resolve("f").toString(), OpenFiles.target(r.fds().get(1).handle().number()));
            for (OwnedFd fd : r.fds()) {
                assertFalse(fd.isClosed());
                int n = fd.handle().number();
                String target = OpenFiles.target(n);
                fd.close();
                fd.close(); // idempotent
                assertTrue(fd.isClosed());
                assertFalse(OpenFiles.refersTo(n, target), "closed");
            }
            assertThrows(SocketClosedException.class, () -> r.fds().get(0).toSocket());
        }
    }

    @Test
    void ignoredDescriptorsAreClosedByTheCleaner() throws Exception {
        OpenFiles sockets = OpenFiles.sockets();
        Map<String, Integer> baseline = sockets.snapshot();
        PosixSocket[] ch = channel(SOCK_DGRAM);
        try (PosixSocket a = ch[0]; PosixSocket b = ch[1]) {
            // The originals are closed there, so only the dropped received copies keep those five sockets open.
            receiveAndDrop(a, b);
        }
        assertEquals(List.of(), sockets.awaitNoGrowth(baseline, 10_000), "everything dropped was closed");
    }

    private static void receiveAndDrop(PosixSocket a, PosixSocket b) throws Exception {
        List<PosixSocket> originals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            originals.add(PosixSocket.socket(AF_INET, SOCK_DGRAM, 0));
        }
        a.sendFds(List.of(IoBuffer.of(ONE)), originals);
        for (PosixSocket s : originals) {
            s.close();
        }
        assertEquals(5, b.recvFds(1, 5).fds().size()); // and dropped, unclosed
    }

    @Test
    void aClosedDescriptorIsNotClosedAgainWhenItsNumberIsReused() throws Exception {
        PosixSocket[] ch = channel(SOCK_DGRAM);
        List<PosixSocket> spare = new ArrayList<>();
        PosixSocket[] reuser = null;
        try (PosixSocket a = ch[0]; PosixSocket b = ch[1]; PosixSocket x = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            a.sendFds(List.of(IoBuffer.of(ONE)), List.of(x, x));
            RecvFdsResult r = b.recvFds(1, 2);
            OwnedFd closedOne = r.fds().get(0);
            OwnedFd convertedOne = r.fds().get(1);
            int number = closedOne.handle().number();
            closedOne.close();
            // The kernel gives out the lowest free number: make sockets until one gets the number just freed.
            for (int i = 0; i < 1_000 && reuser == null; i++) {
                PosixSocket[] p = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                if (p[0].fileno() == number) {
                    reuser = p;
                } else {
                    spare.add(p[0]);
                    spare.add(p[1]);
                }
            }
            assertTrue(reuser != null, "number " + number + " was not reused");
            PosixSocket converted = convertedOne.toSocket(); // takes the number over from the OwnedFd
            int convertedNumber = converted.fileno();

            WeakReference<OwnedFd> gone1 = new WeakReference<>(closedOne);
            WeakReference<OwnedFd> gone2 = new WeakReference<>(convertedOne);
            closedOne = null;
            convertedOne = null;
            r = null;
            for (int i = 0; i < 200 && (gone1.get() != null || gone2.get() != null); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(gone1.get(), "collected");
            assertNull(gone2.get(), "collected");
            System.gc();
            Thread.sleep(100); // time for any cleaner action that should not exist

            reuser[0].send("still mine".getBytes(US_ASCII), 0);
            byte[] buf = new byte[32];
            reuser[1].setTimeout(Loopback.WAIT);
            assertEquals("still mine", new String(buf, 0, reuser[1].recv(buf, 0), US_ASCII));
            assertTrue(OpenFiles.isOpen(convertedNumber));
            assertEquals(OpenFiles.target(x.fileno()), OpenFiles.target(convertedNumber), "the converted socket kept its number");
            converted.close();
        } finally {
            if (reuser != null) {
                reuser[0].close();
                reuser[1].close();
            }
            for (PosixSocket s : spare) {
                s.close();
            }
        }
    }

    @Test
    void toSocketWhileTheDescriptorIsBeingPassedFailsAndLeavesItWithTheOwnedFd() throws Exception {
        // A sendFds blocked on a full channel holds the OwnedFd it passes. toSocket must then fail without
        // making a second owner of the number: before, it built the socket first and failed after, and that
        // socket's cleaner later closed the number under the OwnedFd (and whatever file had it by then).
        PosixSocket[] ch = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = ch[0]; PosixSocket b = ch[1]) {
            PosixSocket original = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
            OwnedFd owned = OwnedFd.adopt(original.detach());
            int number = owned.handle().number();
            String target = OpenFiles.target(number);
            int queued = 0;
            while (a.send(ONE, SocketConstants.MSG_DONTWAIT) != PosixSocket.WOULD_BLOCK) {
                queued++;
            }
            CompletableFuture<Integer> passing = CompletableFuture.supplyAsync(() -> {
                try {
                    return a.sendFds(List.of(IoBuffer.of(ONE)), List.of(owned));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (owned.handle().inFlight() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
            assertEquals(1, owned.handle().inFlight(), "sendFds holds the descriptor it passes");
            assertFalse(passing.isDone(), "sendFds waits for room in the channel");

            IllegalStateException e = assertThrows(IllegalStateException.class, owned::toSocket);
            assertTrue(e.getMessage().contains("in progress"), e.getMessage());
            assertFalse(owned.isClosed(), "the OwnedFd still owns the descriptor");
            for (int i = 0; i < 3; i++) {
                System.gc(); // a socket made and dropped by the failed toSocket would be cleaned now
                Thread.sleep(20);
            }
            assertTrue(OpenFiles.refersTo(number, target), "descriptor " + number + " is still " + target);

            b.setTimeout(Loopback.WAIT);
            for (int i = 0; i < queued; i++) {
                b.recv(new byte[1], 0);
            }
            assertEquals(1, passing.get(10, TimeUnit.SECONDS));
            RecvFdsResult r = b.recvFds(1, 1);
            assertEquals(target, OpenFiles.target(r.fds().get(0).handle().number()), "the passed socket arrived");
            r.fds().get(0).close();

            try (PosixSocket socket = owned.toSocket()) { // no call holds it now
                assertTrue(owned.isClosed());
                assertEquals(number, socket.handle().number(), "the socket took the same number over");
                assertEquals(SOCK_DGRAM, socket.type());
            }
            assertFalse(OpenFiles.refersTo(number, target), "closed once, by the socket");
        }
    }

    @Test
    void toSocketOfAFileFailsAndLeavesItWithTheOwnedFd() throws Exception {
        OpenFiles files = OpenFiles.socketsAndFilesUnder(dir);
        try (OwnedFd file = OwnedFd.open(Files.writeString(dir.resolve("plain"), "plain"))) {
            int number = file.handle().number();
            String target = OpenFiles.target(number);
            Map<String, Integer> baseline = files.snapshot();
            PosixSocketException e = assertThrows(PosixSocketException.class, file::toSocket);
            assertEquals(Errno.ENOTSOCK, e.errno());
            assertFalse(file.isClosed());
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertTrue(OpenFiles.refersTo(number, target), "the file is still open under the OwnedFd");
            assertEquals(List.of(), files.growthSince(baseline), "nothing opened, nothing duplicated");
        }
    }

    @Test
    void tenThousandRoundsLeaveTheDescriptorTableAsItWas() throws Exception {
        OpenFiles files = OpenFiles.socketsAndFilesUnder(dir);
        PosixSocket[] ch = channel(SOCK_STREAM);
        try (PosixSocket a = ch[0]; PosixSocket b = ch[1]; PosixSocket x = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
             OwnedFd file = OwnedFd.open(Files.writeString(dir.resolve("round"), "r"))) {
            Map<String, Integer> baseline = files.snapshot();
            String socketTarget = OpenFiles.target(x.fileno());
            byte[] one = new byte[1];
            long start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                DescriptorOwner passed = i % 2 == 0 ? x : file;
                one[0] = (byte) i;
                a.sendFds(List.of(IoBuffer.of(one)), List.of(passed));
                RecvFdsResult r = b.recvFds(1, 1);
                if (r.fds().size() != 1 || r.data().length != 1 || r.data()[0] != (byte) i) {
                    throw new AssertionError("round " + i + ": " + r);
                }
                try (OwnedFd fd = r.fds().get(0)) {
                    if (i % 1000 == 0) {
                        assertEquals(i % 2 == 0 ? socketTarget : dir.toRealPath().resolve("round").toString(),
                                OpenFiles.target(fd.handle().number()));
                    }
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 20, "10,000 rounds took " + seconds + " s");
            assertEquals(List.of(), files.growthSince(baseline));
            assertEquals(baseline, files.snapshot());
        }
    }

    @Test
    void controlTruncationKeepsWhatArrivedOwnedAndTheKernelClosesTheRest() throws Exception {
        OpenFiles sockets = OpenFiles.sockets();
        Map<String, Integer> baseline = sockets.snapshot();
        PosixSocket[] ch = channel(SOCK_DGRAM);
        List<PosixSocket> originals = new ArrayList<>();
        try (PosixSocket a = ch[0]; PosixSocket b = ch[1]) {
            for (int i = 0; i < 5; i++) {
                originals.add(PosixSocket.socket(AF_INET, SOCK_DGRAM, 0));
            }
            a.sendFds(List.of(IoBuffer.of(ONE)), originals);
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(new byte[1])), (int) ControlMessages.spaceForFds(2), 0);
            assertTrue(r.isControlTruncated(), "MSG_CTRUNC");
            List<OwnedFd> arrived = r.fds();
            assertEquals(2, arrived.size(), "as many as fitted");
            for (int i = 0; i < 2; i++) {
                assertEquals(OpenFiles.target(originals.get(i).fileno()), OpenFiles.target(arrived.get(i).handle().number()));
                arrived.get(i).close();
            }
            assertEquals(PosixSocket.WOULD_BLOCK, b.recvmsg(List.of(IoBuffer.of(new byte[1])), 64, SocketConstants.MSG_DONTWAIT).bytes(),
                    "the datagram was consumed with its descriptors");
        } finally {
            for (PosixSocket s : originals) {
                s.close();
            }
        }
        assertEquals(List.of(), sockets.growthSince(baseline), "nothing is left open: the two that arrived were closed here, the three that did not fit were never installed");
    }

    @Test
    void descriptorsOfAnEmptyDatagramThatRacesACloseAreNotLeaked() throws Exception {
        // An empty datagram with descriptors, received while another thread closes the socket: the call returns
        // 0 bytes, which counts as woken by the close (ClosedWhileBlockedException), yet the descriptors arrived.
        // The race is won in some rounds only; whichever way each goes, nothing may stay open.
        OpenFiles sockets = OpenFiles.sockets();
        int raced = 0;
        try (PosixSocket x = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            Map<String, Integer> baseline = sockets.snapshot();
            for (int i = 0; i < 200; i++) {
                PosixSocket[] ch = channel(SOCK_DGRAM);
                try (PosixSocket a = ch[0]) {
                    PosixSocket b = ch[1];
                    CompletableFuture<Object> receiving = CompletableFuture.supplyAsync(() -> {
                        try {
                            return b.recvmsg(List.of(IoBuffer.of(new byte[1])), 64, 0);
                        } catch (Throwable e) {
                            return e;
                        }
                    });
                    for (long deadline = System.nanoTime() + 5_000_000_000L; b.handle().inFlight() == 0 && System.nanoTime() - deadline < 0; ) {
                        Thread.onSpinWait();
                    }
                    a.sendmsg(List.of(), List.of(Rights.of(x)), 0, null);
                    b.close();
                    Object outcome = receiving.get(5, TimeUnit.SECONDS);
                    if (outcome instanceof MsgResult r) {
                        for (OwnedFd fd : r.fds()) {
                            fd.close();
                        }
                    } else {
                        assertInstanceOf(ClosedWhileBlockedException.class, outcome);
                        raced++;
                    }
                }
            }
            assertEquals(List.of(), sockets.growthSince(baseline), "leaked in " + raced + " raced rounds of 200");
        }
    }

    @Test
    void aClosedDescriptorIsRefusedAndTheOthersAreReleased() throws Exception {
        PosixSocket[] ch = channel(SOCK_DGRAM);
        try (PosixSocket a = ch[0]; PosixSocket b = ch[1]) {
            PosixSocket open = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
            PosixSocket closed = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
            closed.close();
            assertThrows(SocketClosedException.class, () -> a.sendmsg(List.of(IoBuffer.of(ONE)), List.of(Rights.of(open, closed)), 0, null));
            b.setBlocking(false);
            assertNull(b.recvFds(1, 2), "nothing was sent");
            // The open one was held for the call and released: closing it really closes it.
            int n = open.fileno();
            String target = OpenFiles.target(n);
            open.close();
            assertFalse(OpenFiles.refersTo(n, target));
        }
    }

    @Test
    void passingFailsCleanlyWhenThePeerIsGone() throws Exception {
        PosixSocket[] ch = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = ch[0]; PosixSocket x = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            ch[1].close();
            PosixSocketException e = assertThrows(PosixSocketException.class, () -> a.sendFds(List.of(IoBuffer.of(ONE)), List.of(x)));
            assertEquals(Errno.EPIPE, e.errno(), e.getMessage());
            int n = x.fileno();
            String target = OpenFiles.target(n);
            x.close();
            assertFalse(OpenFiles.refersTo(n, target), "released after the failed call");
        }
    }
}
