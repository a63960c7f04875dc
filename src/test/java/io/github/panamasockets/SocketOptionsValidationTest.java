package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * What is refused in Java, before the kernel sees it, and with which exception: each names the option.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketOptionsValidationTest {
    private final OptionTestSupport sockets = new OptionTestSupport();

    @AfterEach
    void closeSockets() throws IOException {
        sockets.close();
    }

    private static <E extends Throwable> E assertRefused(Class<E> type, String mentions, Executable call) {
        E e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(mentions),
                () -> "the message names " + mentions + ": " + e.getMessage());
        return e;
    }

    @Test
    void nullValueOrOption() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertRefused(NullPointerException.class, "SO_RCVBUF", () -> s.setOption(StandardSocketOptions.SO_RCVBUF, null));
        assertRefused(NullPointerException.class, "TCP_CONGESTION",
                () -> s.setOption(PosixSocketOptions.TCP_CONGESTION, null));
        assertThrows(NullPointerException.class, () -> s.setOption(null, 1));
        assertThrows(NullPointerException.class, () -> s.getOption(null));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongClassThroughARawOption() throws Exception {
        PosixSocket s = sockets.tcp4();
        SocketOption raw = StandardSocketOptions.SO_RCVBUF;
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class, "SO_RCVBUF",
                () -> s.setOption(raw, "big"));
        assertTrue(e.getMessage().contains("java.lang.Integer") && e.getMessage().contains("java.lang.String"),
                e.getMessage());
        SocketOption rawTimeout = PosixSocketOptions.SO_RCVTIMEO;
        assertRefused(IllegalArgumentException.class, "SO_RCVTIMEO", () -> s.setOption(rawTimeout, 5));
    }

    @Test
    void valuesNoKernelAccepts() throws Exception {
        PosixSocket s = sockets.tcp4();
        int before = s.getOption(StandardSocketOptions.SO_RCVBUF);
        assertRefused(IllegalArgumentException.class, "SO_RCVBUF", () -> s.setOption(StandardSocketOptions.SO_RCVBUF, -1));
        assertEquals(before, s.getOption(StandardSocketOptions.SO_RCVBUF), "nothing reached the kernel");
        assertRefused(IllegalArgumentException.class, "SO_SNDBUF", () -> s.setOption(StandardSocketOptions.SO_SNDBUF, -5));
        assertRefused(IllegalArgumentException.class, "IP_TOS", () -> s.setOption(StandardSocketOptions.IP_TOS, 256));
        assertRefused(IllegalArgumentException.class, "IP_TOS", () -> s.setOption(StandardSocketOptions.IP_TOS, -1));
        assertRefused(IllegalArgumentException.class, "SO_RCVTIMEO",
                () -> s.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofMillis(-1)));
        assertRefused(IllegalArgumentException.class, "TCP_USER_TIMEOUT",
                () -> s.setOption(PosixSocketOptions.TCP_USER_TIMEOUT, -1));
        assertRefused(IllegalArgumentException.class, "IP_MULTICAST_TTL",
                () -> sockets.udp4().setOption(StandardSocketOptions.IP_MULTICAST_TTL, 256));
    }

    @Test
    void namesTooLongForTheKernelsBuffer() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertRefused(IllegalArgumentException.class, "TCP_CONGESTION",
                () -> s.setOption(PosixSocketOptions.TCP_CONGESTION, "a-sixteen-byte-x"));
        assertRefused(IllegalArgumentException.class, "SO_BINDTODEVICE",
                () -> s.setOption(PosixSocketOptions.SO_BINDTODEVICE, "sixteen-bytes-ifn"));
        assertRefused(IllegalArgumentException.class, "SO_BINDTODEVICE",
                () -> s.setOption(PosixSocketOptions.SO_BINDTODEVICE, "lo\0x"));
        // Eight characters, but sixteen bytes in UTF-8: the limit is the kernel's buffer, in bytes.
        assertRefused(IllegalArgumentException.class, "TCP_CONGESTION",
                () -> s.setOption(PosixSocketOptions.TCP_CONGESTION, "ré".repeat(4) + "abcd"));
    }

    @Test
    void anOptionOutsideTheSocketsFamilyOrTypeBeforeAnyNativeCall() throws Exception {
        PosixSocket udp = sockets.udp4();
        UnsupportedOperationException e = assertRefused(UnsupportedOperationException.class, "TCP_NODELAY",
                () -> udp.setOption(StandardSocketOptions.TCP_NODELAY, true));
        assertTrue(e.getMessage().contains("SOCK_STREAM"), e.getMessage());
        assertRefused(UnsupportedOperationException.class, "TCP_NODELAY", () -> udp.getOption(StandardSocketOptions.TCP_NODELAY));
        // Closed, a socket says so first, whatever the option: every call after close throws SocketClosedException.
        udp.close();
        assertThrows(SocketClosedException.class, () -> udp.setOption(StandardSocketOptions.TCP_NODELAY, true));
        assertThrows(SocketClosedException.class, () -> udp.getOption(StandardSocketOptions.SO_RCVBUF));

        PosixSocket tcp6 = sockets.tcp6();
        assertRefused(UnsupportedOperationException.class, "IP_TTL", () -> tcp6.getOption(PosixSocketOptions.IP_TTL));
        assertRefused(UnsupportedOperationException.class, "IPV6_V6ONLY",
                () -> sockets.tcp4().getOption(PosixSocketOptions.IPV6_V6ONLY));
        assertRefused(UnsupportedOperationException.class, "IP_MULTICAST_IF",
                () -> sockets.tcp4().getOption(StandardSocketOptions.IP_MULTICAST_IF));
        assertRefused(UnsupportedOperationException.class, "UDP_GRO",
                () -> sockets.unixPair()[0].getOption(PosixSocketOptions.UDP_GRO));
    }

    @Test
    void readOnlyWriteOnlyAndUnknownOptions() throws Exception {
        PosixSocket s = sockets.udp4();
        assertRefused(UnsupportedOperationException.class, "read-only", () -> s.setOption(PosixSocketOptions.SO_TYPE, 1));
        assertRefused(UnsupportedOperationException.class, "write-only",
                () -> s.getOption(PosixSocketOptions.IP_DROP_MEMBERSHIP));
        SocketOption<Integer> stranger = new SocketOption<>() {
            @Override
            public String name() {
                return "SO_STRANGER";
            }

            @Override
            public Class<Integer> type() {
                return Integer.class;
            }
        };
        assertRefused(UnsupportedOperationException.class, "SO_STRANGER", () -> s.setOption(stranger, 1));
        assertRefused(UnsupportedOperationException.class, "SO_STRANGER", () -> s.getOption(stranger));
    }

    @Test
    void theKernelsErrnoNamesTheOption() throws Exception {
        PosixSocket s = sockets.tcp4();
        IOException e = assertThrows(IOException.class, () -> s.setOption(PosixSocketOptions.TCP_CONGESTION, "nosuchcc"));
        assertEquals("setsockopt: ENOENT (2) No such file or directory [TCP_CONGESTION]", e.getMessage());
        assertEquals("setsockopt", ((PosixError) e).call());
        IOException v6 = assertThrows(IOException.class,
                () -> sockets.udp6().setOption(PosixSocketOptions.IPV6_MULTICAST_HOPS, 300));
        assertTrue(v6.getMessage().endsWith("[IPV6_MULTICAST_HOPS]"), v6.getMessage());
        IOException mapped = assertThrows(IOException.class, () -> {
            PosixSocket bound = sockets.tcp6();
            bound.bind(SockaddrIn6.of("::1", 0));
            bound.setOption(PosixSocketOptions.IPV6_V6ONLY, true);
        });
        assertTrue(mapped.getMessage().contains("EINVAL"), mapped.getMessage());
    }

    @Test
    void membershipRecordsCheckTheirAddresses() {
        InetAddress v6 = InetAddress.ofLiteral("ff02::1");
        InetAddress v4 = InetAddress.ofLiteral("239.1.2.3");
        assertRefused(IllegalArgumentException.class, "IPv4", () -> new IpMembership(v6, null, 0));
        assertRefused(IllegalArgumentException.class, "IPv4", () -> new IpMembership(v4, v6, 0));
        assertRefused(IllegalArgumentException.class, "index", () -> new IpMembership(v4, null, -1));
        assertThrows(NullPointerException.class, () -> new IpMembership(null, null, 0));
        assertRefused(IllegalArgumentException.class, "index",
                () -> new Ipv6Membership((Inet6Address) v6, -1));
        assertThrows(NullPointerException.class, () -> new Ipv6Membership(null, 1));
    }
}
