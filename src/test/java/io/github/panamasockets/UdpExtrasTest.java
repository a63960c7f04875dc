package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP beyond plain datagrams, on loopback only: broadcast to 127.255.255.255 (refused with EACCES until
 * SO_BROADCAST is set), IPv4 multicast pinned to the loopback interface — IP_MULTICAST_IF and the join both on
 * 127.0.0.1, never the default interface — with send, receive and leave, and IPv6 multicast, which can join and
 * leave on {@code lo} but cannot send there, because {@code lo} has no multicast flag (ENETUNREACH).
 * Connected UDP and its ECONNREFUSED on the call after an ICMP port unreachable are in {@link UdpTrafficTest}.
 */
@Timeout(20)
class UdpExtrasTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    @Test
    void broadcastNeedsSoBroadcast() throws Exception {
        try (PosixSocket receiver = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
             PosixSocket sender = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            receiver.bind(SockaddrIn.of("0.0.0.0", 0));
            receiver.setTimeout(WAIT);
            int port = ((SockaddrIn) receiver.getsockname()).port();
            SockaddrIn broadcast = SockaddrIn.of("127.255.255.255", port);
            byte[] hello = "to everyone".getBytes(StandardCharsets.US_ASCII);

            PosixSocketException refused = assertThrows(PosixSocketException.class, () -> sender.sendto(hello, 0, hello.length, 0, broadcast));
            assertEquals("EACCES", refused.errnoName());
            assertEquals("sendto", refused.call());

            sender.setOption(StandardSocketOptions.SO_BROADCAST, true);
            assertEquals(hello.length, sender.sendto(hello, 0, hello.length, 0, broadcast));
            byte[] got = new byte[64];
            int n = receiver.recv(got, 0);
            assertArrayEquals(hello, Arrays.copyOf(got, n));
        }
    }

    @Test
    void ipv4MulticastPinnedToLoopbackSendsReceivesAndLeaves() throws Exception {
        InetAddress group = InetAddress.ofLiteral("239.255.42.99");
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        NetworkInterface lo = NetworkInterface.getByName("lo");
        try (PosixSocket receiver = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0);
             PosixSocket sender = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            receiver.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            receiver.bind(SockaddrIn.of("0.0.0.0", 0));
            int port = ((SockaddrIn) receiver.getsockname()).port();
            receiver.setOption(PosixSocketOptions.IP_ADD_MEMBERSHIP, new IpMembership(group, loopback, 0));
            receiver.setTimeout(WAIT);

            sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            assertEquals(lo, sender.getOption(StandardSocketOptions.IP_MULTICAST_IF));
            SockaddrIn to = SockaddrIn.of(group.getHostAddress(), port);

            byte[] first = "first".getBytes(StandardCharsets.US_ASCII);
            sender.sendto(first, 0, first.length, 0, to);
            byte[] got = new byte[64];
            SockaddrStorage from = SockaddrStorage.allocate();
            int n = receiver.recvfrom(got, 0, got.length, 0, from);
            assertArrayEquals(first, Arrays.copyOf(got, n));
            assertEquals(((SockaddrIn) sender.getsockname()).port(), ((SockaddrIn) from.decode()).port());

            // After leaving, the group's datagrams no longer arrive.
            receiver.setOption(PosixSocketOptions.IP_DROP_MEMBERSHIP, new IpMembership(group, loopback, 0));
            byte[] second = "second".getBytes(StandardCharsets.US_ASCII);
            sender.sendto(second, 0, second.length, 0, to);
            receiver.setTimeout(Duration.ofMillis(300));
            assertThrows(PosixTimeoutException.class, () -> receiver.recv(got, 0));
        }
    }

    @Test
    void ipv6MulticastJoinsAndLeavesOnLoopbackButCannotSendThere() throws Exception {
        Inet6Address group = (Inet6Address) InetAddress.ofLiteral("ff02::1:ff42:99");
        int lo = NetworkInterface.getByName("lo").getIndex();
        try (PosixSocket receiver = PosixSocket.socket(AF_INET6, SOCK_DGRAM, 0);
             PosixSocket sender = PosixSocket.socket(AF_INET6, SOCK_DGRAM, 0)) {
            receiver.bind(SockaddrIn6.of("::", 0));
            receiver.setOption(PosixSocketOptions.IPV6_JOIN_GROUP, new Ipv6Membership(group, lo));
            assertTrue(igmp6Has(lo, "ff0200000000000000000001ff420099"), "the group is joined on lo");

            sender.setOption(PosixSocketOptions.IPV6_MULTICAST_IF, lo);
            int port = ((SockaddrIn6) receiver.getsockname()).port();
            byte[] data = "v6".getBytes(StandardCharsets.US_ASCII);
            // lo has no IFF_MULTICAST: the kernel finds no multicast route and refuses the send.
            PosixNoRouteToHostException e = assertThrows(PosixNoRouteToHostException.class,
                    () -> sender.sendto(data, 0, data.length, 0, SockaddrIn6.of(group.getHostAddress(), port, lo)));
            assertEquals("ENETUNREACH", e.errnoName());

            receiver.setOption(PosixSocketOptions.IPV6_LEAVE_GROUP, new Ipv6Membership(group, lo));
            assertTrue(!igmp6Has(lo, "ff0200000000000000000001ff420099"), "the group is left");
        }
    }

    /** Whether /proc/net/igmp6 lists the group (hex, no colons) on the interface index. */
    private static boolean igmp6Has(int ifindex, String groupHex) throws IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/igmp6")).stream()
                .map(l -> l.trim().split("\\s+"))
                .anyMatch(f -> f.length > 2 && f[0].equals(Integer.toString(ifindex)) && f[2].equals(groupHex));
    }
}
