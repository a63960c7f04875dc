package io.github.panamasockets;

import static io.github.panamasockets.GeneratedCases.assertPosixError;
import static io.github.panamasockets.GeneratedCases.between;
import static io.github.panamasockets.GeneratedCases.betweenLong;
import static io.github.panamasockets.GeneratedCases.hostileInt;
import static io.github.panamasockets.GeneratedCases.oneIn;
import static io.github.panamasockets.GeneratedCases.pick;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Generated hostile arguments for the remaining calls: {@code socket} and {@code socketpair} with the
 * supported families and types and any flags and protocol, {@code listen} with any backlog, {@code shutdown}
 * with any {@code how}, {@code setTimeout} with any duration, {@code recvFds} with any sizes, {@code sendfile}
 * with any offset and count, and {@code poll}/{@code epoll_wait} with any timeout.
 *
 * <p>Families and types stay within what the library supports: tests run as root, which could open packet
 * and netlink sockets, and an inet {@code SOCK_SEQPACKET} or a protocol that does not match the type would make
 * the kernel try to load a module for it. Protocols are 0, the type's own, or out of range.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileCallPropertiesTest {
    private static final GeneratedCases CASES = new GeneratedCases("calls");

    @AfterAll
    static void report() {
        System.out.printf("hostile input: calls ran %,d generated cases%n", CASES.count());
    }

    record SocketCase(boolean pair, int domain, int type, int flags, int protocol) {}

    @Test
    void socketAndSocketpairWithAnyFlagsAndProtocol() throws Exception {
        Gen<SocketCase> gen = rs -> {
            int domain = pick(rs, AF_INET, AF_INET6, AF_UNIX);
            int type = domain == AF_UNIX ? pick(rs, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET) : pick(rs, SOCK_STREAM, SOCK_DGRAM);
            int flags = pick(rs, 0, 0, SOCK_NONBLOCK, SOCK_CLOEXEC, SOCK_NONBLOCK | SOCK_CLOEXEC, 1 << 20, 1 << 30, Integer.MIN_VALUE);
            int own = domain == AF_UNIX ? 1 : type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
            int protocol = pick(rs, 0, 0, own, -1, 263, 1 << 20, Integer.MIN_VALUE, Integer.MAX_VALUE);
            return new SocketCase(oneIn(rs, 3), domain, type, flags, protocol);
        };
        // A finite set (about 1,200 combinations): QuickTheories tries each once.
        CASES.forAllOfFinite("socketAndSocketpairWithAnyFlagsAndProtocol", 3_000, gen, c -> {
            List<PosixSocket> made;
            try {
                made = c.pair ? List.of(PosixSocket.socketpair(c.domain, c.type | c.flags, c.protocol))
                        : List.of(PosixSocket.socket(c.domain, c.type | c.flags, c.protocol));
            } catch (IOException e) {
                assertPosixError(e, c.pair ? "socketpair" : "socket");
                return;
            }
            assertTrue((c.flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) == 0, () -> "unknown flags accepted: " + c);
            for (PosixSocket s : made) {
                try (s) {
                    assertEquals(c.domain, s.family());
                    assertEquals(c.type, s.type(), "the type without its flags");
                    assertEquals((c.flags & SOCK_NONBLOCK) == 0, s.isBlocking());
                    int fd = s.handle().number();
                    assertEquals(SocketConstants.FD_CLOEXEC, Libc.fcntl(fd, SocketConstants.F_GETFD) & SocketConstants.FD_CLOEXEC,
                            "close-on-exec whatever the flags asked");
                }
            }
        });
    }

    enum Call { LISTEN, SHUTDOWN, SET_TIMEOUT, RECV_FDS, POLL, EPOLL_WAIT }

    record CallCase(Call call, int a, int b, long seconds, int nanos, boolean datagram) {}

    @Test
    void listenShutdownTimeoutsAndReceiveSizesWithAnyNumbers() throws Exception {
        Gen<CallCase> gen = rs -> new CallCase(pick(rs, List.of(Call.values())), hostileInt(rs, 1 << 16),
                oneIn(rs, 4) ? hostileInt(rs, 300) : between(rs, 0, 300),
                pick(rs, List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 9_223_372_036L, 9_223_372_037L,
                        betweenLong(rs, 0, 1_000_000), betweenLong(rs, Long.MIN_VALUE, Long.MAX_VALUE))),
                between(rs, 0, 999_999_999), oneIn(rs, 3));
        CASES.forAll("listenShutdownTimeoutsAndReceiveSizesWithAnyNumbers", 3_000, gen, HostileCallPropertiesTest::call);
    }

    private static void call(CallCase c) throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, c.datagram ? SOCK_DGRAM : SOCK_STREAM, 0);
        try (PosixSocket x = pair[0]; PosixSocket y = pair[1]) {
            switch (c.call) {
                case LISTEN -> {
                    try (PosixSocket s = PosixSocket.socket(AF_INET, c.datagram ? SOCK_DGRAM : SOCK_STREAM, 0)) {
                        s.bind(SockaddrIn.loopback(0));
                        s.listen(c.a); // any backlog: the kernel clamps it to 0..somaxconn
                        assertTrue(!c.datagram, "listen on a datagram socket succeeded");
                    } catch (IOException e) {
                        assertPosixError(e, "listen");
                        assertEquals(Errno.EOPNOTSUPP, ((PosixError) e).errno());
                    }
                }
                case SHUTDOWN -> {
                    try {
                        x.shutdown(c.a);
                        assertTrue(c.a >= 0 && c.a <= 2, () -> "shutdown(" + c.a + ") accepted");
                    } catch (IOException e) {
                        assertPosixError(e, "shutdown");
                        assertEquals(Errno.EINVAL, ((PosixError) e).errno(), e::toString);
                    }
                }
                case SET_TIMEOUT -> setTimeout(x, c);
                case RECV_FDS -> {
                    byte[] data = HostilePeers.data(0, 40);
                    y.send(data, 0);
                    x.setBlocking(false);
                    try {
                        RecvFdsResult r = x.recvFds(Math.min(c.a, 1 << 20), c.b);
                        assertTrue(c.a >= 0 && c.b >= 0, c::toString);
                        int n = Math.min(c.a, data.length);
                        assertArrayEquals(Arrays.copyOf(data, n), r.data());
                    } catch (IllegalArgumentException e) {
                        assertTrue(c.a < 0 || c.b < 0 || c.b > ControlMessages.MAX_FDS, c::toString);
                    }
                }
                case POLL -> {
                    y.send(new byte[1], 0); // x is readable: any timeout, even "forever", returns at once
                    PollSet set = new PollSet();
                    set.add(x, SocketConstants.POLLIN);
                    assertEquals(1, set.poll(c.a));
                }
                case EPOLL_WAIT -> {
                    y.send(new byte[1], 0);
                    try (Epoll epoll = Epoll.create()) {
                        epoll.add(x, SocketConstants.EPOLLIN, 7);
                        Epoll.EpollEvents events = new Epoll.EpollEvents(Math.max(1, Math.min(c.b, 300)));
                        assertEquals(1, epoll.epoll_wait(events, c.a));
                        assertEquals(7, events.data(0));
                    }
                }
            }
        }
    }

    private static void setTimeout(PosixSocket s, CallCase c) throws IOException {
        Duration d;
        try {
            d = Duration.ofSeconds(c.seconds, c.nanos);
        } catch (ArithmeticException outOfDurationRange) {
            d = c.seconds < 0 ? Duration.ofSeconds(Long.MIN_VALUE) : Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        }
        try {
            s.setTimeout(d);
            assertTrue(!d.isNegative(), d::toString);
            assertEquals(!d.isZero(), s.isBlocking());
            Duration got = s.getTimeout();
            if (d.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) < 0) {
                assertEquals(d.isZero() ? Duration.ZERO : d.toNanos() == 0 ? Duration.ofNanos(1) : Duration.ofNanos(d.toNanos()), got);
            } else {
                assertTrue(got.compareTo(Duration.ofDays(365 * 100)) > 0, () -> "a huge timeout stays huge: " + got);
            }
        } catch (IllegalArgumentException e) {
            assertTrue(d.isNegative(), d::toString);
        }
    }

    record SendfileCase(long offset, long count, int fileSize) {}

    @Test
    void sendfileWithAnyOffsetAndCount(@TempDir Path dir) throws Exception {
        Gen<SendfileCase> gen = rs -> new SendfileCase(
                pick(rs, List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 4095L, 4096L, 4097L, betweenLong(rs, 0, 5000), betweenLong(rs, Long.MIN_VALUE, Long.MAX_VALUE))),
                pick(rs, List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 4096L, betweenLong(rs, 0, 5000), betweenLong(rs, Long.MIN_VALUE, Long.MAX_VALUE))),
                pick(rs, 0, 1, 4096));
        byte[][] contents = {new byte[0], HostilePeers.data(0, 1), HostilePeers.data(0, 4096)};
        Path[] files = new Path[3];
        for (int i = 0; i < 3; i++) {
            files[i] = Files.write(dir.resolve("f" + i), contents[i]);
        }
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket x = pair[0]; PosixSocket y = pair[1]) {
            x.setBlocking(false);
            CASES.forAll("sendfileWithAnyOffsetAndCount", 2_000, gen, c -> {
                int which = c.fileSize == 0 ? 0 : c.fileSize == 1 ? 1 : 2;
                try (OwnedFd file = OwnedFd.open(files[which])) {
                    long n;
                    try {
                        n = x.sendfile(file, c.offset, c.count);
                    } catch (IllegalArgumentException e) {
                        assertTrue(c.offset < 0 || c.count < 0, c::toString);
                        return;
                    } catch (IOException e) {
                        assertPosixError(e, "sendfile");
                        return;
                    }
                    assertTrue(c.offset >= 0 && c.count >= 0, c::toString);
                    long want = Math.max(0, Math.min(c.count, c.fileSize - Math.min(c.offset, c.fileSize)));
                    assertEquals(want, n, c::toString);
                    byte[] got = HostilePeers.drainStream(y);
                    int from = (int) Math.min(c.offset, c.fileSize);
                    assertArrayEquals(Arrays.copyOfRange(contents[which], from, from + (int) want), got);
                }
            });
            assertEquals(PosixSocket.WOULD_BLOCK, y.recv(new byte[1], MSG_DONTWAIT));
        }
    }
}
