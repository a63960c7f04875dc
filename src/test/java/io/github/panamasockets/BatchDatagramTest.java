package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.MSG_TRUNC;
import static io.github.panamasockets.SocketConstants.MSG_WAITFORONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sendmmsg}/{@code recvmmsg} with {@link MmsgBatch}: many datagrams per call, each with its own address
 * and length, against java.net peers in both directions and between two {@link PosixSocket}s (a batch received
 * is sent straight back to its senders); truncation; {@code MSG_WAITFORONE} against C's wait-for-all; the
 * non-blocking, {@code MSG_DONTWAIT} and timeout modes; and a reused batch allocating nothing per call
 * (measured in a JVM of its own, {@link BatchAllocationMain}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BatchDatagramTest {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();

    private static byte[] payload(int i) {
        byte[] b = new byte[i + 1]; // every message a different length
        for (int j = 0; j < b.length; j++) {
            b[j] = (byte) (i * 7 + j);
        }
        return b;
    }

    @Test
    void sendmmsgSendsEachMessageToItsOwnAddressWithItsOwnLength() throws Exception {
        try (PosixSocket sender = Loopback.udp(AF_INET);
             DatagramSocket even = new DatagramSocket(new InetSocketAddress(V4, 0));
             DatagramSocket odd = new DatagramSocket(new InetSocketAddress(V4, 0))) {
            even.setSoTimeout(5_000);
            odd.setSoTimeout(5_000);
            MmsgBatch batch = MmsgBatch.allocate(16, 64);
            SockAddr toEven = SockAddr.of(even.getLocalSocketAddress());
            SockAddr toOdd = SockAddr.of(odd.getLocalSocketAddress());
            for (int i = 0; i < 16; i++) {
                byte[] p = payload(i);
                batch.put(i, p, 0, p.length).address(i, i % 2 == 0 ? toEven : toOdd);
            }
            assertEquals(16, sender.sendmmsg(batch, 16, 0));
            for (int i = 0; i < 16; i++) {
                assertEquals(i + 1, batch.messageLength(i), "msg_len: bytes sent of message " + i);
            }
            for (int i = 0; i < 16; i++) {
                DatagramSocket r = i % 2 == 0 ? even : odd;
                DatagramPacket p = new DatagramPacket(new byte[100], 100);
                r.receive(p);
                assertArrayEquals(payload(i), Arrays.copyOf(p.getData(), p.getLength()), "message " + i);
                assertEquals(Loopback.local(sender), p.getSocketAddress());
            }
        }
    }

    @Test
    void recvmmsgTakesManyDatagramsWithTheirSendersInOneCall() throws Exception {
        try (PosixSocket receiver = Loopback.udp(AF_INET);
             DatagramSocket a = new DatagramSocket(new InetSocketAddress(V4, 0));
             DatagramSocket b = new DatagramSocket(new InetSocketAddress(V4, 0))) {
            InetSocketAddress to = Loopback.local(receiver);
            for (int i = 0; i < 10; i++) {
                byte[] p = payload(i);
                (i % 3 == 0 ? a : b).send(new DatagramPacket(p, p.length, to));
            }
            MmsgBatch batch = MmsgBatch.allocate(16, 64);
            // Loopback queues a datagram before send returns, so all ten are there for one call.
            assertEquals(10, receiver.recvmmsg(batch, MSG_WAITFORONE));
            for (int i = 0; i < 10; i++) {
                assertEquals(i + 1, batch.length(i));
                assertArrayEquals(payload(i), batch.toArray(i));
                assertEquals((i % 3 == 0 ? a : b).getLocalSocketAddress(), batch.address(i).toSocketAddress());
                assertEquals(0, batch.flags(i));
            }
            assertEquals(PosixSocket.WOULD_BLOCK, receiver.recvmmsg(batch, MSG_DONTWAIT), "all ten were taken");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void aReceivedBatchIsSentStraightBackToItsSenders(int ipVersion) throws Exception {
        int af = ipVersion == 4 ? AF_INET : AF_INET6;
        try (PosixSocket server = Loopback.udp(af); PosixSocket c1 = Loopback.udp(af); PosixSocket c2 = Loopback.udp(af)) {
            MmsgBatch out = MmsgBatch.allocate(8, 32);
            for (int i = 0; i < 8; i++) {
                byte[] p = payload(i);
                out.put(i, p, 0, p.length).address(i, server.getsockname());
            }
            assertEquals(4, c1.sendmmsg(out, 4, 0));
            MmsgBatch fromC2 = MmsgBatch.allocate(4, 32);
            for (int i = 0; i < 4; i++) {
                byte[] p = payload(i + 4);
                fromC2.put(i, p, 0, p.length).address(i, server.getsockname());
            }
            assertEquals(4, c2.sendmmsg(fromC2, 4, 0));

            MmsgBatch echo = MmsgBatch.allocate(8, 32);
            assertEquals(8, server.recvmmsg(echo, MSG_WAITFORONE));
            assertEquals(8, server.sendmmsg(echo, 8, 0), "lengths and addresses as received");

            MmsgBatch back = MmsgBatch.allocate(8, 32);
            assertEquals(4, c1.recvmmsg(back, MSG_WAITFORONE));
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(payload(i), back.toArray(i));
                assertEquals(Loopback.local(server), back.address(i).toSocketAddress());
            }
            assertEquals(4, c2.recvmmsg(back, MSG_WAITFORONE));
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(payload(i + 4), back.toArray(i));
            }
        }
    }

    @Test
    void onAConnectedSocketMessagesNeedNoAddress() throws Exception {
        try (PosixSocket a = Loopback.udp(AF_INET); PosixSocket b = Loopback.udp(AF_INET)) {
            a.connect(b.getsockname());
            MmsgBatch batch = MmsgBatch.allocate(3, 16);
            for (int i = 0; i < 3; i++) {
                batch.put(i, payload(i), 0, i + 1);
            }
            assertEquals(3, a.sendmmsg(batch, 3, 0));
            MmsgBatch in = MmsgBatch.allocate(3, 16);
            assertEquals(3, b.recvmmsg(in, 0), "three queued, three slots: C's wait-for-all returns at once");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(payload(i), in.toArray(i));
            }
        }
    }

    @Test
    void blockingRecvmmsgWaitsForEverySlotUnlessWaitForOne() throws Exception {
        try (PosixSocket receiver = Loopback.udp(AF_INET); PosixSocket sender = Loopback.udp(AF_INET)) {
            receiver.setTimeout(null); // blocking mode: flags go to the kernel as given
            SockAddr to = receiver.getsockname();
            MmsgBatch batch = MmsgBatch.allocate(3, 16);
            CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        Thread.sleep(40);
                        sender.sendto(payload(i), 0, i + 1, 0, to);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(3, receiver.recvmmsg(batch, 0), "without MSG_WAITFORONE: all three, one call");
            late.get(5, TimeUnit.SECONDS);

            sender.sendto(payload(9), 0, 10, 0, to);
            assertEquals(1, receiver.recvmmsg(batch, MSG_WAITFORONE), "with it: what is there");
            assertArrayEquals(payload(9), batch.toArray(0));
        }
    }

    @Test
    void aLongDatagramIsCutToTheBufferAndMsgTruncTellsItsLength() throws Exception {
        try (PosixSocket receiver = Loopback.udp(AF_INET); PosixSocket sender = Loopback.udp(AF_INET)) {
            byte[] twenty = payload(19);
            MmsgBatch batch = MmsgBatch.allocate(2, 8);
            sender.sendto(twenty, 0, 20, 0, receiver.getsockname());
            assertEquals(1, receiver.recvmmsg(batch, MSG_WAITFORONE));
            assertEquals(8, batch.length(0));
            assertEquals(8, batch.messageLength(0));
            assertTrue((batch.flags(0) & MSG_TRUNC) != 0);
            assertArrayEquals(Arrays.copyOf(twenty, 8), batch.toArray(0));

            sender.sendto(twenty, 0, 20, 0, receiver.getsockname());
            assertEquals(1, receiver.recvmmsg(batch, MSG_WAITFORONE | MSG_TRUNC));
            assertEquals(20, batch.messageLength(0), "with MSG_TRUNC given: the real length");
            assertEquals(8, batch.length(0), "only what fits is stored");
        }
    }

    @Test
    void nonBlockingDontWaitAndTimeoutModes() throws Exception {
        try (PosixSocket s = Loopback.udp(AF_INET)) {
            MmsgBatch batch = MmsgBatch.allocate(4, 16);
            s.setTimeout(null);
            assertEquals(PosixSocket.WOULD_BLOCK, s.recvmmsg(batch, MSG_DONTWAIT));
            s.setBlocking(false);
            assertEquals(PosixSocket.WOULD_BLOCK, s.recvmmsg(batch, 0));
            s.setTimeout(Duration.ofMillis(100));
            long start = System.nanoTime();
            PosixTimeoutException e = assertThrows(PosixTimeoutException.class, () -> s.recvmmsg(batch, 0));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 90 && waited < 3_000, "waited " + waited + " ms");
            assertEquals("recvmmsg", e.call());
        }
    }

    @Test
    void argumentsAreCheckedAndAClosedSocketRefuses() throws Exception {
        MmsgBatch batch = MmsgBatch.allocate(2, 16);
        assertThrows(IllegalArgumentException.class, () -> MmsgBatch.allocate(0, 16));
        assertThrows(IllegalArgumentException.class, () -> MmsgBatch.allocate(MmsgBatch.MAX_MESSAGES + 1, 16));
        assertThrows(IllegalArgumentException.class, () -> MmsgBatch.allocate(2, 0));
        assertThrows(IllegalArgumentException.class, () -> batch.length(0, 17));
        assertThrows(IllegalArgumentException.class, () -> batch.put(0, new byte[17], 0, 17));
        PosixSocket s = Loopback.udp(AF_INET);
        try (s) {
            assertThrows(IllegalArgumentException.class, () -> s.sendmmsg(batch, 3, 0));
            assertThrows(IllegalArgumentException.class, () -> s.recvmmsg(batch, 3, 0));
            assertThrows(IllegalArgumentException.class, () -> s.recvmmsg(batch, 0, 0));
            assertEquals(0, s.sendmmsg(batch, 0, 0), "an empty batch sends nothing");
        }
        assertThrows(SocketClosedException.class, () -> s.sendmmsg(batch, 1, 0));
        assertThrows(SocketClosedException.class, () -> s.recvmmsg(batch, 0));

        Arena arena = Arena.ofConfined();
        MmsgBatch scoped = MmsgBatch.allocate(arena, 1, 8);
        arena.close();
        try (PosixSocket t = Loopback.udp(AF_INET)) {
            assertThrows(IllegalStateException.class, () -> t.sendmmsg(scoped, 1, 0), "memory of a closed arena");
            assertEquals(1, t.sendmmsg(MmsgBatch.allocate(1, 8).address(0, t.getsockname()), 1, 0), "t still works");
        }
    }

    /**
     * Measured in JVMs of their own (see BatchAllocationMain). Up to three: the JDK's own downcall adapter slices
     * the errno capture segment on every call ({@code SharedUtils.checkCaptureSegment}), which C2 normally
     * scalar-replaces; in an occasional compilation (seen under load, about one JVM in ten) it does not, and
     * every call then allocates that 40-byte slice, whatever the caller does. A path of the library that
     * allocates by design allocates in every JVM, so it still fails here.
     */
    @Test
    void aReusedBatchAllocatesNothingPerCall(@TempDir Path dir) throws Exception {
        List<String> command = ChildJvm.patchedIntoModule(BatchAllocationMain.class, "--add-modules", "jdk.management");
        StringBuilder reports = new StringBuilder();
        for (int jvm = 0; jvm < 3; jvm++) {
            try (ChildJvm child = ChildJvm.start(command, dir, "allocation-" + jvm)) {
                child.awaitSuccess();
                String line = child.output().lines().filter(l -> l.startsWith("least=")).findFirst().orElseThrow(
                        () -> new AssertionError("no measurement" + child.report()));
                long least = Long.parseLong(line.substring("least=".length()));
                if (least < 1_024) {
                    return;
                }
                reports.append("\nJVM ").append(jvm).append(": at least ").append(least).append(" bytes").append(child.report());
            }
        }
        fail("5,000 sendmmsg+recvmmsg pairs allocated in every one of three JVMs:" + reports);
    }
}
