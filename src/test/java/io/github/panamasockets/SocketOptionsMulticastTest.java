package io.github.panamasockets;

import static io.github.panamasockets.OptionTestSupport.assertErrno;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Multicast group membership, pinned to the loopback interface: never the default interface, whose route the
 * kernel would otherwise pick. Loopback has no {@code IFF_MULTICAST} flag, which does not stop a join made
 * explicitly on it. The kernel's own list of memberships ({@code /proc/net/igmp}, {@code /proc/net/igmp6})
 * shows each join and leave.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketOptionsMulticastTest {
    private static final Inet4Address GROUP4 = (Inet4Address) InetAddress.ofLiteral("239.255.77.41");
    private static final Inet6Address GROUP6 = (Inet6Address) InetAddress.ofLiteral("ff02::1:ff00:1");
    private static final InetAddress LOOPBACK4 = InetAddress.ofLiteral("127.0.0.1");

    private final OptionTestSupport sockets = new OptionTestSupport();

    @AfterEach
    void closeSockets() throws IOException {
        sockets.close();
    }

    @Test
    void ipAddAndDropMembershipOnLoopbackByAddress() throws Exception {
        PosixSocket s = sockets.udp4();
        IpMembership membership = new IpMembership(GROUP4, LOOPBACK4, 0);
        int before = igmpUsers("lo", GROUP4);
        s.setOption(PosixSocketOptions.IP_ADD_MEMBERSHIP, membership);
        assertEquals(before + 1, igmpUsers("lo", GROUP4), "joined on lo");
        assertErrno(Errno.EADDRINUSE, "IP_ADD_MEMBERSHIP", () -> s.setOption(PosixSocketOptions.IP_ADD_MEMBERSHIP, membership));
        s.setOption(PosixSocketOptions.IP_DROP_MEMBERSHIP, membership);
        assertEquals(before, igmpUsers("lo", GROUP4), "left");
        assertErrno(Errno.EADDRNOTAVAIL, "IP_DROP_MEMBERSHIP",
                () -> s.setOption(PosixSocketOptions.IP_DROP_MEMBERSHIP, membership));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> s.getOption(PosixSocketOptions.IP_ADD_MEMBERSHIP));
        assertTrue(e.getMessage().contains("IP_ADD_MEMBERSHIP") && e.getMessage().contains("write-only"), e.getMessage());
    }

    @Test
    void ipAddMembershipOnLoopbackByIndex() throws Exception {
        PosixSocket s = sockets.udp4();
        IpMembership membership = new IpMembership(GROUP4, null, NetworkInterface.getByName("lo").getIndex());
        int before = igmpUsers("lo", GROUP4);
        s.setOption(PosixSocketOptions.IP_ADD_MEMBERSHIP, membership);
        assertEquals(before + 1, igmpUsers("lo", GROUP4));
        s.close(); // closing leaves every group
        assertEquals(before, igmpUsers("lo", GROUP4));
    }

    @Test
    void ipAddMembershipRefusesAUnicastGroup() throws Exception {
        PosixSocket s = sockets.udp4();
        assertErrno(Errno.EINVAL, "IP_ADD_MEMBERSHIP",
                () -> s.setOption(PosixSocketOptions.IP_ADD_MEMBERSHIP, new IpMembership(LOOPBACK4, LOOPBACK4, 0)));
    }

    @Test
    void aJoinedGroupReceivesADatagramSentThroughLoopback() throws Exception {
        PosixSocket receiver = sockets.udp4();
        receiver.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        receiver.bind(SockaddrIn.of(GROUP4, 0)); // only this group's datagrams
        int port = ((SockaddrIn) receiver.getsockname()).port();
        receiver.setOption(PosixSocketOptions.IP_ADD_MEMBERSHIP, new IpMembership(GROUP4, LOOPBACK4, 0));
        receiver.setOption(PosixSocketOptions.SO_RCVTIMEO, Duration.ofSeconds(5));

        PosixSocket sender = sockets.udp4();
        sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("lo"));
        sender.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0); // and never beyond this host
        sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        byte[] message = "to the group".getBytes();
        sender.sendto(message, 0, message.length, 0, SockaddrIn.of(GROUP4, port));

        byte[] in = new byte[64];
        int n = receiver.recv(in, 0);
        assertArrayEquals(message, Arrays.copyOf(in, n));
    }

    @Test
    void ipv6JoinAndLeaveGroupOnLoopback() throws Exception {
        PosixSocket s = sockets.udp6();
        int lo = NetworkInterface.getByName("lo").getIndex();
        Ipv6Membership membership = new Ipv6Membership(GROUP6, lo);
        int before = igmp6Users("lo", GROUP6);
        s.setOption(PosixSocketOptions.IPV6_JOIN_GROUP, membership);
        assertEquals(before + 1, igmp6Users("lo", GROUP6), "joined on lo");
        assertErrno(Errno.EADDRINUSE, "IPV6_JOIN_GROUP", () -> s.setOption(PosixSocketOptions.IPV6_JOIN_GROUP, membership));
        s.setOption(PosixSocketOptions.IPV6_LEAVE_GROUP, membership);
        assertEquals(before, igmp6Users("lo", GROUP6), "left");
        assertErrno(Errno.EADDRNOTAVAIL, "IPV6_LEAVE_GROUP",
                () -> s.setOption(PosixSocketOptions.IPV6_LEAVE_GROUP, membership));
        assertThrows(UnsupportedOperationException.class, () -> s.getOption(PosixSocketOptions.IPV6_JOIN_GROUP));
        assertThrows(UnsupportedOperationException.class,
                () -> sockets.tcp6().setOption(PosixSocketOptions.IPV6_JOIN_GROUP, membership), "datagram sockets only");
    }

    /**
     * The users of a group on a device, from {@code /proc/net/igmp}: a device line ({@code "1\tlo : ..."}) is
     * followed by one tab-indented line per group, the address as the hexadecimal of the network-order word read
     * on this little-endian host, then the users.
     */
    private static int igmpUsers(String device, InetAddress group) throws IOException {
        byte[] b = group.getAddress();
        String hex = HexFormat.of().withUpperCase().formatHex(new byte[] {b[3], b[2], b[1], b[0]});
        String current = null;
        for (String line : Files.readAllLines(Path.of("/proc/net/igmp"))) {
            if (line.startsWith("Idx")) {
                continue;
            }
            if (!line.startsWith("\t")) {
                current = line.trim().split("\\s+")[1];
            } else if (device.equals(current)) {
                String[] fields = line.trim().split("\\s+");
                if (fields[0].equals(hex)) {
                    return Integer.parseInt(fields[1]);
                }
            }
        }
        return 0;
    }

    /** The users of a group on a device, from {@code /proc/net/igmp6}: index, device, group in hex, users, ... */
    private static int igmp6Users(String device, Inet6Address group) throws IOException {
        String hex = HexFormat.of().formatHex(group.getAddress());
        for (String line : Files.readAllLines(Path.of("/proc/net/igmp6"))) {
            List<String> fields = List.of(line.trim().split("\\s+"));
            if (fields.size() >= 4 && fields.get(1).equals(device) && fields.get(2).equals(hex)) {
                return Integer.parseInt(fields.get(3));
            }
        }
        return 0;
    }
}
