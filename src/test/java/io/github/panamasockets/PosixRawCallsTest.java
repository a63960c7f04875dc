package io.github.panamasockets;

import static io.github.panamasockets.ArpaInet.htonl;
import static io.github.panamasockets.ArpaInet.ntohs;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.INADDR_LOOPBACK;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_REUSEADDR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in;
import io.github.panamasockets.bindings.linux.x86_64.sockets_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Posix}: the generated bindings' calls on plain descriptor numbers, with errno captured and turned into
 * the library's exceptions, and lengths checked against the memory given.
 */
@Timeout(20)
class PosixRawCallsTest {
    @Test
    void theSeedsCallsOnDescriptorNumbers() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            int server = Posix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            int client = Posix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            int conn = -1;
            try {
                MemorySegment sa = sockaddr_in.allocate(arena);
                sockaddr_in.sin_family(sa, (short) AF_INET);
                sockaddr_in.sin_addr(sa).set(ValueLayout.JAVA_INT, 0, htonl(INADDR_LOOPBACK));
                assertEquals(0, Posix.bind(server, sa, (int) sockaddr_in.sizeof()));
                assertEquals(0, Posix.listen(server, 4));
                MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, (int) sockaddr_in.sizeof());
                assertEquals(0, Posix.getsockname(server, sa, len));
                assertTrue(ntohs(Short.toUnsignedInt(sockaddr_in.sin_port(sa))) > 0);

                assertEquals(0, Posix.connect(client, sa, (int) sockaddr_in.sizeof()));
                MemorySegment peer = sockaddr_in.allocate(arena);
                len.set(ValueLayout.JAVA_INT, 0, (int) sockaddr_in.sizeof());
                conn = Posix.accept(server, peer, len);
                assertEquals(16, len.get(ValueLayout.JAVA_INT, 0));

                MemorySegment hello = arena.allocateFrom("hello", StandardCharsets.US_ASCII);
                assertEquals(5, Posix.send(client, hello, 5, 0));
                MemorySegment buf = arena.allocate(64);
                assertEquals(5, Posix.recv(conn, buf, 64, 0));
                assertEquals("hello", buf.getString(0, StandardCharsets.US_ASCII));

                MemorySegment one = arena.allocate(ValueLayout.JAVA_INT);
                one.set(ValueLayout.JAVA_INT, 0, 1);
                assertEquals(0, Posix.setsockopt(conn, SOL_SOCKET, SO_REUSEADDR, one, 4));
                MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, 4);
                assertEquals(0, Posix.getsockopt(conn, SOL_SOCKET, SO_REUSEADDR, value, len));
                assertEquals(1, value.get(ValueLayout.JAVA_INT, 0));
                assertEquals(0, Posix.shutdown(client, SocketConstants.SHUT_WR));
                assertEquals(0, Posix.recv(conn, buf, 64, 0), "end of stream");
            } finally {
                if (conn != -1) {
                    Posix.close(conn);
                }
                Posix.close(client);
                Posix.close(server);
            }
        }
    }

    @Test
    void aRefusedConnectIsTheJdksExceptionWithErrnoAndAddress() throws Exception {
        int port;
        try (PosixSocket closed = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            closed.bind(SockaddrIn.of("127.0.0.1", 0));
            port = ((SockaddrIn) closed.getsockname()).port();
        }
        int fd = Posix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        try {
            SockaddrIn to = SockaddrIn.of("127.0.0.1", port);
            // The generated function says only -1; Posix says why.
            assertEquals(-1, sockets_h.connect(fd, to.segment(), to.length()));
            ConnectException e = assertThrows(ConnectException.class, () -> Posix.connect(fd, to.segment(), to.length()));
            PosixError p = assertInstanceOf(PosixError.class, e);
            assertEquals(Errno.ECONNREFUSED, p.errno());
            assertEquals("connect", p.call());
            assertEquals("connect: ECONNREFUSED (111) Connection refused [127.0.0.1:" + port + "]", e.getMessage());
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void wouldBlockIsAnExceptionAsEveryMinusOneIs() throws Exception {
        int fd = Posix.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            SockaddrIn any = SockaddrIn.of("127.0.0.1", 0);
            Posix.bind(fd, any.segment(), any.length());
            Posix.listen(fd, 1);
            PosixTimeoutException e = assertThrows(PosixTimeoutException.class,
                    () -> Posix.accept(fd, MemorySegment.NULL, MemorySegment.NULL));
            assertEquals(Errno.EAGAIN, e.errno());
            assertEquals("accept4", e.call());
            PosixSocketException badf = assertThrows(PosixSocketException.class, () -> Posix.listen(-1, 1));
            assertEquals("EBADF", badf.errnoName());
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void lengthsMustFitTheMemoryGiven() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(8);
            assertThrows(IndexOutOfBoundsException.class, () -> Posix.recv(0, small, 9, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> Posix.send(0, small, 9, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> Posix.connect(0, small, 16));
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 16);
            assertThrows(IndexOutOfBoundsException.class, () -> Posix.accept(0, small, len));
            assertThrows(IllegalArgumentException.class, () -> Posix.recv(0, small.asReadOnly(), 8, 0));
        }
    }
}
