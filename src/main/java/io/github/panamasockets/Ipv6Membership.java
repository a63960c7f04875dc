package io.github.panamasockets;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * An IPv6 multicast group and the interface to join it on: the value of
 * {@link PosixSocketOptions#IPV6_JOIN_GROUP} and {@link PosixSocketOptions#IPV6_LEAVE_GROUP}, written as C's
 * {@code struct ipv6_mreq}.
 *
 * {@snippet :
 * int lo = NetworkInterface.getByName("lo").getIndex();
 * s.setOption(PosixSocketOptions.IPV6_JOIN_GROUP,
 *         new Ipv6Membership((Inet6Address) InetAddress.ofLiteral("ff02::1:ff00:1"), lo));
 * }
 *
 * @param group the multicast group ({@code ipv6mr_multiaddr})
 * @param interfaceIndex the interface's index, or 0 to let the routing table choose ({@code ipv6mr_interface})
 */
public record Ipv6Membership(Inet6Address group, int interfaceIndex) {
    /**
     * Checks the arguments.
     *
     * @throws NullPointerException when {@code group} is {@code null}
     * @throws IllegalArgumentException for a negative index
     */
    public Ipv6Membership {
        Objects.requireNonNull(group, "Ipv6Membership: group is null");
        if (interfaceIndex < 0) {
            throw new IllegalArgumentException("Ipv6Membership: negative interface index " + interfaceIndex);
        }
    }
}
