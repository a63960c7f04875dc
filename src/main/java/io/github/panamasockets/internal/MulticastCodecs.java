package io.github.panamasockets.internal;

import io.github.panamasockets.IpMembership;
import io.github.panamasockets.Ipv6Membership;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Enumeration;

/**
 * The codecs of the multicast options: group memberships ({@code struct ip_mreqn}, {@code struct ipv6_mreq})
 * and the outgoing interface as a {@link NetworkInterface}.
 */
public final class MulticastCodecs {
    private MulticastCodecs() {}

    private static final int IPV4_SIZE = 4;

    /** {@code IP_ADD_MEMBERSHIP}, {@code IP_DROP_MEMBERSHIP}: an {@link IpMembership} as {@code struct ip_mreqn}. */
    public static final OptionCodec<IpMembership> IP_MEMBERSHIP = new IpMembershipCodec();

    /** {@code IPV6_JOIN_GROUP}, {@code IPV6_LEAVE_GROUP}: an {@link Ipv6Membership} as {@code struct ipv6_mreq}. */
    public static final OptionCodec<Ipv6Membership> IPV6_MEMBERSHIP = new Ipv6MembershipCodec();

    /**
     * The JDK's {@code IP_MULTICAST_IF} on an IPv4 socket. Written as {@code struct ip_mreqn} with the
     * interface's index and its first IPv4 address; the kernel reports back only the address
     * ({@code struct in_addr}), which is mapped to its interface again, as the JDK does. An interface without
     * an IPv4 address is set by index alone and reads back as {@code null}.
     */
    public static final OptionCodec<NetworkInterface> IPV4_INTERFACE = new Ipv4InterfaceCodec();

    /** The JDK's {@code IP_MULTICAST_IF} on an IPv6 socket: {@code IPV6_MULTICAST_IF}, the interface's index. */
    public static final OptionCodec<NetworkInterface> IPV6_INTERFACE = new Ipv6InterfaceCodec();

    private static final class IpMembershipCodec implements OptionCodec<IpMembership> {
        @Override
        public Class<IpMembership> type() {
            return IpMembership.class;
        }

        @Override
        public long capacity() {
            return Structs.IP_MREQN.byteSize();
        }

        @Override
        public MemorySegment encode(String option, IpMembership value, SegmentAllocator allocator) {
            MemorySegment m = allocator.allocate(Structs.IP_MREQN);
            m.fill((byte) 0);
            putAddress(m, Structs.IMR_MULTIADDR, value.group());
            if (value.interfaceAddress() != null) {
                putAddress(m, Structs.IMR_ADDRESS, value.interfaceAddress());
            }
            m.set(ValueLayout.JAVA_INT, Structs.IMR_IFINDEX, value.interfaceIndex());
            return m;
        }

        @Override
        public IpMembership decode(String option, MemorySegment value, int length) {
            throw new AssertionError(option + " is write-only; nothing reads it");
        }
    }

    private static final class Ipv6MembershipCodec implements OptionCodec<Ipv6Membership> {
        @Override
        public Class<Ipv6Membership> type() {
            return Ipv6Membership.class;
        }

        @Override
        public long capacity() {
            return Structs.IPV6_MREQ.byteSize();
        }

        @Override
        public MemorySegment encode(String option, Ipv6Membership value, SegmentAllocator allocator) {
            MemorySegment m = allocator.allocate(Structs.IPV6_MREQ);
            m.fill((byte) 0);
            putAddress(m, Structs.IPV6MR_MULTIADDR, value.group());
            m.set(ValueLayout.JAVA_INT, Structs.IPV6MR_INTERFACE, value.interfaceIndex());
            return m;
        }

        @Override
        public Ipv6Membership decode(String option, MemorySegment value, int length) {
            throw new AssertionError(option + " is write-only; nothing reads it");
        }
    }

    private static final class Ipv4InterfaceCodec implements OptionCodec<NetworkInterface> {
        @Override
        public Class<NetworkInterface> type() {
            return NetworkInterface.class;
        }

        @Override
        public long capacity() {
            return Structs.IN_ADDR.byteSize();
        }

        @Override
        public MemorySegment encode(String option, NetworkInterface value, SegmentAllocator allocator) {
            int index = requireIndex(option, value);
            MemorySegment m = allocator.allocate(Structs.IP_MREQN);
            m.fill((byte) 0);
            Inet4Address address = firstIpv4Address(value);
            if (address != null) {
                putAddress(m, Structs.IMR_ADDRESS, address);
            }
            m.set(ValueLayout.JAVA_INT, Structs.IMR_IFINDEX, index);
            return m;
        }

        @Override
        public NetworkInterface decode(String option, MemorySegment value, int length) throws SocketException {
            ScalarCodecs.requireWhole(option, length, IPV4_SIZE);
            byte[] bytes = value.asSlice(0, IPV4_SIZE).toArray(ValueLayout.JAVA_BYTE);
            InetAddress address;
            try {
                address = InetAddress.getByAddress(bytes); // from bytes: nothing is looked up
            } catch (UnknownHostException e) {
                throw new AssertionError("four bytes are always an IPv4 address", e);
            }
            if (address.isAnyLocalAddress()) {
                return null; // no interface chosen: the routing table decides
            }
            NetworkInterface found = NetworkInterface.getByInetAddress(address);
            if (found == null) {
                throw new SocketException(option + ": no interface has the address " + address.getHostAddress()
                        + " the kernel reports");
            }
            return found;
        }
    }

    private static final class Ipv6InterfaceCodec implements OptionCodec<NetworkInterface> {
        @Override
        public Class<NetworkInterface> type() {
            return NetworkInterface.class;
        }

        @Override
        public long capacity() {
            return ValueLayout.JAVA_INT.byteSize();
        }

        @Override
        public MemorySegment encode(String option, NetworkInterface value, SegmentAllocator allocator) {
            MemorySegment m = allocator.allocate(ValueLayout.JAVA_INT);
            m.set(ValueLayout.JAVA_INT, 0, requireIndex(option, value));
            return m;
        }

        @Override
        public NetworkInterface decode(String option, MemorySegment value, int length) throws SocketException {
            int index = ScalarCodecs.readInt(option, value, length);
            if (index == 0) {
                return null; // no interface chosen: the routing table decides
            }
            NetworkInterface found = NetworkInterface.getByIndex(index);
            if (found == null) {
                throw new SocketException(option + ": no interface has the index " + index + " the kernel reports");
            }
            return found;
        }
    }

    private static int requireIndex(String option, NetworkInterface value) {
        int index = value.getIndex();
        if (index <= 0) {
            throw ScalarCodecs.invalid(option, "interface " + value.getName() + " has no index");
        }
        return index;
    }

    private static Inet4Address firstIpv4Address(NetworkInterface value) {
        Enumeration<InetAddress> addresses = value.getInetAddresses();
        while (addresses.hasMoreElements()) {
            if (addresses.nextElement() instanceof Inet4Address v4) {
                return v4;
            }
        }
        return null;
    }

    /** Writes an address's bytes, which {@link InetAddress#getAddress()} gives in network order, as C keeps them. */
    private static void putAddress(MemorySegment struct, long offset, InetAddress address) {
        byte[] bytes = address.getAddress();
        MemorySegment.copy(bytes, 0, struct, ValueLayout.JAVA_BYTE, offset, bytes.length);
    }
}
