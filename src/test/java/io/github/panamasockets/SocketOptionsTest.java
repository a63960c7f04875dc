package io.github.panamasockets;

import static io.github.panamasockets.OptionTestSupport.assertErrno;
import static io.github.panamasockets.OptionTestSupport.assumeKernelAccepts;
import static io.github.panamasockets.OptionTestSupport.sysctl;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code SOL_SOCKET} options, each set on a real loopback socket and read back, through the typed API and,
 * to prove the mapping, through the raw {@code getsockopt} with the C level and option.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketOptionsTest {
    private final OptionTestSupport sockets = new OptionTestSupport();

    @AfterEach
    void closeSockets() throws IOException {
        sockets.close();
    }

    /** Sets a flag on and off, reading it back typed and raw each time. */
    static void assertFlag(PosixSocket s, SocketOption<Boolean> option, int level, int optname) throws IOException {
        for (boolean value : new boolean[] {true, false, true}) {
            s.setOption(option, value);
            assertEquals(value, s.getOption(option), option.name());
            assertEquals(value, s.getsockopt(level, optname) != 0, option.name() + " through the raw getsockopt");
        }
    }

    /** Sets an int option and expects {@code expected} back, typed and raw. */
    static void assertInt(PosixSocket s, SocketOption<Integer> option, int level, int optname, int value, int expected)
            throws IOException {
        s.setOption(option, value);
        assertEquals(expected, s.getOption(option), option.name() + " set to " + value);
        assertEquals(expected, s.getsockopt(level, optname), option.name() + " through the raw getsockopt");
    }

    @Test
    void soReuseaddr() throws Exception {
        assertFlag(sockets.tcp4(), StandardSocketOptions.SO_REUSEADDR, SOL_SOCKET, SocketConstants.SO_REUSEADDR);
    }

    @Test
    void soReuseport() throws Exception {
        assertFlag(sockets.udp4(), StandardSocketOptions.SO_REUSEPORT, SOL_SOCKET, SocketConstants.SO_REUSEPORT);
    }

    @Test
    void soKeepalive() throws Exception {
        assertFlag(sockets.tcp4(), StandardSocketOptions.SO_KEEPALIVE, SOL_SOCKET, SocketConstants.SO_KEEPALIVE);
    }

    @Test
    void soBroadcast() throws Exception {
        assertFlag(sockets.udp4(), StandardSocketOptions.SO_BROADCAST, SOL_SOCKET, SocketConstants.SO_BROADCAST);
    }

    @Test
    void soOobinline() throws Exception {
        assertFlag(sockets.tcp4(), PosixSocketOptions.SO_OOBINLINE, SOL_SOCKET, SocketConstants.SO_OOBINLINE);
    }

    @Test
    void soLingerIsSecondsAndNegativeMeansOffAsInTheJdk() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertEquals(-1, s.getOption(StandardSocketOptions.SO_LINGER), "off by default");
        s.setOption(StandardSocketOptions.SO_LINGER, 5);
        assertEquals(5, s.getOption(StandardSocketOptions.SO_LINGER));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment linger = arena.allocate(8, 4);
            assertEquals(8, s.getsockopt(SOL_SOCKET, SocketConstants.SO_LINGER, linger));
            assertEquals(1, linger.get(ValueLayout.JAVA_INT, 0), "l_onoff");
            assertEquals(5, linger.get(ValueLayout.JAVA_INT, 4), "l_linger");
        }
        s.setOption(StandardSocketOptions.SO_LINGER, 0);
        assertEquals(0, s.getOption(StandardSocketOptions.SO_LINGER), "on, with no time: reset on close");
        s.setOption(StandardSocketOptions.SO_LINGER, -7);
        assertEquals(-1, s.getOption(StandardSocketOptions.SO_LINGER));
        s.setOption(StandardSocketOptions.SO_LINGER, 70_000);
        assertEquals(65_535, s.getOption(StandardSocketOptions.SO_LINGER), "capped as java.net.Socket caps it");
    }

    @Test
    void soRcvbufIsDoubledAndClampedToRmemMax() throws Exception {
        long max = sysctl("net/core/rmem_max");
        PosixSocket s = sockets.tcp4();
        assertInt(s, StandardSocketOptions.SO_RCVBUF, SOL_SOCKET, SocketConstants.SO_RCVBUF, 20_000, 40_000);
        int above = (int) Math.min(Integer.MAX_VALUE / 4, max * 2);
        s.setOption(StandardSocketOptions.SO_RCVBUF, above);
        assertEquals(Math.min(above, max) * 2, (long) s.getOption(StandardSocketOptions.SO_RCVBUF),
                "clamped to net.core.rmem_max = " + max + ", then doubled, also for root");
    }

    @Test
    void soSndbufIsDoubledAndClampedToWmemMax() throws Exception {
        long max = sysctl("net/core/wmem_max");
        PosixSocket s = sockets.udp4();
        assertInt(s, StandardSocketOptions.SO_SNDBUF, SOL_SOCKET, SocketConstants.SO_SNDBUF, 30_000, 60_000);
        int above = (int) Math.min(Integer.MAX_VALUE / 4, max * 2);
        s.setOption(StandardSocketOptions.SO_SNDBUF, above);
        assertEquals(Math.min(above, max) * 2, (long) s.getOption(StandardSocketOptions.SO_SNDBUF),
                "clamped to net.core.wmem_max = " + max + ", then doubled");
    }

    @Test
    void soRcvbufforceAndSndbufforceGoPastTheCeilingWithCapNetAdmin() throws Throwable {
        long rmax = sysctl("net/core/rmem_max");
        long wmax = sysctl("net/core/wmem_max");
        PosixSocket s = sockets.udp4();
        int rwanted = (int) Math.min(Integer.MAX_VALUE / 4, rmax * 2);
        int wwanted = (int) Math.min(Integer.MAX_VALUE / 4, wmax * 2);
        assumeKernelAccepts("SO_RCVBUFFORCE", () -> s.setOption(PosixSocketOptions.SO_RCVBUFFORCE, rwanted), Errno.EPERM);
        assertEquals(rwanted * 2L, (long) s.getOption(StandardSocketOptions.SO_RCVBUF), "not clamped, still doubled");
        s.setOption(PosixSocketOptions.SO_SNDBUFFORCE, wwanted);
        assertEquals(wwanted * 2L, (long) s.getOption(StandardSocketOptions.SO_SNDBUF));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> s.getOption(PosixSocketOptions.SO_RCVBUFFORCE));
        assertTrue(e.getMessage().contains("write-only"), e.getMessage());
    }

    @Test
    void soRcvlowatStoresZeroAsOne() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertInt(s, PosixSocketOptions.SO_RCVLOWAT, SOL_SOCKET, SocketConstants.SO_RCVLOWAT, 1000, 1000);
        assertInt(s, PosixSocketOptions.SO_RCVLOWAT, SOL_SOCKET, SocketConstants.SO_RCVLOWAT, 0, 1);
    }

    @Test
    void soRcvtimeoAndSndtimeoRoundUpToTheClockTick() throws Exception {
        PosixSocket s = sockets.udp4();
        for (SocketOption<Duration> option : List.of(PosixSocketOptions.SO_RCVTIMEO, PosixSocketOptions.SO_SNDTIMEO)) {
            assertEquals(Duration.ZERO, s.getOption(option), option + " off by default");
            // 1.5 s is a whole number of ticks at every HZ Linux offers (100, 250, 300, 1000).
            s.setOption(option, Duration.ofMillis(1500));
            assertEquals(Duration.ofMillis(1500), s.getOption(option));
            Duration odd = Duration.ofNanos(1_001_001); // 1001.001 us: rounded up to 1002 us, then to a tick
            s.setOption(option, odd);
            Duration read = s.getOption(option);
            assertTrue(read.compareTo(Duration.ofNanos(1_002_000)) >= 0 && read.compareTo(Duration.ofMillis(12)) <= 0,
                    option + ": " + odd + " read back as " + read + ", expected the next tick (at most 10 ms)");
            s.setOption(option, Duration.ofNanos(1));
            assertFalse(s.getOption(option).isZero(), option + ": 1 ns must not become 0, which means for ever");
            s.setOption(option, Duration.ZERO);
            assertEquals(Duration.ZERO, s.getOption(option));
        }
    }

    @Test
    void soRcvtimeoMakesABlockingReceiveTimeOut() throws Exception {
        PosixSocket s = sockets.udp4();
        s.bind(SockaddrIn.of("127.0.0.1", 0));
        s.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofMillis(100));
        long start = System.nanoTime();
        PosixTimeoutException e = assertThrows(PosixTimeoutException.class, () -> s.recv(new byte[16], 0));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Errno.EAGAIN, e.errno());
        assertTrue(waitedMillis >= 90 && waitedMillis < 5000, "waited " + waitedMillis + " ms");
    }

    @Test
    void soErrorIsZeroThenReportsAnIcmpErrorOnceThenClears() throws Exception {
        PosixSocket s = sockets.udp4();
        assertEquals(0, s.getOption(PosixSocketOptions.SO_ERROR));
        SockAddr closedPort;
        try (PosixSocket probe = PosixSocket.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM, 0)) {
            probe.bind(SockaddrIn.of("127.0.0.1", 0));
            closedPort = probe.getsockname(); // free once the probe closes
        }
        s.connect(closedPort);
        s.send(new byte[] {1}, 0);
        int error = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (error == 0 && System.nanoTime() < deadline) {
            error = s.getOption(PosixSocketOptions.SO_ERROR);
            if (error == 0) {
                Thread.sleep(5);
            }
        }
        assertEquals(Errno.ECONNREFUSED, error, "the port unreachable message, as errno: " + Errno.name(error));
        assertEquals(0, s.getOption(PosixSocketOptions.SO_ERROR), "reading SO_ERROR clears it");
        assertThrows(UnsupportedOperationException.class, () -> s.setOption(PosixSocketOptions.SO_ERROR, 0));
    }

    @Test
    void soTypeDomainAndProtocolAreWhatTheSocketWasCreatedAs() throws Exception {
        PosixSocket tcp = sockets.tcp4();
        assertEquals(SocketConstants.SOCK_STREAM, tcp.getOption(PosixSocketOptions.SO_TYPE));
        assertEquals(SocketConstants.AF_INET, tcp.getOption(PosixSocketOptions.SO_DOMAIN));
        assertEquals(SocketConstants.IPPROTO_TCP, tcp.getOption(PosixSocketOptions.SO_PROTOCOL), "protocol 0 is TCP");
        PosixSocket udp6 = sockets.udp6();
        assertEquals(SocketConstants.SOCK_DGRAM, udp6.getOption(PosixSocketOptions.SO_TYPE));
        assertEquals(SocketConstants.AF_INET6, udp6.getOption(PosixSocketOptions.SO_DOMAIN));
        assertEquals(SocketConstants.IPPROTO_UDP, udp6.getOption(PosixSocketOptions.SO_PROTOCOL));
        PosixSocket unix = sockets.unixPair()[0];
        assertEquals(SocketConstants.AF_UNIX, unix.getOption(PosixSocketOptions.SO_DOMAIN));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> tcp.setOption(PosixSocketOptions.SO_TYPE, SocketConstants.SOCK_DGRAM));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test
    void soAcceptconnTurnsOnWithListen() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertFalse(s.getOption(PosixSocketOptions.SO_ACCEPTCONN));
        s.bind(SockaddrIn.of("127.0.0.1", 0));
        s.listen(1);
        assertTrue(s.getOption(PosixSocketOptions.SO_ACCEPTCONN));
    }

    @Test
    void soPriorityUpToSixForAnyoneAndAboveWithPrivilege() throws Throwable {
        PosixSocket s = sockets.udp4();
        assertInt(s, PosixSocketOptions.SO_PRIORITY, SOL_SOCKET, SocketConstants.SO_PRIORITY, 3, 3);
        assumeKernelAccepts("SO_PRIORITY 7", () -> s.setOption(PosixSocketOptions.SO_PRIORITY, 7), Errno.EPERM);
        assertEquals(7, s.getOption(PosixSocketOptions.SO_PRIORITY));
    }

    @Test
    void soMarkWithPrivilege() throws Throwable {
        PosixSocket s = sockets.udp4();
        assertEquals(0, s.getOption(PosixSocketOptions.SO_MARK));
        assumeKernelAccepts("SO_MARK", () -> s.setOption(PosixSocketOptions.SO_MARK, 42), Errno.EPERM);
        assertEquals(42, s.getOption(PosixSocketOptions.SO_MARK));
        assertInt(s, PosixSocketOptions.SO_MARK, SOL_SOCKET, SocketConstants.SO_MARK, 0xFFFF_FFFF, -1);
    }

    @Test
    void soBindtodeviceBindsToLoopbackAndEmptyUnbinds() throws Throwable {
        PosixSocket s = sockets.udp4();
        assertEquals("", s.getOption(PosixSocketOptions.SO_BINDTODEVICE), "unbound");
        s.setOption(PosixSocketOptions.SO_BINDTODEVICE, "lo");
        assertEquals("lo", s.getOption(PosixSocketOptions.SO_BINDTODEVICE));
        assertEquals(NetworkInterface.getByName("lo").getIndex(),
                s.getsockopt(SOL_SOCKET, SocketConstants.SO_BINDTOIFINDEX), "the kernel's view, by index");
        assumeKernelAccepts("SO_BINDTODEVICE \"\" (unbinding)",
                () -> s.setOption(PosixSocketOptions.SO_BINDTODEVICE, ""), Errno.EPERM);
        assertEquals("", s.getOption(PosixSocketOptions.SO_BINDTODEVICE));
        assertErrno(Errno.ENODEV, "SO_BINDTODEVICE", () -> s.setOption(PosixSocketOptions.SO_BINDTODEVICE, "nosuchdev0"));
    }

    @Test
    void soTimestampAndTimestampnsShareOneFormat() throws Exception {
        PosixSocket s = sockets.udp4();
        assertFlag(s, PosixSocketOptions.SO_TIMESTAMP, SOL_SOCKET, SocketConstants.SO_TIMESTAMP);
        assertFlag(s, PosixSocketOptions.SO_TIMESTAMPNS, SOL_SOCKET, SocketConstants.SO_TIMESTAMPNS);
        s.setOption(PosixSocketOptions.SO_TIMESTAMP, true);
        s.setOption(PosixSocketOptions.SO_TIMESTAMPNS, true);
        assertTrue(s.getOption(PosixSocketOptions.SO_TIMESTAMPNS));
        assertFalse(s.getOption(PosixSocketOptions.SO_TIMESTAMP), "reads false while SO_TIMESTAMPNS is on");
    }

    @Test
    void soBusyPoll() throws Throwable {
        PosixSocket s = sockets.udp4();
        assumeKernelAccepts("SO_BUSY_POLL (built without CONFIG_NET_RX_BUSY_POLL)",
                () -> s.setOption(PosixSocketOptions.SO_BUSY_POLL, 50), Errno.ENOPROTOOPT);
        assertEquals(50, s.getOption(PosixSocketOptions.SO_BUSY_POLL));
        assertEquals(50, s.getsockopt(SOL_SOCKET, SocketConstants.SO_BUSY_POLL));
    }

    @Test
    void soPeercredNamesThisProcess(@TempDir Path dir) throws Exception {
        PosixSocket[] pair = sockets.unixPair();
        // A file this process creates belongs to its user and (in a directory without set-group-id) its group.
        Path file = Files.createFile(dir.resolve("owned"));
        int uid = (int) Files.getAttribute(file, "unix:uid");
        int gid = (int) Files.getAttribute(file, "unix:gid");

        PeerCredentials credentials = pair[0].getOption(PosixSocketOptions.SO_PEERCRED);
        assertEquals(new PeerCredentials((int) ProcessHandle.current().pid(), uid, gid), credentials);

        UnixDomainPrincipal principal = pair[1].getOption(ExtendedSocketOptions.SO_PEERCRED);
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
        assertEquals(attributes.owner(), principal.user(), "equal to the JDK's principal for the same uid");
        assertEquals(attributes.group(), principal.group());
        assertThrows(UnsupportedOperationException.class,
                () -> sockets.tcp4().getOption(ExtendedSocketOptions.SO_PEERCRED), "AF_UNIX only");
    }

    @Test
    void soPeercredWithoutAPeer() throws Exception {
        PosixSocket lone = sockets.keep(PosixSocket.socket(SocketConstants.AF_UNIX, SocketConstants.SOCK_DGRAM, 0));
        assertEquals(new PeerCredentials(0, -1, -1), lone.getOption(PosixSocketOptions.SO_PEERCRED), "as C sees it");
        SocketException e = assertThrows(SocketException.class,
                () -> lone.getOption(ExtendedSocketOptions.SO_PEERCRED));
        assertTrue(e.getMessage().contains("no peer"), e.getMessage());
    }

    @Test
    void ownConstantsAreNamedAndTyped() {
        assertNotEquals(ExtendedSocketOptions.SO_PEERCRED, PosixSocketOptions.SO_PEERCRED);
        assertEquals("SO_MARK", PosixSocketOptions.SO_MARK.name());
        assertEquals(Integer.class, PosixSocketOptions.SO_MARK.type());
        assertEquals("SO_MARK", PosixSocketOptions.SO_MARK.toString());
    }
}
