package io.github.panamasockets;

import static io.github.panamasockets.OptionTestSupport.assertErrno;
import static io.github.panamasockets.OptionTestSupport.assumeKernelAccepts;
import static io.github.panamasockets.OptionTestSupport.sysctl;
import static io.github.panamasockets.SocketConstants.IPPROTO_IP;
import static io.github.panamasockets.SocketConstants.IPPROTO_IPV6;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketOptionsTest.assertFlag;
import static io.github.panamasockets.SocketOptionsTest.assertInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code IPPROTO_IP}, {@code IPPROTO_IPV6} and {@code IPPROTO_UDP} options, and the JDK's IP options,
 * which are IPv6 options on an {@code AF_INET6} socket. Group memberships are in
 * {@link SocketOptionsMulticastTest}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketOptionsIpTest {
    private final OptionTestSupport sockets = new OptionTestSupport();

    @AfterEach
    void closeSockets() throws IOException {
        sockets.close();
    }

    // ---- IPv4

    @Test
    void ipTtlAndMinusOneForTheDefault() throws Exception {
        PosixSocket s = sockets.udp4();
        assertInt(s, PosixSocketOptions.IP_TTL, IPPROTO_IP, SocketConstants.IP_TTL, 42, 42);
        assertInt(s, PosixSocketOptions.IP_TTL, IPPROTO_IP, SocketConstants.IP_TTL, -1,
                (int) sysctl("net/ipv4/ip_default_ttl"));
        assertErrno(Errno.EINVAL, "IP_TTL", () -> s.setOption(PosixSocketOptions.IP_TTL, 256));
    }

    @Test
    void ipTosKeepsTheEcnBitsOnTcpOnly() throws Exception {
        PosixSocket tcp = sockets.tcp4();
        assertInt(tcp, StandardSocketOptions.IP_TOS, IPPROTO_IP, SocketConstants.IP_TOS, 0xFF, 0xFC);
        PosixSocket udp = sockets.udp4();
        assertInt(udp, StandardSocketOptions.IP_TOS, IPPROTO_IP, SocketConstants.IP_TOS, 0xFF, 0xFF);
        assertInt(udp, StandardSocketOptions.IP_TOS, IPPROTO_IP, SocketConstants.IP_TOS, 0xB8, 0xB8);
    }

    @Test
    void ipTosOnAnIpv6SocketIsTheTrafficClass() throws Exception {
        PosixSocket tcp = sockets.tcp6();
        assertInt(tcp, StandardSocketOptions.IP_TOS, IPPROTO_IPV6, SocketConstants.IPV6_TCLASS, 0xFF, 0xFC);
        PosixSocket udp = sockets.udp6();
        assertInt(udp, StandardSocketOptions.IP_TOS, IPPROTO_IPV6, SocketConstants.IPV6_TCLASS, 0xB8, 0xB8);
    }

    @Test
    void ipMulticastTtlAndLoopFollowTheFamily() throws Exception {
        PosixSocket v4 = sockets.udp4();
        assertInt(v4, StandardSocketOptions.IP_MULTICAST_TTL, IPPROTO_IP, SocketConstants.IP_MULTICAST_TTL, 5, 5);
        assertFlag(v4, StandardSocketOptions.IP_MULTICAST_LOOP, IPPROTO_IP, SocketConstants.IP_MULTICAST_LOOP);
        PosixSocket v6 = sockets.udp6();
        assertInt(v6, StandardSocketOptions.IP_MULTICAST_TTL, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_HOPS, 5, 5);
        assertFlag(v6, StandardSocketOptions.IP_MULTICAST_LOOP, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_LOOP);
    }

    @Test
    void ipMulticastIfIsLoopbackByAddressOnIpv4AndByIndexOnIpv6() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        PosixSocket v4 = sockets.udp4();
        assertNull(v4.getOption(StandardSocketOptions.IP_MULTICAST_IF), "none chosen yet");
        v4.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
        assertEquals(lo, v4.getOption(StandardSocketOptions.IP_MULTICAST_IF));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment inAddr = arena.allocate(4);
            assertEquals(4, v4.getsockopt(IPPROTO_IP, SocketConstants.IP_MULTICAST_IF, inAddr));
            assertEquals("127.0.0.1", ArpaInet.inet_ntop(SocketConstants.AF_INET, inAddr));
        }
        PosixSocket v6 = sockets.udp6();
        v6.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
        assertEquals(lo, v6.getOption(StandardSocketOptions.IP_MULTICAST_IF));
        assertEquals(lo.getIndex(), v6.getsockopt(IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_IF));
    }

    @Test
    void ipFlags() throws Exception {
        PosixSocket s = sockets.udp4();
        assertFlag(s, PosixSocketOptions.IP_PKTINFO, IPPROTO_IP, SocketConstants.IP_PKTINFO);
        assertFlag(s, PosixSocketOptions.IP_RECVTOS, IPPROTO_IP, SocketConstants.IP_RECVTOS);
        assertFlag(s, PosixSocketOptions.IP_RECVERR, IPPROTO_IP, SocketConstants.IP_RECVERR);
        assertFlag(s, PosixSocketOptions.IP_FREEBIND, IPPROTO_IP, SocketConstants.IP_FREEBIND);
    }

    @Test
    void ipMtuDiscover() throws Exception {
        PosixSocket s = sockets.udp4();
        int expectedDefault = sysctl("net/ipv4/ip_no_pmtu_disc") == 0
                ? SocketConstants.IP_PMTUDISC_WANT : SocketConstants.IP_PMTUDISC_DONT;
        assertEquals(expectedDefault, s.getOption(PosixSocketOptions.IP_MTU_DISCOVER));
        for (int mode : new int[] {SocketConstants.IP_PMTUDISC_DO, SocketConstants.IP_PMTUDISC_PROBE,
                SocketConstants.IP_PMTUDISC_DONT}) {
            assertInt(s, PosixSocketOptions.IP_MTU_DISCOVER, IPPROTO_IP, SocketConstants.IP_MTU_DISCOVER, mode, mode);
        }
    }

    @Test
    void ipDontfragmentIsMtuDiscoveryDoOrDont() throws Exception {
        PosixSocket v4 = sockets.udp4();
        v4.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, true);
        assertTrue(v4.getOption(ExtendedSocketOptions.IP_DONTFRAGMENT));
        assertEquals(SocketConstants.IP_PMTUDISC_DO, v4.getsockopt(IPPROTO_IP, SocketConstants.IP_MTU_DISCOVER));
        v4.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, false);
        assertFalse(v4.getOption(ExtendedSocketOptions.IP_DONTFRAGMENT));
        assertEquals(SocketConstants.IP_PMTUDISC_DONT, v4.getsockopt(IPPROTO_IP, SocketConstants.IP_MTU_DISCOVER));
        PosixSocket v6 = sockets.udp6();
        v6.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, true);
        assertTrue(v6.getOption(ExtendedSocketOptions.IP_DONTFRAGMENT));
        assertEquals(SocketConstants.IPV6_PMTUDISC_DO, v6.getsockopt(IPPROTO_IPV6, SocketConstants.IPV6_MTU_DISCOVER));
    }

    // ---- IPv6

    @Test
    void ipv6V6onlyDefaultsToTheSysctlAndIsFixedOnceBound() throws Exception {
        PosixSocket s = sockets.tcp6();
        assertEquals(sysctl("net/ipv6/bindv6only") != 0, s.getOption(PosixSocketOptions.IPV6_V6ONLY));
        assertFlag(s, PosixSocketOptions.IPV6_V6ONLY, IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY);
        s.bind(SockaddrIn6.of("::1", 0));
        assertErrno(Errno.EINVAL, "IPV6_V6ONLY", () -> s.setOption(PosixSocketOptions.IPV6_V6ONLY, false));
    }

    @Test
    void ipv6UnicastHops() throws Exception {
        PosixSocket s = sockets.udp6();
        assertInt(s, PosixSocketOptions.IPV6_UNICAST_HOPS, IPPROTO_IPV6, SocketConstants.IPV6_UNICAST_HOPS, 42, 42);
        assertInt(s, PosixSocketOptions.IPV6_UNICAST_HOPS, IPPROTO_IPV6, SocketConstants.IPV6_UNICAST_HOPS, -1,
                (int) sysctl("net/ipv6/conf/all/hop_limit"));
    }

    @Test
    void ipv6MulticastHopsLoopAndInterface() throws Exception {
        PosixSocket s = sockets.udp6();
        assertInt(s, PosixSocketOptions.IPV6_MULTICAST_HOPS, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_HOPS, 7, 7);
        assertInt(s, PosixSocketOptions.IPV6_MULTICAST_HOPS, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_HOPS, -1, 1);
        assertFlag(s, PosixSocketOptions.IPV6_MULTICAST_LOOP, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_LOOP);
        int lo = NetworkInterface.getByName("lo").getIndex();
        assertEquals(0, s.getOption(PosixSocketOptions.IPV6_MULTICAST_IF));
        assertInt(s, PosixSocketOptions.IPV6_MULTICAST_IF, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_IF, lo, lo);
        assertErrno(Errno.ENODEV, "IPV6_MULTICAST_IF",
                () -> s.setOption(PosixSocketOptions.IPV6_MULTICAST_IF, Integer.MAX_VALUE));
    }

    @Test
    void ipv6Flags() throws Exception {
        PosixSocket s = sockets.udp6();
        assertFlag(s, PosixSocketOptions.IPV6_RECVPKTINFO, IPPROTO_IPV6, SocketConstants.IPV6_RECVPKTINFO);
        assertFlag(s, PosixSocketOptions.IPV6_RECVERR, IPPROTO_IPV6, SocketConstants.IPV6_RECVERR);
    }

    // ---- UDP

    @Test
    void udpSegment() throws Throwable {
        PosixSocket s = sockets.udp4();
        assumeKernelAccepts("UDP_SEGMENT", () -> s.setOption(PosixSocketOptions.UDP_SEGMENT, 1200), Errno.ENOPROTOOPT);
        assertEquals(1200, s.getOption(PosixSocketOptions.UDP_SEGMENT));
        assertEquals(1200, s.getsockopt(IPPROTO_UDP, SocketConstants.UDP_SEGMENT));
        assertErrno(Errno.EINVAL, "UDP_SEGMENT", () -> s.setOption(PosixSocketOptions.UDP_SEGMENT, 70_000));
    }

    @Test
    void udpGro() throws Throwable {
        PosixSocket s = sockets.udp6();
        assumeKernelAccepts("UDP_GRO", () -> s.getOption(PosixSocketOptions.UDP_GRO), Errno.ENOPROTOOPT);
        assertFlag(s, PosixSocketOptions.UDP_GRO, IPPROTO_UDP, SocketConstants.UDP_GRO);
    }
}
