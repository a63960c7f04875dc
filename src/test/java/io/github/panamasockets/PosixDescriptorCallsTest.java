package io.github.panamasockets;

import static io.github.panamasockets.ArpaInet.htonl;
import static io.github.panamasockets.ArpaInet.htons;
import static io.github.panamasockets.ArpaInet.ntohs;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.FD_CLOEXEC;
import static io.github.panamasockets.SocketConstants.FIONREAD;
import static io.github.panamasockets.SocketConstants.F_DUPFD_CLOEXEC;
import static io.github.panamasockets.SocketConstants.F_GETFD;
import static io.github.panamasockets.SocketConstants.F_GETFL;
import static io.github.panamasockets.SocketConstants.F_SETFD;
import static io.github.panamasockets.SocketConstants.F_SETFL;
import static io.github.panamasockets.SocketConstants.INADDR_LOOPBACK;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.O_CLOEXEC;
import static io.github.panamasockets.SocketConstants.O_NONBLOCK;
import static io.github.panamasockets.SocketConstants.POLLIN;
import static io.github.panamasockets.SocketConstants.SIOCOUTQ;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.bindings.linux.x86_64.iovec;
import io.github.panamasockets.bindings.linux.x86_64.msghdr;
import io.github.panamasockets.bindings.linux.x86_64.pollfd;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rest of {@link Posix}: the descriptor calls a ported C program makes beyond the seed's, each against an
 * independent end — the JDK's sockets and channels, {@code /proc/self/fd} and {@code /proc/self/fdinfo}, a pipe
 * read or written through {@code java.io}, the file system — and each failure as the errno C would see.
 */
@Timeout(20)
class PosixDescriptorCallsTest {
    private final List<Integer> opened = new ArrayList<>();
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void closeEverything() throws IOException {
        for (int fd : opened) {
            if (OpenFiles.isOpen(fd)) {
                Posix.close(fd);
            }
        }
        arena.close();
    }

    private int[] track(int[] fds) {
        opened.add(fds[0]);
        opened.add(fds[1]);
        return fds;
    }

    private int track(int fd) {
        opened.add(fd);
        return fd;
    }

    private int[] pipe(int flags) throws IOException {
        int[] fds = new int[2];
        assertEquals(0, Posix.pipe2(fds, flags));
        return track(fds);
    }

    private MemorySegment text(String s) {
        return arena.allocateFrom(s, US_ASCII);
    }

    /** The {@code flags:} field of /proc/self/fdinfo: the file's status flags, as the kernel reports them (octal). */
    private static int fdinfoFlags(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring(6).trim(), 8);
            }
        }
        throw new IllegalStateException("no flags in fdinfo of " + fd);
    }

    /** Waits, bounded, until FIONREAD says {@code count} bytes wait on {@code fd}. */
    private void waitForBytes(int fd, int count) throws IOException, InterruptedException {
        MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Posix.ioctl(fd, FIONREAD, n) == 0 && n.get(ValueLayout.JAVA_INT, 0) < count) {
            assertTrue(System.nanoTime() < deadline, "only " + n.get(ValueLayout.JAVA_INT, 0) + " of " + count + " bytes arrived");
            Thread.sleep(1);
        }
    }

    @Test
    void readAndWriteOnAPipeThatJavaIoReadsAndWrites() throws Exception {
        int[] p = pipe(O_CLOEXEC);
        assertTrue(OpenFiles.target(p[0]).startsWith("pipe:"));
        assertEquals(OpenFiles.target(p[0]), OpenFiles.target(p[1]), "both ends are one pipe");
        MemorySegment hello = text("hello, pipe");
        assertEquals(11, Posix.write(p[1], hello, 11));
        try (FileInputStream in = new FileInputStream("/proc/self/fd/" + p[0])) {
            assertEquals("hello, pipe", new String(in.readNBytes(11), US_ASCII));
        }
        try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + p[1])) {
            out.write("back".getBytes(US_ASCII));
        }
        MemorySegment buf = arena.allocate(16);
        assertEquals(4, Posix.read(p[0], buf, 16));
        assertEquals("back", buf.getString(0, US_ASCII).substring(0, 4));
    }

    @Test
    void pipe2FlagsAreTheKernelsAndFcntlReadsAndChangesThem() throws Exception {
        int[] p = pipe(O_CLOEXEC | O_NONBLOCK);
        assertEquals(O_NONBLOCK, fdinfoFlags(p[0]) & O_NONBLOCK);
        assertEquals(O_NONBLOCK, Posix.fcntl(p[0], F_GETFL) & O_NONBLOCK);
        assertEquals(FD_CLOEXEC, Posix.fcntl(p[0], F_GETFD));
        MemorySegment buf = arena.allocate(8);
        PosixTimeoutException empty = assertThrows(PosixTimeoutException.class, () -> Posix.read(p[0], buf, 8));
        assertEquals(Errno.EAGAIN, empty.errno());
        assertEquals("read", empty.call());

        int flags = Posix.fcntl(p[0], F_GETFL);
        assertEquals(0, Posix.fcntl(p[0], F_SETFL, flags & ~O_NONBLOCK));
        assertEquals(0, fdinfoFlags(p[0]) & O_NONBLOCK, "the kernel's view: blocking now");
        assertEquals(0, Posix.fcntl(p[0], F_SETFD, 0));
        assertEquals(0, Posix.fcntl(p[0], F_GETFD));

        int copy = track(Posix.fcntl(p[0], F_DUPFD_CLOEXEC, 100));
        assertTrue(copy >= 100);
        assertEquals(OpenFiles.target(p[0]), OpenFiles.target(copy));
        assertThrows(IllegalArgumentException.class, () -> Posix.fcntl(p[0], SocketConstants.F_SETFL));
        assertThrows(IllegalArgumentException.class, () -> Posix.fcntl(p[0], 5 /* F_GETLK: a pointer */, 0));
        PosixSocketException badf = assertThrows(PosixSocketException.class, () -> Posix.fcntl(-1, F_GETFL));
        assertEquals("EBADF", badf.errnoName());
    }

    @Test
    void aWriteToAPipeWithoutReaderIsEpipeNotASignal() throws Exception {
        int[] p = pipe(O_CLOEXEC);
        Posix.close(p[0]);
        PosixSocketException e = assertThrows(PosixSocketException.class, () -> Posix.write(p[1], text("x"), 1));
        assertEquals(Errno.EPIPE, e.errno());
        assertEquals("write: EPIPE (32) Broken pipe", e.getMessage());
    }

    @Test
    void dupDup2AndDup3PointNumbersAtTheSameFile() throws Exception {
        int[] p = pipe(O_CLOEXEC);
        int[] other = pipe(O_CLOEXEC);
        int d = track(Posix.dup(p[0]));
        assertEquals(OpenFiles.target(p[0]), OpenFiles.target(d));
        assertEquals(0, Posix.fcntl(d, F_GETFD), "dup's copy has no FD_CLOEXEC, as in C");

        assertEquals(other[0], Posix.dup2(p[1], other[0]));
        assertEquals(OpenFiles.target(p[1]), OpenFiles.target(other[0]), "the number now names the first pipe");
        assertEquals(other[1], Posix.dup3(p[1], other[1], O_CLOEXEC));
        assertEquals(FD_CLOEXEC, Posix.fcntl(other[1], F_GETFD));
        PosixSocketException same = assertThrows(PosixSocketException.class, () -> Posix.dup3(p[0], p[0], 0));
        assertEquals(Errno.EINVAL, same.errno());
        assertEquals("EBADF", assertThrows(PosixSocketException.class, () -> Posix.dup(-1)).errnoName());
    }

    @Test
    void socketpairGivesTwoConnectedSockets() throws Exception {
        int[] sv = new int[2];
        assertEquals(0, Posix.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
        track(sv);
        assertTrue(OpenFiles.target(sv[0]).startsWith("socket:"));
        assertTrue(OpenFiles.target(sv[1]).startsWith("socket:"));
        assertNotEquals(OpenFiles.target(sv[0]), OpenFiles.target(sv[1]));
        assertEquals(3, Posix.send(sv[0], text("abc"), 3, 0));
        MemorySegment buf = arena.allocate(8);
        assertEquals(3, Posix.recv(sv[1], buf, 8, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.socketpair(AF_UNIX, SOCK_STREAM, 0, new int[1]));
        PosixSocketException e = assertThrows(PosixSocketException.class,
                () -> Posix.socketpair(AF_INET, SOCK_STREAM, 0, new int[2]));
        assertEquals(Errno.EOPNOTSUPP, e.errno());
    }

    @Test
    void readvAndWritevAgainstAJdkSocket() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int fd = track(Posix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
            SockaddrIn to = SockaddrIn.of("127.0.0.1", ((InetSocketAddress) server.getLocalAddress()).getPort());
            Posix.connect(fd, to.segment(), to.length());
            try (SocketChannel peer = server.accept()) {
                MemorySegment iov = iovec.allocateArray(2, arena);
                MemorySegment a = text("gather");
                MemorySegment b = text("ed!");
                iovec.iov_base(iovec.asSlice(iov, 0), a);
                iovec.iov_len(iovec.asSlice(iov, 0), 6);
                iovec.iov_base(iovec.asSlice(iov, 1), b);
                iovec.iov_len(iovec.asSlice(iov, 1), 3);
                assertEquals(9, Posix.writev(fd, iov, 2));
                ByteBuffer got = ByteBuffer.allocate(9);
                while (got.hasRemaining()) {
                    peer.read(got);
                }
                assertEquals("gathered!", new String(got.array(), US_ASCII));

                peer.write(ByteBuffer.wrap("scattered".getBytes(US_ASCII)));
                MemorySegment x = arena.allocate(4);
                MemorySegment y = arena.allocate(16);
                iovec.iov_base(iovec.asSlice(iov, 0), x);
                iovec.iov_len(iovec.asSlice(iov, 0), 4);
                iovec.iov_base(iovec.asSlice(iov, 1), y);
                iovec.iov_len(iovec.asSlice(iov, 1), 16);
                waitForBytes(fd, 9);
                assertEquals(9, Posix.readv(fd, iov, 2));
                assertEquals("scat", new String(x.toArray(ValueLayout.JAVA_BYTE), US_ASCII));
                assertEquals("tered", new String(y.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), US_ASCII));

                MemorySegment peerAddr = sockaddr_in.allocate(arena);
                MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, (int) sockaddr_in.sizeof());
                assertEquals(0, Posix.getpeername(fd, peerAddr, len));
                assertEquals(((InetSocketAddress) server.getLocalAddress()).getPort(),
                        ntohs(Short.toUnsignedInt(sockaddr_in.sin_port(peerAddr))));
                assertEquals(16, len.get(ValueLayout.JAVA_INT, 0));
                assertThrows(IndexOutOfBoundsException.class, () -> Posix.writev(fd, iov, 3));
            }
        }
    }

    @Test
    void getpeernameOfAnUnconnectedSocketIsEnotconn() throws Exception {
        int fd = track(Posix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        MemorySegment addr = sockaddr_in.allocate(arena);
        MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, (int) sockaddr_in.sizeof());
        PosixSocketException e = assertThrows(PosixSocketException.class, () -> Posix.getpeername(fd, addr, len));
        assertEquals(Errno.ENOTCONN, e.errno());
        assertEquals("getpeername", e.call());
    }

    /**
     * The porting guide's {@code shutdown} row: after the peer has reset the connection, C's
     * {@code if (shutdown(...) < 0)} meets {@code ENOTCONN}; the guide's Java line tells it by its errno and goes on.
     */
    @Test
    void shutdownAfterThePeerResetIsEnotconnAndTheGuidesIdiomGoesOn() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int fd = track(Posix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
            SockaddrIn to = SockaddrIn.of("127.0.0.1", ((InetSocketAddress) server.getLocalAddress()).getPort());
            Posix.connect(fd, to.segment(), to.length());
            try (SocketChannel peer = server.accept()) {
                peer.socket().setSoLinger(true, 0); // close sends RST
            }
            MemorySegment fds = pollfd.allocate(arena);
            pollfd.fd(fds, fd);
            pollfd.events(fds, (short) POLLIN);
            assertEquals(1, Posix.poll(fds, 1, 5000), "the reset never arrived");

            PosixSocketException e = assertThrows(PosixSocketException.class,
                    () -> Posix.shutdown(fd, SocketConstants.SHUT_RDWR));
            assertEquals(Errno.ENOTCONN, e.errno());
            assertEquals("shutdown", e.call());
            try {
                Posix.shutdown(fd, SocketConstants.SHUT_RDWR);
            } catch (PosixSocketException x) {
                if (x.errno() != Errno.ENOTCONN) {
                    throw x;
                }
            }
        }
    }

    @Test
    void sendtoAndRecvfromAgainstAJdkDatagramChannel() throws Exception {
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int fd = track(Posix.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
            SockaddrIn any = SockaddrIn.of("127.0.0.1", 0);
            Posix.bind(fd, any.segment(), any.length());
            SockaddrIn to = SockaddrIn.of("127.0.0.1", ((InetSocketAddress) peer.getLocalAddress()).getPort());
            assertEquals(4, Posix.sendto(fd, text("ping"), 4, 0, to.segment(), to.length()));
            ByteBuffer got = ByteBuffer.allocate(16);
            InetSocketAddress sender = (InetSocketAddress) peer.receive(got);
            assertEquals("ping", new String(got.array(), 0, got.position(), US_ASCII));

            peer.send(ByteBuffer.wrap("pong".getBytes(US_ASCII)), sender);
            MemorySegment buf = arena.allocate(16);
            MemorySegment from = sockaddr_in.allocate(arena);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) sockaddr_in.sizeof());
            assertEquals(4, Posix.recvfrom(fd, buf, 16, 0, from, len));
            assertEquals("pong", buf.getString(0, US_ASCII).substring(0, 4));
            assertEquals(((InetSocketAddress) peer.getLocalAddress()).getPort(),
                    ntohs(Short.toUnsignedInt(sockaddr_in.sin_port(from))));

            PosixTimeoutException nothing = assertThrows(PosixTimeoutException.class,
                    () -> Posix.recvfrom(fd, buf, 16, MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL));
            assertEquals("recvfrom", nothing.call());
            assertThrows(IndexOutOfBoundsException.class, () -> Posix.sendto(fd, buf, 16, 0, to.segment(), 17));
        }
    }

    @Test
    void sendmsgAndRecvmsgWithAHandBuiltHeader() throws Exception {
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int fd = track(Posix.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
            MemorySegment to = sockaddr_in.allocate(arena);
            sockaddr_in.sin_family(to, (short) AF_INET);
            sockaddr_in.sin_port(to, (short) htons(((InetSocketAddress) peer.getLocalAddress()).getPort()));
            sockaddr_in.sin_addr(to).set(ValueLayout.JAVA_INT, 0, htonl(INADDR_LOOPBACK));
            MemorySegment iov = iovec.allocate(arena);
            MemorySegment data = text("message");
            iovec.iov_base(iov, data);
            iovec.iov_len(iov, 7);
            MemorySegment msg = msghdr.allocate(arena);
            msghdr.msg_name(msg, to);
            msghdr.msg_namelen(msg, (int) sockaddr_in.sizeof());
            msghdr.msg_iov(msg, iov);
            msghdr.msg_iovlen(msg, 1);
            assertEquals(7, Posix.sendmsg(fd, msg, 0));
            ByteBuffer got = ByteBuffer.allocate(16);
            InetSocketAddress sender = (InetSocketAddress) peer.receive(got);
            assertEquals("message", new String(got.array(), 0, got.position(), US_ASCII));

            peer.send(ByteBuffer.wrap("reply, longer than room".getBytes(US_ASCII)), sender);
            MemorySegment room = arena.allocate(5);
            iovec.iov_base(iov, room);
            iovec.iov_len(iov, 5);
            MemorySegment from = sockaddr_in.allocate(arena);
            msghdr.msg_name(msg, from);
            msghdr.msg_namelen(msg, (int) sockaddr_in.sizeof());
            assertEquals(5, Posix.recvmsg(fd, msg, 0));
            assertEquals("reply", new String(room.toArray(ValueLayout.JAVA_BYTE), US_ASCII));
            assertEquals(SocketConstants.MSG_TRUNC, msghdr.msg_flags(msg) & SocketConstants.MSG_TRUNC);
            assertEquals(peer.socket().getLocalPort(), ntohs(Short.toUnsignedInt(sockaddr_in.sin_port(from))));
            assertThrows(IndexOutOfBoundsException.class, () -> Posix.sendmsg(fd, arena.allocate(8), 0));
            assertThrows(IllegalArgumentException.class, () -> Posix.recvmsg(fd, msg.asReadOnly(), 0));
        }
    }

    @Test
    void ioctlCountsWhatWaitsAndWhatIsQueued() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int fd = track(Posix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
            SockaddrIn to = SockaddrIn.of("127.0.0.1", ((InetSocketAddress) server.getLocalAddress()).getPort());
            Posix.connect(fd, to.segment(), to.length());
            try (SocketChannel peer = server.accept()) {
                MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
                assertEquals(0, Posix.ioctl(fd, FIONREAD, n));
                assertEquals(0, n.get(ValueLayout.JAVA_INT, 0));
                peer.write(ByteBuffer.wrap(new byte[1234]));
                MemorySegment pfd = pollfd.allocate(arena);
                pollfd.fd(pfd, fd);
                pollfd.events(pfd, (short) POLLIN);
                assertEquals(1, Posix.poll(pfd, 1, 5000));
                waitForBytes(fd, 1234); // the bytes may arrive in more than one segment
                Posix.ioctl(fd, FIONREAD, n);
                assertEquals(1234, n.get(ValueLayout.JAVA_INT, 0));
                assertEquals(0, Posix.ioctl(fd, SIOCOUTQ, n));
                assertEquals(0, n.get(ValueLayout.JAVA_INT, 0), "nothing sent, nothing queued");
                // Fill both buffers: the peer reads nothing, so what its window cannot take stays queued here.
                MemorySegment chunk = arena.allocate(64 * 1024);
                long sent = 0;
                try {
                    for (int i = 0; i < 10_000; i++) {
                        sent += Posix.send(fd, chunk, chunk.byteSize(), MSG_DONTWAIT);
                    }
                } catch (PosixTimeoutException full) {
                    assertEquals(Errno.EAGAIN, full.errno());
                }
                Posix.ioctl(fd, SIOCOUTQ, n);
                int queued = n.get(ValueLayout.JAVA_INT, 0);
                assertTrue(queued > 0 && queued <= sent, queued + " queued of " + sent + " sent");
            }
        }
        int[] p = pipe(O_CLOEXEC);
        MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
        Posix.write(p[1], text("four"), 4);
        Posix.ioctl(p[0], FIONREAD, n);
        assertEquals(4, n.get(ValueLayout.JAVA_INT, 0));
        assertEquals(0, Posix.ioctl(p[0], SocketConstants.FIONCLEX, MemorySegment.NULL));
        assertEquals(0, Posix.fcntl(p[0], F_GETFD));
        assertEquals(0, Posix.ioctl(p[0], SocketConstants.FIOCLEX, MemorySegment.NULL));
        assertEquals(FD_CLOEXEC, Posix.fcntl(p[0], F_GETFD));
        assertThrows(IllegalArgumentException.class, () -> Posix.ioctl(p[0], 0x8912 /* SIOCGIFCONF */, n));
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.ioctl(p[0], FIONREAD, arena.allocate(2)));
        assertEquals("EBADF", assertThrows(PosixSocketException.class, () -> Posix.ioctl(-1, FIONREAD, n)).errnoName());
    }

    @Test
    void pollReportsAPipeReadableOnceJavaIoWrites() throws Exception {
        int[] p = pipe(O_CLOEXEC);
        MemorySegment fds = pollfd.allocateArray(2, arena);
        pollfd.fd(pollfd.asSlice(fds, 0), p[0]);
        pollfd.events(pollfd.asSlice(fds, 0), (short) POLLIN);
        pollfd.fd(pollfd.asSlice(fds, 1), -1); // skipped, as in C
        assertEquals(0, Posix.poll(fds, 2, 0));
        try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + p[1])) {
            out.write(1);
        }
        assertEquals(1, Posix.poll(fds, 2, 5000));
        assertEquals(POLLIN, pollfd.revents(pollfd.asSlice(fds, 0)) & POLLIN);
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.poll(fds, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> Posix.poll(fds.asReadOnly(), 1, 0));
    }

    @Test
    void unlinkRemovesASocketPath(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("server.sock");
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            s.bind(SockaddrUn.of(path.toString()));
        }
        assertTrue(Files.exists(path), "closing a bound Unix socket leaves its path, as in C");
        assertEquals(0, Posix.unlink(path.toString()));
        assertFalse(Files.exists(path));
        PosixSocketException e = assertThrows(PosixSocketException.class, () -> Posix.unlink(path.toString()));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("unlink: ENOENT (2) No such file or directory ["), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Posix.unlink("a\0b"));
    }

    @Test
    void lengthsAndReadOnlyMemoryAreRefusedBeforeTheKernel() throws Exception {
        MemorySegment small = arena.allocate(8);
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.read(0, small, 9));
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.write(0, small, 9));
        assertThrows(IllegalArgumentException.class, () -> Posix.read(0, small.asReadOnly(), 8));
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.readv(0, small, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.readv(0, small, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> Posix.pipe2(new int[1], 0));
    }
}
