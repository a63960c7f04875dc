package io.github.panamasockets;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IPv4 multicast group and the interface to join it on: the value of
 * {@link PosixSocketOptions#IP_ADD_MEMBERSHIP} and {@link PosixSocketOptions#IP_DROP_MEMBERSHIP}, written as
 * C's {@code struct ip_mreqn}.
 *
 * <p>The interface is chosen as the kernel chooses it: by {@code interfaceIndex} when it is not 0, otherwise by
 * {@code interfaceAddress} (a local address of the interface), otherwise by the routing table. Name the
 * interface explicitly where it matters: left to the routing table, a group is joined on whatever interface the
 * default route uses.
 *
 * {@snippet :
 * // join 239.1.2.3 on the loopback interface, found by its address
 * s.setOption(PosixSocketOptions.IP_ADD_MEMBERSHIP,
 *         new IpMembership(InetAddress.ofLiteral("239.1.2.3"), InetAddress.ofLiteral("127.0.0.1"), 0));
 * }
 *
 * @param group the multicast group, an IPv4 address ({@code imr_multiaddr})
 * @param interfaceAddress a local IPv4 address of the interface, or {@code null} for {@code INADDR_ANY}
 *                         ({@code imr_address})
 * @param interfaceIndex the interface's index, or 0 to go by {@code interfaceAddress} ({@code imr_ifindex})
 */
public record IpMembership(InetAddress group, InetAddress interfaceAddress, int interfaceIndex) {
    /**
     * Checks the address families and the index.
     *
     * @throws NullPointerException when {@code group} is {@code null}
     * @throws IllegalArgumentException for an address that is not IPv4, or a negative index
     */
    public IpMembership {
        Objects.requireNonNull(group, "IpMembership: group is null");
        if (!(group instanceof Inet4Address)) {
            throw new IllegalArgumentException("IpMembership: group " + group + " is not an IPv4 address");
        }
        if (interfaceAddress != null && !(interfaceAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("IpMembership: interface address " + interfaceAddress
                    + " is not an IPv4 address");
        }
        if (interfaceIndex < 0) {
            throw new IllegalArgumentException("IpMembership: negative interface index " + interfaceIndex);
        }
    }
}
