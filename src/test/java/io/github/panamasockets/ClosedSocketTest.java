package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SHUT_RDWR;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_RCVBUF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panamasockets.internal.FdHandle;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Use after close: every public method of {@link PosixSocket} that works on the descriptor throws
 * {@link SocketClosedException} with errno {@code EBADF} and the method's call name, and never reaches the
 * descriptor number, which the kernel has meanwhile given to another socket that stays untouched. Closing
 * twice is harmless. A thread blocked in {@code accept} or {@code recv} is woken by a close from another
 * thread with {@link ClosedWhileBlockedException}, promptly, fifty times over, without leaking a descriptor;
 * a close racing with non-blocking {@code accept} and {@code recv} calls leaves the socket closed with no
 * call counted in flight.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClosedSocketTest {
    /** Methods that read only what the object itself remembers, never the descriptor. */
    // channel() makes a view and touches nothing; the view reports a closed socket as channels do
    // (ClosedChannelException), which JavaIoInteropTest checks.
    private static final Set<String> NO_DESCRIPTOR = Set.of("close()", "isClosed()", "family()", "type()",
            "protocol()", "toString()", "getTimeout()", "isBlocking()", "hashCode()", "equals(Object)",
            "supportedOptions()", "channel()");

    private interface Call {
        Object on(PosixSocket s) throws Exception;
    }

    private record Case(String signature, String call, Call action) {}

    private static List<Case> cases(Arena arena, OwnedFd file) throws IOException {
        SockAddr v4 = SockaddrIn.loopback(9);
        InetSocketAddress jdk = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 9);
        SockaddrStorage from = SockaddrStorage.allocate();
        MemorySegment nativeSegment = arena.allocate(8);
        MemorySegment heapSegment = MemorySegment.ofArray(new byte[8]);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("bind(SockAddr)", "bind", s -> { s.bind(v4); return null; }));
        cases.add(new Case("bind(SocketAddress)", "bind", s -> { s.bind(jdk); return null; }));
        // A path that cannot exist: the closed check comes before any file is made.
        SockaddrUn file0600 = SockaddrUn.of("/nonexistent-dir/closed.sock");
        cases.add(new Case("bind(SockaddrUn,Set)", "bind",
                s -> { s.bind(file0600, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")); return null; }));
        cases.add(new Case("listen(int)", "listen", s -> { s.listen(1); return null; }));
        cases.add(new Case("accept()", "accept", PosixSocket::accept));
        cases.add(new Case("accept(SockaddrStorage)", "accept", s -> s.accept(from)));
        cases.add(new Case("accept4(SockaddrStorage,int)", "accept", s -> s.accept4(from, 0)));
        cases.add(new Case("connect(SockAddr)", "connect", s -> s.connect(v4)));
        cases.add(new Case("connect(SocketAddress)", "connect", s -> s.connect(jdk)));
        cases.add(new Case("shutdown(int)", "shutdown", s -> { s.shutdown(SHUT_RDWR); return null; }));
        cases.add(new Case("getsockname()", "getsockname", PosixSocket::getsockname));
        cases.add(new Case("getpeername()", "getpeername", PosixSocket::getpeername));
        cases.add(new Case("localAddress()", "getsockname", PosixSocket::localAddress));
        cases.add(new Case("localPort()", "getsockname", PosixSocket::localPort));
        cases.add(new Case("remoteAddress()", "getpeername", PosixSocket::remoteAddress));

        cases.add(new Case("send(byte[],int,int,int)", "send", s -> s.send(new byte[8], 1, 4, 0)));
        cases.add(new Case("send(byte[],int)", "send", s -> s.send(new byte[8], 0)));
        cases.add(new Case("send(ByteBuffer,int)", "send", s -> s.send(ByteBuffer.allocate(8), 0)));
        cases.add(new Case("send(ByteBuffer,int)", "send", s -> s.send(ByteBuffer.allocateDirect(8), 0)));
        cases.add(new Case("send(MemorySegment,int)", "send", s -> s.send(nativeSegment, 0)));
        cases.add(new Case("send(MemorySegment,int)", "send", s -> s.send(heapSegment, 0)));

        cases.add(new Case("recv(byte[],int,int,int)", "recv", s -> s.recv(new byte[8], 1, 4, 0)));
        cases.add(new Case("recv(byte[],int)", "recv", s -> s.recv(new byte[8], 0)));
        cases.add(new Case("recv(ByteBuffer,int)", "recv", s -> s.recv(ByteBuffer.allocate(8), 0)));
        cases.add(new Case("recv(ByteBuffer,int)", "recv", s -> s.recv(ByteBuffer.allocateDirect(8), 0)));
        cases.add(new Case("recv(MemorySegment,int)", "recv", s -> s.recv(nativeSegment, 0)));
        cases.add(new Case("recv(MemorySegment,int)", "recv", s -> s.recv(heapSegment, 0)));

        cases.add(new Case("sendto(byte[],int,int,int,SockAddr)", "sendto", s -> s.sendto(new byte[8], 0, 8, 0, v4)));
        cases.add(new Case("sendto(ByteBuffer,int,SockAddr)", "sendto", s -> s.sendto(ByteBuffer.allocate(8), 0, v4)));
        cases.add(new Case("sendto(ByteBuffer,int,SockAddr)", "sendto", s -> s.sendto(ByteBuffer.allocateDirect(8), 0, v4)));
        cases.add(new Case("sendto(MemorySegment,int,SockAddr)", "sendto", s -> s.sendto(nativeSegment, 0, v4)));
        cases.add(new Case("sendto(MemorySegment,int,SockAddr)", "sendto", s -> s.sendto(heapSegment, 0, v4)));

        cases.add(new Case("recvfrom(byte[],int,int,int,SockaddrStorage)", "recvfrom", s -> s.recvfrom(new byte[8], 0, 8, 0, from)));
        cases.add(new Case("recvfrom(byte[],int,int,int,SockaddrStorage)", "recvfrom", s -> s.recvfrom(new byte[8], 0, 8, 0, null)));
        cases.add(new Case("recvfrom(ByteBuffer,int,SockaddrStorage)", "recvfrom", s -> s.recvfrom(ByteBuffer.allocate(8), 0, from)));
        cases.add(new Case("recvfrom(ByteBuffer,int,SockaddrStorage)", "recvfrom", s -> s.recvfrom(ByteBuffer.allocateDirect(8), 0, from)));
        cases.add(new Case("recvfrom(MemorySegment,int,SockaddrStorage)", "recvfrom", s -> s.recvfrom(nativeSegment, 0, from)));
        cases.add(new Case("recvfrom(MemorySegment,int,SockaddrStorage)", "recvfrom", s -> s.recvfrom(heapSegment, 0, from)));

        cases.add(new Case("read(byte[],int,int)", "read", s -> s.read(new byte[8], 0, 8)));
        cases.add(new Case("read(ByteBuffer)", "read", s -> s.read(ByteBuffer.allocate(8))));
        cases.add(new Case("read(ByteBuffer)", "read", s -> s.read(ByteBuffer.allocateDirect(8))));
        cases.add(new Case("read(MemorySegment)", "read", s -> s.read(nativeSegment)));
        cases.add(new Case("read(MemorySegment)", "read", s -> s.read(heapSegment)));

        cases.add(new Case("write(byte[],int,int)", "write", s -> s.write(new byte[8], 0, 8)));
        cases.add(new Case("write(ByteBuffer)", "write", s -> s.write(ByteBuffer.allocate(8))));
        cases.add(new Case("write(ByteBuffer)", "write", s -> s.write(ByteBuffer.allocateDirect(8))));
        cases.add(new Case("write(MemorySegment)", "write", s -> s.write(nativeSegment)));
        cases.add(new Case("write(MemorySegment)", "write", s -> s.write(heapSegment)));

        cases.add(new Case("getsockopt(int,int)", "getsockopt", s -> s.getsockopt(SOL_SOCKET, SO_RCVBUF)));
        cases.add(new Case("getsockopt(int,int,MemorySegment)", "getsockopt", s -> s.getsockopt(SOL_SOCKET, SO_RCVBUF, nativeSegment)));
        cases.add(new Case("setsockopt(int,int,int)", "setsockopt", s -> { s.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096); return null; }));
        cases.add(new Case("setsockopt(int,int,MemorySegment)", "setsockopt", s -> { s.setsockopt(SOL_SOCKET, SO_RCVBUF, nativeSegment.asSlice(0, 4)); return null; }));

        cases.add(new Case("sendmmsg(MmsgBatch,int,int)", "sendmmsg",
                s -> s.sendmmsg(MmsgBatch.allocate(1, 16), 1, 0)));
        cases.add(new Case("recvmmsg(MmsgBatch,int)", "recvmmsg", s -> s.recvmmsg(MmsgBatch.allocate(1, 16), 0)));
        cases.add(new Case("recvmmsg(MmsgBatch,int,int)", "recvmmsg",
                s -> s.recvmmsg(MmsgBatch.allocate(1, 16), 1, 0)));
        cases.add(new Case("getOption(SocketOption)", "getsockopt",
                s -> s.getOption(java.net.StandardSocketOptions.SO_RCVBUF)));
        cases.add(new Case("setOption(SocketOption,Object)", "setsockopt",
                s -> { s.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 65536); return null; }));
        cases.add(new Case("setTimeout(Duration)", "setTimeout", s -> { s.setTimeout(Duration.ofSeconds(1)); return null; }));
        cases.add(new Case("setTimeout(Duration)", "setTimeout", s -> { s.setTimeout(null); return null; }));
        cases.add(new Case("setBlocking(boolean)", "setTimeout", s -> { s.setBlocking(false); return null; }));
        cases.add(new Case("setBlocking(boolean)", "setTimeout", s -> { s.setBlocking(true); return null; }));

        List<IoBuffer> one = List.of(IoBuffer.of(new byte[4]));
        cases.add(new Case("sendmsg(List,List,int,SockAddr)", "sendmsg", s -> s.sendmsg(one, List.of(), 0, null)));
        cases.add(new Case("sendmsg(List,List,int,SockAddr)", "sendmsg", s -> s.sendmsg(one, List.of(), 0, v4)));
        cases.add(new Case("recvmsg(List,int,int)", "recvmsg", s -> s.recvmsg(one, 64, 0)));
        cases.add(new Case("writev(IoBuffer[])", "sendmsg", s -> s.writev(IoBuffer.of(new byte[4]), IoBuffer.of(nativeSegment))));
        cases.add(new Case("readv(IoBuffer[])", "recvmsg", s -> s.readv(IoBuffer.of(new byte[4]), IoBuffer.of(nativeSegment))));
        cases.add(new Case("sendFds(List,List)", "sendmsg", s -> s.sendFds(one, List.of(file))));
        cases.add(new Case("recvFds(int,int)", "recvmsg", s -> s.recvFds(16, 2)));
        cases.add(new Case("sendfile(OwnedFd,long,long)", "sendfile", s -> s.sendfile(file, 0, 16)));
        cases.add(new Case("peerCredentials()", "getsockopt", PosixSocket::peerCredentials));
        cases.add(new Case("peerSecurityContext()", "getsockopt", PosixSocket::peerSecurityContext));
        cases.add(new Case("dup()", "dup", PosixSocket::dup));
        cases.add(new Case("detach()", "detach", PosixSocket::detach));

        cases.add(new Case("fileno()", "fileno", PosixSocket::fileno));
        cases.add(new Case("inputStream()", "read", s -> s.inputStream().read()));
        cases.add(new Case("outputStream()", "write", s -> {
            s.outputStream().write(1);
            return null;
        }));
        return cases;
    }

    @Test
    void everyMethodOnTheDescriptorIsCovered() throws IOException {
        Set<String> declared = new TreeSet<>();
        for (Method m : PosixSocket.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                String signature = m.getName() + Arrays.stream(m.getParameterTypes())
                        .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
                if (!NO_DESCRIPTOR.contains(signature)) {
                    declared.add(signature);
                }
            }
        }
        try (Arena arena = Arena.ofConfined(); OwnedFd file = OwnedFd.open(Path.of("/dev/null"))) {
            Set<String> covered = cases(arena, file).stream().map(Case::signature).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(declared, covered, "every public method on the descriptor has a use-after-close case");
        }
    }

    @Test
    void everyMethodAfterCloseThrowsSocketClosedExceptionWithEbadf() throws IOException {
        try (Arena arena = Arena.ofConfined(); OwnedFd file = OwnedFd.open(Path.of("/dev/null"))) {
            for (Case c : cases(arena, file)) {
                PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                PosixSocket[] fresh = {PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), pair[0], pair[1]};
                for (PosixSocket s : fresh) {
                    s.close();
                    assertTrue(s.isClosed());
                    Exception e = assertThrows(Exception.class, () -> c.action().on(s), c.signature());
                    assertSame(SocketClosedException.class, e.getClass(), () -> c.signature() + " threw " + e);
                    SocketClosedException closed = (SocketClosedException) e;
                    assertEquals(Errno.EBADF, closed.errno(), c.signature());
                    assertEquals("EBADF", closed.errnoName(), c.signature());
                    assertEquals(c.call(), closed.call(), c.signature());
                    assertTrue(closed.getMessage().startsWith(c.call() + ": "), closed.getMessage());
                    assertTrue(closed.getMessage().contains("EBADF"), closed.getMessage());
                }
            }
            assertFalse(file.isClosed(), "a descriptor offered to a closed socket stays open");
            assertEquals(0, file.handle().inFlight(), "and is not held by a call that never happened");
        }
    }

    @Test
    void aBufferIsLeftAloneByACallAfterClose() throws IOException {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        s.close();
        ByteBuffer in = ByteBuffer.allocate(8).position(3);
        assertThrows(SocketClosedException.class, () -> s.recv(in, 0));
        assertEquals(3, in.position());
        ByteBuffer out = ByteBuffer.allocateDirect(8).position(2);
        assertThrows(SocketClosedException.class, () -> s.send(out, 0));
        assertEquals(2, out.position());
    }

    @Test
    void closingTwiceIsHarmless() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        pair[0].close();
        assertDoesNotThrow(pair[0]::close);
        assertDoesNotThrow(pair[0]::close);
        assertTrue(pair[0].isClosed());
        assertTrue(pair[0].toString().endsWith(", closed]"), pair[0].toString());
        try (PosixSocket other = pair[1]) {
            assertEquals(0, other.recv(new byte[4], 0), "the peer sees the end of the stream");
        }
    }

    /**
     * The closed socket's number is given to a new socket; calls on the closed object must not reach it:
     * nothing it sends arrives at the new socket's peer, nothing sent to the new socket is taken by it, and
     * closing it again does not close the new one.
     */
    @Test
    void aClosedSocketNeverTouchesTheDescriptorNumberReusedByAnother() throws IOException {
        PosixSocket[] first = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        PosixSocket a = first[0];
        int number = a.fileno();
        a.close();

        List<PosixSocket> opened = new ArrayList<>();
        PosixSocket[] reuser = null;
        try {
            for (int i = 0; i < 32 && reuser == null; i++) {
                PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
                opened.addAll(List.of(pair));
                if (pair[0].fileno() == number) {
                    reuser = pair;
                } else if (pair[1].fileno() == number) {
                    reuser = new PosixSocket[] {pair[1], pair[0]};
                }
            }
            assertNotNull(reuser, "the kernel gave descriptor " + number + " to a new socket");
            PosixSocket b = reuser[0];
            PosixSocket bPeer = reuser[1];

            byte[] secret = "for a only".getBytes(StandardCharsets.US_ASCII);
            assertThrows(SocketClosedException.class, () -> a.send(secret, 0));
            assertThrows(SocketClosedException.class, () -> a.write(secret, 0, secret.length));
            assertThrows(SocketClosedException.class, () -> a.send(ByteBuffer.wrap(secret), 0));
            assertThrows(SocketClosedException.class, () -> a.shutdown(SHUT_RDWR));
            assertEquals(PosixSocket.WOULD_BLOCK, bPeer.recv(new byte[64], MSG_DONTWAIT), "nothing reached b's peer");

            byte[] forB = "for b".getBytes(StandardCharsets.US_ASCII);
            assertEquals(forB.length, bPeer.send(forB, 0));
            assertThrows(SocketClosedException.class, () -> a.recv(new byte[64], 0));
            assertThrows(SocketClosedException.class, () -> a.read(new byte[64], 0, 64));
            a.close();

            byte[] got = new byte[64];
            int n = b.recv(got, 0);
            assertArrayEquals(forB, Arrays.copyOf(got, n), "b still has its data and its descriptor");
            assertEquals(secret.length, b.send(secret, 0));
            n = bPeer.recv(got, 0);
            assertArrayEquals(secret, Arrays.copyOf(got, n), "b still works both ways");
            assertEquals(0, first[1].recv(new byte[64], MSG_DONTWAIT), "a's old peer saw only the end of the stream");
        } finally {
            for (PosixSocket s : opened) {
                s.close();
            }
            first[1].close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Close while blocked

    @Test
    void closeWakesAThreadBlockedInAccept() throws Exception {
        Map<Integer, String> before = OpenFiles.byNumber();
        for (int i = 0; i < 50; i++) {
            PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            Throwable thrown = closeWhileBlocked(listener, "blk-accept-" + i, s -> s.accept());
            ClosedWhileBlockedException e = assertInstanceOf(ClosedWhileBlockedException.class, thrown);
            assertEquals("accept", e.call());
            assertEquals(Errno.EBADF, e.errno());
        }
        OpenFiles.assertNoneLeft(before, "use after close");
    }

    @Test
    void closeWakesAThreadBlockedInRecv() throws Exception {
        Map<Integer, String> before = OpenFiles.byNumber();
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(4);
            SockAddr address = listener.getsockname();
            for (int i = 0; i < 50; i++) {
                PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                client.connect(address);
                try (PosixSocket server = listener.accept()) {
                    Throwable thrown = closeWhileBlocked(client, "blk-recv-" + i, s -> s.recv(new byte[16], 0));
                    ClosedWhileBlockedException e = assertInstanceOf(ClosedWhileBlockedException.class, thrown);
                    assertEquals("recv", e.call());
                    assertEquals(Errno.EBADF, e.errno());
                    assertEquals(0, server.recv(new byte[16], 0), "the peer saw the connection end");
                }
            }
        }
        OpenFiles.assertNoneLeft(before, "use after close");
    }

    /**
     * A close that lands while a non-blocking call is in flight (and would return "nothing yet") leaves the
     * socket closed with no call counted in flight, and the caller sees the close.
     */
    @Test
    void closeDuringNonBlockingCallsLeavesTheSocketClosed() throws Exception {
        Map<Integer, String> before = OpenFiles.byNumber();
        for (int i = 0; i < 50; i++) {
            PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            listener.setBlocking(false);
            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
            pair[0].setBlocking(false);
            for (PosixSocket s : new PosixSocket[] {listener, pair[0]}) {
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread t = new Thread(() -> {
                    try {
                        for (;;) {
                            Object r = s == listener ? s.accept() : s.recv(new byte[8], 0);
                            if (r != null && !Integer.valueOf(PosixSocket.WOULD_BLOCK).equals(r)) {
                                throw new AssertionError("got " + r);
                            }
                        }
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                }, "nb-" + i);
                t.setDaemon(true);
                t.start();
                FdHandle handle = handle(s);
                Thread.sleep(1);
                s.close();
                t.join(1000);
                assertFalse(t.isAlive(), "the caller saw the close");
                assertInstanceOf(SocketClosedException.class, thrown.get());
                assertTrue(s.isClosed(), "still closed after the call in flight ended");
                assertEquals(0, handle.inFlight(), "no call is counted in flight");
                assertThrows(SocketClosedException.class, () -> s.getsockname());
            }
            pair[1].close();
        }
        OpenFiles.assertNoneLeft(before, "use after close");
    }

    /**
     * Starts {@code call} on a new thread, waits until it is inside the call and asleep in the kernel, closes
     * {@code socket} from this thread, and returns what the call threw, which must come within one second.
     */
    private static Throwable closeWhileBlocked(PosixSocket socket, String threadName, Call call) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Object> returned = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                returned.set(call.on(socket));
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        try {
            FdHandle handle = handle(socket);
            awaitBlocked(t, handle);
            Path fd = Path.of("/proc/self/fd/" + handle.number());
            String target = Files.readSymbolicLink(fd).toString();
            long start = System.nanoTime();
            socket.close();
            t.join(1000);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(t.isAlive(), threadName + " is still blocked 1 s after close");
            assertTrue(elapsedMillis < 1000, threadName + " took " + elapsedMillis + " ms to wake");
            assertNull(returned.get(), threadName + " returned instead of throwing");
            assertEquals(0, handle.inFlight(), "no call is left in flight");
            assertFalse(Files.exists(fd, LinkOption.NOFOLLOW_LINKS) && target.equals(Files.readSymbolicLink(fd).toString()),
                    "the descriptor was released when the woken call left");
            return thrown.get();
        } finally {
            socket.close();
            t.join(5000);
        }
    }

    /** Waits until {@code t} has entered a call on {@code handle} and sleeps in the kernel. */
    private static void awaitBlocked(Thread t, FdHandle handle) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (handle.inFlight() == 1 && t.getState() == Thread.State.RUNNABLE && kernelState(t.getName()) == 'S') {
                return;
            }
            Thread.sleep(1);
        }
        fail(t.getName() + " did not block: in flight " + handle.inFlight() + ", state " + t.getState()
                + ", kernel state " + kernelState(t.getName()));
    }

    /** The state letter of the native thread named {@code name} in {@code /proc/self/task/<tid>/stat}, or '?'. */
    private static char kernelState(String name) throws IOException {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        String stat = Files.readString(task.resolve("stat"));
                        return stat.charAt(stat.lastIndexOf(')') + 2);
                    }
                } catch (IOException gone) {
                    // the task ended while we looked
                }
            }
        }
        return '?';
    }

    private static FdHandle handle(PosixSocket s) throws ReflectiveOperationException {
        Field f = PosixSocket.class.getDeclaredField("handle");
        f.setAccessible(true);
        return (FdHandle) f.get(s);
    }
}
