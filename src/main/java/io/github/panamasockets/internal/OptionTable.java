package io.github.panamasockets.internal;

import static io.github.panamasockets.SocketConstants.IPPROTO_IP;
import static io.github.panamasockets.SocketConstants.IPPROTO_IPV6;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.internal.OptionScope.ANY;
import static io.github.panamasockets.internal.OptionScope.IP;
import static io.github.panamasockets.internal.OptionScope.IPV4;
import static io.github.panamasockets.internal.OptionScope.IPV4_MULTICAST;
import static io.github.panamasockets.internal.OptionScope.IPV6;
import static io.github.panamasockets.internal.OptionScope.IPV6_MULTICAST;
import static io.github.panamasockets.internal.OptionScope.IP_MULTICAST;
import static io.github.panamasockets.internal.OptionScope.TCP;
import static io.github.panamasockets.internal.OptionScope.UDP;
import static io.github.panamasockets.internal.OptionScope.UNIX;
import static io.github.panamasockets.internal.NativeOption.Access.READ_ONLY;
import static io.github.panamasockets.internal.NativeOption.Access.READ_WRITE;
import static io.github.panamasockets.internal.NativeOption.Access.WRITE_ONLY;
import static io.github.panamasockets.internal.ScalarCodecs.ANY_INT;
import static io.github.panamasockets.internal.ScalarCodecs.BOOLEAN;
import static io.github.panamasockets.internal.ScalarCodecs.INT_OR_DEFAULT;
import static io.github.panamasockets.internal.ScalarCodecs.NON_NEGATIVE_INT;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.PosixSocketOptions;
import io.github.panamasockets.SocketConstants;
import io.github.panamasockets.internal.NativeOption.Access;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * Which C option each {@link SocketOption} is, and on which sockets: the JDK's
 * {@link StandardSocketOptions} and {@link ExtendedSocketOptions} and this library's
 * {@link PosixSocketOptions}. It is the single list behind {@link PosixSocket#setOption},
 * {@link PosixSocket#getOption} and {@link PosixSocket#supportedOptions()}, so the three cannot disagree.
 */
public final class OptionTable {
    private OptionTable() {}

    /** Where an option applies, and which C option it is there: the JDK's IP options change with the family. */
    private record Binding(OptionScope scope, NativeOption<?> option, NativeOption<?> onInet6) {
        NativeOption<?> resolve(int family, int type) {
            if (!scope.covers(family, type)) {
                return null;
            }
            return family == SocketConstants.AF_INET6 ? onInet6 : option;
        }
    }

    private static final Map<SocketOption<?>, Binding> TABLE = new LinkedHashMap<>();

    static {
        // ---- SOL_SOCKET
        put(StandardSocketOptions.SO_RCVBUF, ANY, SOL_SOCKET, SocketConstants.SO_RCVBUF, NON_NEGATIVE_INT, READ_WRITE);
        put(StandardSocketOptions.SO_SNDBUF, ANY, SOL_SOCKET, SocketConstants.SO_SNDBUF, NON_NEGATIVE_INT, READ_WRITE);
        put(StandardSocketOptions.SO_REUSEADDR, ANY, SOL_SOCKET, SocketConstants.SO_REUSEADDR, BOOLEAN, READ_WRITE);
        put(StandardSocketOptions.SO_REUSEPORT, ANY, SOL_SOCKET, SocketConstants.SO_REUSEPORT, BOOLEAN, READ_WRITE);
        put(StandardSocketOptions.SO_KEEPALIVE, ANY, SOL_SOCKET, SocketConstants.SO_KEEPALIVE, BOOLEAN, READ_WRITE);
        put(StandardSocketOptions.SO_LINGER, ANY, SOL_SOCKET, SocketConstants.SO_LINGER, ScalarCodecs.LINGER_SECONDS, READ_WRITE);
        put(StandardSocketOptions.SO_BROADCAST, ANY, SOL_SOCKET, SocketConstants.SO_BROADCAST, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.SO_RCVLOWAT, ANY, SOL_SOCKET, SocketConstants.SO_RCVLOWAT, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.SO_RCVTIMEO, ANY, SOL_SOCKET, SocketConstants.SO_RCVTIMEO, ScalarCodecs.TIMEVAL, READ_WRITE);
        put(PosixSocketOptions.SO_SNDTIMEO, ANY, SOL_SOCKET, SocketConstants.SO_SNDTIMEO, ScalarCodecs.TIMEVAL, READ_WRITE);
        put(PosixSocketOptions.SO_OOBINLINE, ANY, SOL_SOCKET, SocketConstants.SO_OOBINLINE, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.SO_ERROR, ANY, SOL_SOCKET, SocketConstants.SO_ERROR, ANY_INT, READ_ONLY);
        put(PosixSocketOptions.SO_TYPE, ANY, SOL_SOCKET, SocketConstants.SO_TYPE, ANY_INT, READ_ONLY);
        put(PosixSocketOptions.SO_DOMAIN, ANY, SOL_SOCKET, SocketConstants.SO_DOMAIN, ANY_INT, READ_ONLY);
        put(PosixSocketOptions.SO_PROTOCOL, ANY, SOL_SOCKET, SocketConstants.SO_PROTOCOL, ANY_INT, READ_ONLY);
        put(PosixSocketOptions.SO_ACCEPTCONN, ANY, SOL_SOCKET, SocketConstants.SO_ACCEPTCONN, BOOLEAN, READ_ONLY);
        put(PosixSocketOptions.SO_PRIORITY, ANY, SOL_SOCKET, SocketConstants.SO_PRIORITY, ANY_INT, READ_WRITE);
        put(PosixSocketOptions.SO_MARK, ANY, SOL_SOCKET, SocketConstants.SO_MARK, ANY_INT, READ_WRITE);
        put(PosixSocketOptions.SO_BINDTODEVICE, ANY, SOL_SOCKET, SocketConstants.SO_BINDTODEVICE, ScalarCodecs.INTERFACE_NAME, READ_WRITE);
        put(PosixSocketOptions.SO_TIMESTAMP, ANY, SOL_SOCKET, SocketConstants.SO_TIMESTAMP, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.SO_TIMESTAMPNS, ANY, SOL_SOCKET, SocketConstants.SO_TIMESTAMPNS, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.SO_BUSY_POLL, ANY, SOL_SOCKET, SocketConstants.SO_BUSY_POLL, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.SO_RCVBUFFORCE, ANY, SOL_SOCKET, SocketConstants.SO_RCVBUFFORCE, NON_NEGATIVE_INT, WRITE_ONLY);
        put(PosixSocketOptions.SO_SNDBUFFORCE, ANY, SOL_SOCKET, SocketConstants.SO_SNDBUFFORCE, NON_NEGATIVE_INT, WRITE_ONLY);
        put(ExtendedSocketOptions.SO_PEERCRED, UNIX, SOL_SOCKET, SocketConstants.SO_PEERCRED, PeerCredentialCodecs.PRINCIPAL, READ_ONLY);
        put(PosixSocketOptions.SO_PEERCRED, UNIX, SOL_SOCKET, SocketConstants.SO_PEERCRED, PeerCredentialCodecs.CREDENTIALS, READ_ONLY);

        // ---- IPPROTO_TCP
        put(StandardSocketOptions.TCP_NODELAY, TCP, IPPROTO_TCP, SocketConstants.TCP_NODELAY, BOOLEAN, READ_WRITE);
        put(ExtendedSocketOptions.TCP_KEEPIDLE, TCP, IPPROTO_TCP, SocketConstants.TCP_KEEPIDLE, NON_NEGATIVE_INT, READ_WRITE);
        put(ExtendedSocketOptions.TCP_KEEPINTERVAL, TCP, IPPROTO_TCP, SocketConstants.TCP_KEEPINTVL, NON_NEGATIVE_INT, READ_WRITE);
        put(ExtendedSocketOptions.TCP_KEEPCOUNT, TCP, IPPROTO_TCP, SocketConstants.TCP_KEEPCNT, NON_NEGATIVE_INT, READ_WRITE);
        put(ExtendedSocketOptions.TCP_QUICKACK, TCP, IPPROTO_TCP, SocketConstants.TCP_QUICKACK, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.TCP_USER_TIMEOUT, TCP, IPPROTO_TCP, SocketConstants.TCP_USER_TIMEOUT, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.TCP_CORK, TCP, IPPROTO_TCP, SocketConstants.TCP_CORK, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.TCP_NOTSENT_LOWAT, TCP, IPPROTO_TCP, SocketConstants.TCP_NOTSENT_LOWAT, ANY_INT, READ_WRITE);
        put(PosixSocketOptions.TCP_CONGESTION, TCP, IPPROTO_TCP, SocketConstants.TCP_CONGESTION, ScalarCodecs.CONGESTION_NAME, READ_WRITE);
        put(PosixSocketOptions.TCP_MAXSEG, TCP, IPPROTO_TCP, SocketConstants.TCP_MAXSEG, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.TCP_DEFER_ACCEPT, TCP, IPPROTO_TCP, SocketConstants.TCP_DEFER_ACCEPT, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.TCP_FASTOPEN, TCP, IPPROTO_TCP, SocketConstants.TCP_FASTOPEN, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.TCP_FASTOPEN_CONNECT, TCP, IPPROTO_TCP, SocketConstants.TCP_FASTOPEN_CONNECT, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.TCP_INFO, TCP, IPPROTO_TCP, SocketConstants.TCP_INFO, TcpInfoCodec.INSTANCE, READ_ONLY);

        // ---- IPPROTO_IP, and the JDK's IP options, which are IPPROTO_IPV6 options on an AF_INET6 socket
        OptionCodec<Integer> octet = ScalarCodecs.integer(0, 255);
        putByFamily(StandardSocketOptions.IP_TOS, IP,
                IPPROTO_IP, SocketConstants.IP_TOS, IPPROTO_IPV6, SocketConstants.IPV6_TCLASS, "IPV6_TCLASS", octet);
        putByFamily(StandardSocketOptions.IP_MULTICAST_IF, IP_MULTICAST,
                new NativeOption<>("IP_MULTICAST_IF", IPPROTO_IP, SocketConstants.IP_MULTICAST_IF, MulticastCodecs.IPV4_INTERFACE, READ_WRITE),
                new NativeOption<>("IP_MULTICAST_IF (IPV6_MULTICAST_IF)", IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_IF, MulticastCodecs.IPV6_INTERFACE, READ_WRITE));
        putByFamily(StandardSocketOptions.IP_MULTICAST_TTL, IP_MULTICAST,
                IPPROTO_IP, SocketConstants.IP_MULTICAST_TTL, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS", octet);
        putByFamily(StandardSocketOptions.IP_MULTICAST_LOOP, IP_MULTICAST,
                IPPROTO_IP, SocketConstants.IP_MULTICAST_LOOP, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP", BOOLEAN);
        // As the JDK: for datagram sockets only; on AF_INET6 it is IPV6_MTU_DISCOVER.
        putByFamily(ExtendedSocketOptions.IP_DONTFRAGMENT, UDP,
                new NativeOption<>("IP_DONTFRAGMENT (IP_MTU_DISCOVER)", IPPROTO_IP, SocketConstants.IP_MTU_DISCOVER,
                        ScalarCodecs.flagAsValue(SocketConstants.IP_PMTUDISC_DO, SocketConstants.IP_PMTUDISC_DONT), READ_WRITE),
                new NativeOption<>("IP_DONTFRAGMENT (IPV6_MTU_DISCOVER)", IPPROTO_IPV6, SocketConstants.IPV6_MTU_DISCOVER,
                        ScalarCodecs.flagAsValue(SocketConstants.IPV6_PMTUDISC_DO, SocketConstants.IPV6_PMTUDISC_DONT), READ_WRITE));
        put(PosixSocketOptions.IP_TTL, IPV4, IPPROTO_IP, SocketConstants.IP_TTL, INT_OR_DEFAULT, READ_WRITE);
        put(PosixSocketOptions.IP_ADD_MEMBERSHIP, IPV4_MULTICAST, IPPROTO_IP, SocketConstants.IP_ADD_MEMBERSHIP, MulticastCodecs.IP_MEMBERSHIP, WRITE_ONLY);
        put(PosixSocketOptions.IP_DROP_MEMBERSHIP, IPV4_MULTICAST, IPPROTO_IP, SocketConstants.IP_DROP_MEMBERSHIP, MulticastCodecs.IP_MEMBERSHIP, WRITE_ONLY);
        put(PosixSocketOptions.IP_PKTINFO, IPV4, IPPROTO_IP, SocketConstants.IP_PKTINFO, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.IP_RECVTOS, IPV4, IPPROTO_IP, SocketConstants.IP_RECVTOS, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.IP_RECVERR, IPV4, IPPROTO_IP, SocketConstants.IP_RECVERR, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.IP_MTU_DISCOVER, IPV4, IPPROTO_IP, SocketConstants.IP_MTU_DISCOVER, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.IP_FREEBIND, IPV4, IPPROTO_IP, SocketConstants.IP_FREEBIND, BOOLEAN, READ_WRITE);

        // ---- IPPROTO_IPV6
        put(PosixSocketOptions.IPV6_V6ONLY, IPV6, IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.IPV6_UNICAST_HOPS, IPV6, IPPROTO_IPV6, SocketConstants.IPV6_UNICAST_HOPS, INT_OR_DEFAULT, READ_WRITE);
        put(PosixSocketOptions.IPV6_MULTICAST_HOPS, IPV6_MULTICAST, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_HOPS, INT_OR_DEFAULT, READ_WRITE);
        put(PosixSocketOptions.IPV6_MULTICAST_LOOP, IPV6_MULTICAST, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_LOOP, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.IPV6_MULTICAST_IF, IPV6_MULTICAST, IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_IF, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.IPV6_JOIN_GROUP, IPV6_MULTICAST, IPPROTO_IPV6, SocketConstants.IPV6_JOIN_GROUP, MulticastCodecs.IPV6_MEMBERSHIP, WRITE_ONLY);
        put(PosixSocketOptions.IPV6_LEAVE_GROUP, IPV6_MULTICAST, IPPROTO_IPV6, SocketConstants.IPV6_LEAVE_GROUP, MulticastCodecs.IPV6_MEMBERSHIP, WRITE_ONLY);
        put(PosixSocketOptions.IPV6_RECVPKTINFO, IPV6, IPPROTO_IPV6, SocketConstants.IPV6_RECVPKTINFO, BOOLEAN, READ_WRITE);
        put(PosixSocketOptions.IPV6_RECVERR, IPV6, IPPROTO_IPV6, SocketConstants.IPV6_RECVERR, BOOLEAN, READ_WRITE);

        // ---- IPPROTO_UDP
        put(PosixSocketOptions.UDP_SEGMENT, UDP, IPPROTO_UDP, SocketConstants.UDP_SEGMENT, NON_NEGATIVE_INT, READ_WRITE);
        put(PosixSocketOptions.UDP_GRO, UDP, IPPROTO_UDP, SocketConstants.UDP_GRO, BOOLEAN, READ_WRITE);
    }

    /**
     * The C option a {@link SocketOption} is on a socket.
     *
     * @param option the option
     * @param socket the socket, whose family and type decide
     * @param <T> the option's value type
     * @return the C option
     * @throws NullPointerException for a {@code null} option
     * @throws UnsupportedOperationException for an option this library does not know, or one that does not
     *         apply to the socket's family and type
     */
    public static <T> NativeOption<T> resolve(SocketOption<T> option, PosixSocket socket) {
        Objects.requireNonNull(option, "the socket option is null");
        Binding binding = TABLE.get(option);
        if (binding == null) {
            throw new UnsupportedOperationException("PosixSocket does not support the socket option " + option.name()
                    + " (" + option.getClass().getName() + ")");
        }
        NativeOption<?> found = binding.resolve(socket.family(), socket.type());
        if (found == null) {
            throw new UnsupportedOperationException(option.name() + " applies to " + binding.scope().description()
                    + ", not to " + socket);
        }
        @SuppressWarnings("unchecked") // put() pairs each option with a codec of its own type
        NativeOption<T> typed = (NativeOption<T>) found;
        return typed;
    }

    /**
     * @param family a socket's family
     * @param type its type
     * @return the options that apply to such a socket, in a fixed order; unmodifiable
     */
    public static Set<SocketOption<?>> supported(int family, int type) {
        Set<SocketOption<?>> options = new LinkedHashSet<>();
        TABLE.forEach((option, binding) -> {
            if (binding.scope().covers(family, type)) {
                options.add(option);
            }
        });
        return Collections.unmodifiableSet(options);
    }

    private static <T> void put(SocketOption<T> option, OptionScope scope, int level, int optname, OptionCodec<T> codec,
                                Access access) {
        NativeOption<T> n = new NativeOption<>(option.name(), level, optname, codec, access);
        bind(option, new Binding(scope, n, n), codec);
    }

    private static <T> void putByFamily(SocketOption<T> option, OptionScope scope, int level, int optname,
                                        int level6, int optname6, String name6, OptionCodec<T> codec) {
        putByFamily(option, scope, new NativeOption<>(option.name(), level, optname, codec, READ_WRITE),
                new NativeOption<>(option.name() + " (" + name6 + ")", level6, optname6, codec, READ_WRITE));
    }

    private static <T> void putByFamily(SocketOption<T> option, OptionScope scope, NativeOption<T> onInet,
                                        NativeOption<T> onInet6) {
        if (onInet6.codec().type() != onInet.codec().type()) {
            throw new AssertionError(option.name() + ": the two families' codecs read different types");
        }
        bind(option, new Binding(scope, onInet, onInet6), onInet.codec());
    }

    private static void bind(SocketOption<?> option, Binding binding, OptionCodec<?> codec) {
        // The unchecked cast in resolve() rests on this.
        if (codec.type() != option.type()) {
            throw new AssertionError(option.name() + " is a " + option.type() + " option, its codec reads " + codec.type());
        }
        if (TABLE.putIfAbsent(option, binding) != null) {
            throw new AssertionError(option.name() + " is bound twice");
        }
    }
}
