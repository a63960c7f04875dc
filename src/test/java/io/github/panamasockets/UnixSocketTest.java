package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SHUT_WR;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketIo.recvExactly;
import static io.github.panamasockets.SocketIo.recvTimeout;
import static io.github.panamasockets.SocketIo.sendAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code AF_UNIX} sockets: {@code SOCK_STREAM} against the JDK's {@link SocketChannel} and
 * {@link ServerSocketChannel} in both roles over a filesystem path, and between two {@link PosixSocket}s over a
 * Linux abstract name; {@code SOCK_DGRAM} and {@code SOCK_SEQPACKET} between {@link PosixSocket}s over a path
 * and over an abstract name, with {@code recvfrom} naming the sender and sequenced packets keeping their
 * boundaries; {@code getsockname}/{@code getpeername}/{@code accept} report path, abstract ({@code isAbstract()}
 * with the same name) and unnamed addresses as they are; and {@code socketpair} of each type carries data
 * both ways.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixSocketTest {

    @TempDir
    Path dir;

    /** How a socket is named: a file in the temporary directory, or a random abstract name. */
    enum Naming {
        PATH, ABSTRACT;

        SockaddrUn name(Path dir, String base) {
            return this == PATH
                    ? SockaddrUn.of(dir.resolve(base))
                    : SockaddrUn.abstractName("panama-sockets-test-" + UUID.randomUUID() + "-" + base);
        }
    }

    // -- SOCK_STREAM with the JDK as the peer -------------------------------------------------------------

    /**
     * Linux takes any bytes but 0 in a file name; a Java string names only UTF-8 ones. A socket bound at a name
     * that is not UTF-8 is bound at exactly those bytes, reached through them and reported with them; as text it
     * is refused (the replacement characters would name another file) and shown escaped. The JDK cannot name
     * the file, so the library connects to it, and the directory listing is checked byte for byte.
     */
    @Test
    void aPathThatIsNotUtf8IsBoundReachedAndReportedByItsBytes() throws Exception {
        byte[] name = concat((dir + "/sock-").getBytes(UTF_8), new byte[] {(byte) 0xff, (byte) 0xc3, '.', 's'});
        SockaddrUn address = SockaddrUn.of(name);
        assertArrayEquals(name, address.pathBytes());
        assertEquals(dir + "/sock-\\xff\\xc3.s", address.toString());
        assertThrows(UnsupportedOperationException.class, address::path);
        assertThrows(UnsupportedOperationException.class, address::toSocketAddress);
        try (PosixSocket server = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            recvTimeout(server);
            recvTimeout(client);
            server.bind(address);
            server.listen(1);
            client.connect(address);
            try (PosixSocket conn = server.accept()) {
                recvTimeout(conn);
                sendAll(client, new byte[] {42});
                assertArrayEquals(new byte[] {42}, recvExactly(conn, 1));
                assertArrayEquals(name, ((SockaddrUn) server.getsockname()).pathBytes());
                assertEquals(address, client.getpeername());
            }
        }

        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        }
        assertEquals(1, files.size(), files::toString);
        Path listed = files.get(0);
        assertArrayEquals(name, bytesOf(listed), "the file's name is exactly the bytes given");
        assertFalse(Files.exists(Path.of(new String(name, UTF_8))), "the name decoded with replacements is another file");
        // A listed Path keeps the bytes, but its text has them replaced: refused rather than turned into that text.
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of(listed));
        assertThrows(IllegalArgumentException.class, () -> OwnedFd.open(listed));
        // Permissions are set through java.nio.file, which cannot name such a file: refused before binding.
        try (PosixSocket other = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            SockaddrUn second = SockaddrUn.of(concat((dir + "/other-").getBytes(UTF_8), new byte[] {(byte) 0x80}));
            assertThrows(IllegalArgumentException.class, () -> other.bind(second, PosixFilePermissions.fromString("rw-------")));
            assertTrue(((SockaddrUn) other.getsockname()).isUnnamed(), "not bound");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The bytes of a path's name: its URI percent-encodes every byte that is not plain ASCII. */
    private static byte[] bytesOf(Path path) {
        String raw = path.toUri().getRawPath();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    @Test
    void streamPosixServerJdkClientOverPath() throws Exception {
        Path path = dir.resolve("server.sock");
        try (PosixSocket server = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            recvTimeout(server);
            server.bind(SockaddrUn.of(path));
            server.listen(4);
            assertTrue(Files.exists(path), "bind created the socket file");
            SockaddrUn bound = assertInstanceOf(SockaddrUn.class, server.getsockname());
            assertFalse(bound.isAbstract());
            assertFalse(bound.isUnnamed());
            assertEquals(path.toString(), bound.path());
            assertEquals(UnixDomainSocketAddress.of(path), bound.toSocketAddress());

            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                SockaddrStorage peer = SockaddrStorage.allocate();
                try (PosixSocket conn = server.accept(peer)) {
                    recvTimeout(conn);
                    assertEquals(AF_UNIX, peer.family());
                    assertTrue(assertInstanceOf(SockaddrUn.class, peer.decode()).isUnnamed(), "the JDK client is unbound");
                    assertTrue(assertInstanceOf(SockaddrUn.class, conn.getpeername()).isUnnamed());
                    assertEquals(bound, conn.getsockname());
                    assertEquals(UnixDomainSocketAddress.of(path), client.getRemoteAddress());

                    byte[] hello = "hello from SocketChannel".getBytes(UTF_8);
                    writeFully(client, hello);
                    assertArrayEquals(hello, recvExactly(conn, hello.length));
                    byte[] reply = "hello from PosixSocket".getBytes(UTF_8);
                    sendAll(conn, reply);
                    assertArrayEquals(reply, readFully(client, reply.length));

                    client.shutdownOutput();
                    assertEquals(0, conn.recv(new byte[8], 0), "end of stream after the JDK's shutdownOutput");
                    byte[] late = "after your shutdown".getBytes(UTF_8);
                    sendAll(conn, late);
                    assertArrayEquals(late, readFully(client, late.length));
                    client.close();
                    assertEquals(0, conn.recv(new byte[8], 0));
                }
            }
        }
    }

    @Test
    void streamJdkServerPosixClientOverPath() throws Exception {
        Path path = dir.resolve("jdk-server.sock");
        try (ServerSocketChannel ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            ssc.bind(UnixDomainSocketAddress.of(path));
            recvTimeout(client);
            client.connect(SockaddrUn.of(path));
            try (SocketChannel accepted = ssc.accept()) {
                SockaddrUn local = assertInstanceOf(SockaddrUn.class, client.getsockname());
                assertTrue(local.isUnnamed(), "an unbound client's name is unnamed: " + local);
                assertFalse(local.isAbstract());
                assertEquals("(unnamed)", local.toString());
                SockaddrUn peer = assertInstanceOf(SockaddrUn.class, client.getpeername());
                assertEquals(path.toString(), peer.path());
                assertEquals(ssc.getLocalAddress(), peer.toSocketAddress());
                assertEquals(UnixDomainSocketAddress.of(""), accepted.getRemoteAddress());

                byte[] request = "request from PosixSocket".getBytes(UTF_8);
                sendAll(client, request);
                assertArrayEquals(request, readFully(accepted, request.length));
                byte[] response = "response from SocketChannel".getBytes(UTF_8);
                writeFully(accepted, response);
                assertArrayEquals(response, recvExactly(client, response.length));

                client.shutdown(SHUT_WR);
                assertEquals(-1, accepted.read(ByteBuffer.allocate(8)), "the JDK sees end of stream after SHUT_WR");
                byte[] late = "still open the other way".getBytes(UTF_8);
                writeFully(accepted, late);
                assertArrayEquals(late, recvExactly(client, late.length));
                accepted.close();
                assertEquals(0, client.recv(new byte[8], 0));
            }
        }
    }

    @Test
    void streamClientBoundToAPathIsNamedToTheJdkServer() throws Exception {
        Path serverPath = dir.resolve("s.sock");
        Path clientPath = dir.resolve("c.sock");
        try (ServerSocketChannel ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            ssc.bind(UnixDomainSocketAddress.of(serverPath));
            client.bind(UnixDomainSocketAddress.of(clientPath));
            client.connect(UnixDomainSocketAddress.of(serverPath));
            try (SocketChannel accepted = ssc.accept()) {
                assertEquals(UnixDomainSocketAddress.of(clientPath), accepted.getRemoteAddress());
                assertEquals(clientPath.toString(), ((SockaddrUn) client.getsockname()).path());
                sendAll(client, new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {1, 2, 3}, readFully(accepted, 3));
            }
        }
    }

    @Test
    void streamOverAnAbstractName() throws Exception {
        SockaddrUn name = Naming.ABSTRACT.name(dir, "stream");
        byte[] nameBytes = name.abstractNameBytes();
        try (PosixSocket server = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
             PosixSocket namedClient = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            recvTimeout(server);
            recvTimeout(client);
            server.bind(name);
            server.listen(4);
            SockaddrUn bound = assertInstanceOf(SockaddrUn.class, server.getsockname());
            assertTrue(bound.isAbstract());
            assertFalse(bound.isUnnamed());
            assertArrayEquals(nameBytes, bound.abstractNameBytes());
            assertEquals(name, bound);
            assertEquals(name.length(), bound.length());
            assertEquals("", bound.path());
            assertEquals("@" + new String(nameBytes, UTF_8), bound.toString());
            assertThrows(UnsupportedOperationException.class, bound::toSocketAddress);

            client.connect(name);
            SockaddrStorage peer = SockaddrStorage.allocate();
            try (PosixSocket conn = server.accept(peer)) {
                recvTimeout(conn);
                assertTrue(((SockaddrUn) peer.decode()).isUnnamed());
                assertTrue(((SockaddrUn) client.getsockname()).isUnnamed());
                assertEquals(name, client.getpeername());
                assertEquals(name, conn.getsockname());

                sendAll(client, "ping".getBytes(UTF_8));
                assertArrayEquals("ping".getBytes(UTF_8), recvExactly(conn, 4));
                sendAll(conn, "pong!".getBytes(UTF_8));
                assertArrayEquals("pong!".getBytes(UTF_8), recvExactly(client, 5));
                client.close();
                assertEquals(0, conn.recv(new byte[4], 0));
            }

            SockaddrUn clientName = Naming.ABSTRACT.name(dir, "client");
            namedClient.bind(clientName);
            namedClient.connect(name);
            try (PosixSocket conn = server.accept(peer)) {
                SockaddrUn seen = assertInstanceOf(SockaddrUn.class, peer.decode());
                assertTrue(seen.isAbstract());
                assertEquals(clientName, seen);
                assertEquals(clientName, conn.getpeername());
            }
        }
        // An abstract name leaves no file and is free again once its socket is closed.
        try (PosixSocket again = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            again.bind(name);
            assertEquals(name, again.getsockname());
        }
        try (PosixSocket nobody = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            PosixConnectException refused = assertThrows(PosixConnectException.class, () -> nobody.connect(name));
            assertEquals(Errno.ECONNREFUSED, refused.errno());
        }
    }

    // -- SOCK_DGRAM and SOCK_SEQPACKET between PosixSockets -----------------------------------------------

    @ParameterizedTest
    @EnumSource(Naming.class)
    void datagramsWithSenderAddresses(Naming naming) throws Exception {
        SockaddrUn serverName = naming.name(dir, "dgram-server");
        SockaddrUn clientName = naming.name(dir, "dgram-client");
        try (PosixSocket server = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0)) {
            recvTimeout(server);
            recvTimeout(client);
            server.bind(serverName);
            client.bind(clientName);
            SockaddrUn bound = assertInstanceOf(SockaddrUn.class, server.getsockname());
            assertEquals(naming == Naming.ABSTRACT, bound.isAbstract());
            assertEquals(serverName, bound);
            if (naming == Naming.ABSTRACT) {
                assertArrayEquals(serverName.abstractNameBytes(), bound.abstractNameBytes());
            } else {
                assertEquals(serverName.path(), bound.path());
            }

            byte[] one = "one".getBytes(UTF_8);
            byte[] two = "second datagram".getBytes(UTF_8);
            assertEquals(one.length, client.sendto(one, 0, one.length, 0, serverName));
            assertEquals(two.length, client.sendto(ByteBuffer.wrap(two), 0, serverName));

            SockaddrStorage from = SockaddrStorage.allocate();
            byte[] buf = new byte[64];
            assertEquals(one.length, server.recvfrom(buf, 0, buf.length, 0, from));
            assertArrayEquals(one, Arrays.copyOf(buf, one.length));
            assertEquals(AF_UNIX, from.family());
            assertEquals(clientName.length(), from.length());
            SockaddrUn sender = assertInstanceOf(SockaddrUn.class, from.decode());
            assertEquals(clientName, sender);
            assertEquals(naming == Naming.ABSTRACT, sender.isAbstract());
            assertEquals(two.length, server.recvfrom(buf, 0, buf.length, 0, from));
            assertArrayEquals(two, Arrays.copyOf(buf, two.length));
            assertEquals(clientName, from.decode());

            // The filled-in storage is the address to answer.
            byte[] answer = "answer".getBytes(UTF_8);
            assertEquals(answer.length, server.sendto(answer, 0, answer.length, 0, from));
            SockaddrStorage from2 = SockaddrStorage.allocate();
            int n = client.recvfrom(buf, 0, buf.length, 0, from2);
            assertArrayEquals(answer, Arrays.copyOf(buf, n));
            assertEquals(serverName, from2.decode());

            // Connected: send and recv without addresses.
            client.connect(serverName);
            assertEquals(serverName, client.getpeername());
            assertEquals(3, client.send(new byte[] {9, 8, 7}, 0));
            assertEquals(3, server.recv(buf, 0));
            assertArrayEquals(new byte[] {9, 8, 7}, Arrays.copyOf(buf, 3));
        }
    }

    @ParameterizedTest
    @EnumSource(Naming.class)
    void seqpacketKeepsMessageBoundaries(Naming naming) throws Exception {
        SockaddrUn name = naming.name(dir, "seqpacket");
        try (PosixSocket server = PosixSocket.socket(AF_UNIX, SOCK_SEQPACKET, 0);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_SEQPACKET, 0)) {
            recvTimeout(server);
            recvTimeout(client);
            server.bind(name);
            server.listen(4);
            SockaddrUn bound = assertInstanceOf(SockaddrUn.class, server.getsockname());
            assertEquals(name, bound);
            assertEquals(naming == Naming.ABSTRACT, bound.isAbstract());
            client.connect(name);
            SockaddrStorage peer = SockaddrStorage.allocate();
            try (PosixSocket conn = server.accept(peer)) {
                recvTimeout(conn);
                assertEquals(SOCK_SEQPACKET, conn.type());
                assertTrue(((SockaddrUn) peer.decode()).isUnnamed());
                assertTrue(((SockaddrUn) client.getsockname()).isUnnamed());
                assertEquals(name, client.getpeername());

                exchangeMessages(client, conn);
                exchangeMessages(conn, client);

                client.close();
                assertEquals(0, conn.recv(new byte[8], 0), "end of stream after the peer closed");
            }
        }
    }

    // -- socketpair -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET"})
    void socketpairCarriesDataBothWays(String typeName) throws Exception {
        int type = switch (typeName) {
            case "SOCK_STREAM" -> SOCK_STREAM;
            case "SOCK_DGRAM" -> SOCK_DGRAM;
            default -> SOCK_SEQPACKET;
        };
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, type, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            assertEquals(2, pair.length);
            for (PosixSocket s : pair) {
                recvTimeout(s);
                assertEquals(AF_UNIX, s.family());
                assertEquals(type, s.type());
                assertTrue(((SockaddrUn) s.getsockname()).isUnnamed());
                assertTrue(((SockaddrUn) s.getpeername()).isUnnamed());
            }

            byte[] ping = ("ping over " + typeName).getBytes(UTF_8);
            assertEquals(ping.length, a.send(ping, 0));
            assertArrayEquals(ping, recvExactly(b, ping.length));
            try (Arena arena = Arena.ofConfined()) {
                byte[] pong = ("pong over " + typeName).getBytes(UTF_8);
                assertEquals(pong.length, b.send(arena.allocateFrom(ValueLayout.JAVA_BYTE, pong), 0));
                MemorySegment in = arena.allocate(64);
                assertEquals(pong.length, a.recv(in, 0));
                assertArrayEquals(pong, in.asSlice(0, pong.length).toArray(ValueLayout.JAVA_BYTE));
            }

            if (type == SOCK_STREAM) {
                sendAll(a, new byte[] {1, 2, 3});
                sendAll(a, new byte[] {4, 5, 6, 7, 8});
                assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, recvExactly(b, 8));
            } else {
                exchangeMessages(a, b);
                exchangeMessages(b, a);
            }
            assertEquals(PosixSocket.WOULD_BLOCK, b.recv(new byte[8], MSG_DONTWAIT), "nothing left over");

            a.close();
            if (type == SOCK_DGRAM) {
                PosixConnectException refused = assertThrows(PosixConnectException.class, () -> b.send(new byte[] {1}, 0));
                assertEquals(Errno.ECONNREFUSED, refused.errno());
            } else {
                assertEquals(0, b.recv(new byte[8], 0), "end of stream after the other end closed");
            }
        }
    }

    // -----------------------------------------------------------------------------------------------------

    /** Two messages of 3 and 5 bytes arrive as two messages of 3 and 5 bytes. */
    private static void exchangeMessages(PosixSocket from, PosixSocket to) throws IOException {
        byte[] three = {1, 2, 3};
        byte[] five = {4, 5, 6, 7, 8};
        assertEquals(3, from.send(three, 0));
        assertEquals(5, from.send(five, 0));
        byte[] buf = new byte[64];
        int n1 = to.recv(buf, 0);
        assertEquals(3, n1, "the first message alone");
        assertArrayEquals(three, Arrays.copyOf(buf, 3));
        ByteBuffer bb = ByteBuffer.allocate(64);
        int n2 = to.recv(bb, 0);
        assertEquals(5, n2, "the second message alone");
        assertEquals(5, bb.position());
        assertArrayEquals(five, Arrays.copyOf(bb.array(), 5));
    }

    private static void writeFully(SocketChannel ch, byte[] data) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(data);
        for (int i = 0; bb.hasRemaining(); i++) {
            assertTrue(i < 1_000, "the JDK channel makes no progress");
            ch.write(bb);
        }
    }

    private static byte[] readFully(SocketChannel ch, int length) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(length);
        while (bb.hasRemaining()) {
            assertTrue(ch.read(bb) > 0, "end of stream after " + bb.position() + " of " + length + " bytes");
        }
        return bb.array();
    }
}
