package io.github.panamasockets.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The three ported C programs, each run against what its C original prints and returns, with the JDK's own
 * resolver and sockets as the other side.
 */
class PortedProgramsTest {
    private record Run(int status, String out, String err) {}

    private static Run showip(String... argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShowIp.run(argv, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    @Test
    void showipPrintsTheAddressesTheJdkResolverKnowsInCsFormat() throws Exception {
        Run r = showip("localhost");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("IP addresses for localhost:", lines.get(0));
        assertEquals("", lines.get(1));
        Set<String> printed = new TreeSet<>();
        Pattern line = Pattern.compile("  (IPv4|IPv6): (\\S+)");
        for (String l : lines.subList(2, lines.size())) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), "a line as C's printf(\"  %s: %s\\n\") makes it: " + l);
            InetAddress a = InetAddress.ofLiteral(m.group(2));
            assertEquals(m.group(1), a.getAddress().length == 4 ? "IPv4" : "IPv6", l);
            printed.add(a.getHostAddress());
        }
        Set<String> jdk = Arrays.stream(InetAddress.getAllByName("localhost")).map(InetAddress::getHostAddress)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(jdk, printed, "the same addresses as the JDK's resolver");

        Run literal = showip("::1");
        assertEquals("IP addresses for ::1:\n\n  IPv6: ::1\n", literal.out());
    }

    @Test
    void showipFailsAsCDoes() throws Exception {
        Run usage = showip();
        assertEquals(1, usage.status());
        assertEquals("usage: showip hostname\n", usage.err());
        // A literal with a scope that names no interface: refused by the C library at once, with no lookup.
        Run unknown = showip("::1%nosuchif0");
        assertEquals(2, unknown.status());
        assertEquals("getaddrinfo: Name or service not known\n", unknown.err());
        assertEquals("", unknown.out());
    }

    @Test
    void thePollServerRelaysBetweenJdkClientsAndSeesThemHangUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            List<String> printed = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try {
                    PollServer.run(0, 3, port::complete, printed::add);
                } catch (Exception e) {
                    port.completeExceptionally(e);
                    throw new RuntimeException(e);
                }
            });
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", port.get(10, TimeUnit.SECONDS));
            List<SocketChannel> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(SocketChannel.open(at));
                int n = i + 1;
                await(() -> printed.size() >= n);
            }
            clients.get(0).write(ByteBuffer.wrap("hello, all".getBytes(US_ASCII)));
            assertEquals("hello, all", read(clients.get(1), 10));
            assertEquals("hello, all", read(clients.get(2), 10));
            clients.get(2).close();
            await(() -> printed.size() >= 4);
            clients.get(1).write(ByteBuffer.wrap("after".getBytes(US_ASCII)));
            assertEquals("after", read(clients.get(0), 5));
            clients.get(0).close();
            clients.get(1).close();
            server.get(10, TimeUnit.SECONDS);

            Pattern connected = Pattern.compile("pollserver: new connection from 127\\.0\\.0\\.1 on socket (\\d+)");
            List<String> sockets = new ArrayList<>();
            for (String l : printed.subList(0, 3)) {
                Matcher m = connected.matcher(l);
                assertTrue(m.matches(), l);
                sockets.add(m.group(1));
            }
            assertEquals("pollserver: socket " + sockets.get(2) + " hung up", printed.get(3));
            assertEquals(Set.of("pollserver: socket " + sockets.get(0) + " hung up",
                    "pollserver: socket " + sockets.get(1) + " hung up"), Set.copyOf(printed.subList(4, 6)));
            assertEquals(6, printed.size(), printed::toString);
            for (SocketChannel c : clients) {
                assertTrue(!c.isOpen());
            }
        });
    }

    private static String read(SocketChannel c, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                break;
            }
        }
        return new String(b.array(), 0, b.position(), US_ASCII);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(2);
        }
    }

    @Test
    void theTalkerAndTheListenerTalkAndEachTalksToTheJdk() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            // The pair, as the C programs are run: listener first, then the talker.
            List<String> printed = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            CompletableFuture<Integer> listener = startListener(port, printed);
            int p = port.get(10, TimeUnit.SECONDS);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, UdpTalker.run(new String[] {"127.0.0.1", Integer.toString(p), "hello"},
                    new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8)), err.toString(UTF_8));
            assertEquals("talker: sent 5 bytes to 127.0.0.1\n", out.toString(UTF_8));
            assertEquals(0, listener.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("listener: waiting to recvfrom...", "listener: got packet from 127.0.0.1",
                    "listener: packet is 5 bytes long", "listener: packet contains \"hello\""), printed);

            // The talker to a JDK datagram channel.
            try (DatagramChannel jdk = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
                int jdkPort = ((InetSocketAddress) jdk.getLocalAddress()).getPort();
                assertEquals(0, UdpTalker.run(new String[] {"127.0.0.1", Integer.toString(jdkPort), "to the JDK"},
                        new PrintStream(new ByteArrayOutputStream(), true, UTF_8), System.err));
                ByteBuffer got = ByteBuffer.allocate(64);
                jdk.receive(got);
                assertEquals("to the JDK", new String(got.array(), 0, got.position(), UTF_8));
            }

            // The listener from a JDK datagram channel, message cut at MAXBUFLEN - 1 as the C cuts it.
            List<String> second = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> port2 = new CompletableFuture<>();
            CompletableFuture<Integer> listener2 = startListener(port2, second);
            int p2 = port2.get(10, TimeUnit.SECONDS);
            try (DatagramChannel jdk = DatagramChannel.open()) {
                jdk.send(ByteBuffer.wrap("x".repeat(150).getBytes(US_ASCII)), new InetSocketAddress("127.0.0.1", p2));
            }
            assertEquals(0, listener2.get(10, TimeUnit.SECONDS));
            assertEquals("listener: packet is 99 bytes long", second.get(2));
            assertEquals("listener: packet contains \"" + "x".repeat(99) + "\"", second.get(3));
        });
    }

    /** The listener on a thread of its own: its port goes to {@code port}, its lines to {@code printed}. */
    private static CompletableFuture<Integer> startListener(CompletableFuture<Integer> port, List<String> printed) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return UdpListener.run(0, port::complete, printed::add);
            } catch (Exception e) {
                port.completeExceptionally(e);
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void theTalkerFailsAsCDoes() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, UdpTalker.run(new String[] {"127.0.0.1"}, System.out, new PrintStream(err, true, UTF_8)));
        assertEquals("usage: talker hostname port message\n", err.toString(UTF_8));
        err.reset();
        assertEquals(1, UdpTalker.run(new String[] {"::1%nosuchif0", "9", "x"}, System.out, new PrintStream(err, true, UTF_8)));
        assertEquals("getaddrinfo: Name or service not known\n", err.toString(UTF_8));
    }
}
