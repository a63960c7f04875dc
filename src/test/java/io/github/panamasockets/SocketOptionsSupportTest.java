package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PosixSocket#supportedOptions()}: what it lists for each kind of socket, and that it agrees with what
 * {@code getOption} and {@code setOption} accept, on every kind, for every option.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketOptionsSupportTest {
    private final OptionTestSupport sockets = new OptionTestSupport();

    @AfterEach
    void closeSockets() throws IOException {
        sockets.close();
    }

    /** Every option this library names, and the JDK options it maps. */
    private static Set<SocketOption<?>> everyOption() throws IllegalAccessException {
        Set<SocketOption<?>> all = new LinkedHashSet<>();
        for (Field f : PosixSocketOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && SocketOption.class.isAssignableFrom(f.getType())) {
                all.add((SocketOption<?>) f.get(null));
            }
        }
        all.addAll(List.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
                StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_KEEPALIVE,
                StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.TCP_NODELAY,
                StandardSocketOptions.IP_TOS, StandardSocketOptions.IP_MULTICAST_IF, StandardSocketOptions.IP_MULTICAST_TTL,
                StandardSocketOptions.IP_MULTICAST_LOOP, ExtendedSocketOptions.TCP_KEEPIDLE,
                ExtendedSocketOptions.TCP_KEEPINTERVAL, ExtendedSocketOptions.TCP_KEEPCOUNT, ExtendedSocketOptions.TCP_QUICKACK,
                ExtendedSocketOptions.SO_PEERCRED, ExtendedSocketOptions.IP_DONTFRAGMENT));
        return all;
    }

    private Map<String, PosixSocket> everyKind() throws IOException {
        return Map.of("tcp4", sockets.tcp4(), "udp4", sockets.udp4(), "tcp6", sockets.tcp6(), "udp6", sockets.udp6(),
                "unix stream", sockets.unixPair()[0],
                "unix datagram", sockets.unixDatagramPair()[0]);
    }

    @Test
    void whatEachKindOfSocketLists() throws Exception {
        Set<SocketOption<?>> tcp4 = sockets.tcp4().supportedOptions();
        assertTrue(tcp4.containsAll(List.of(StandardSocketOptions.TCP_NODELAY, PosixSocketOptions.TCP_INFO,
                StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.IP_TOS, PosixSocketOptions.IP_TTL,
                ExtendedSocketOptions.TCP_KEEPIDLE, PosixSocketOptions.SO_BINDTODEVICE)), tcp4.toString());
        for (SocketOption<?> absent : List.of(PosixSocketOptions.IP_ADD_MEMBERSHIP, PosixSocketOptions.IPV6_V6ONLY,
                PosixSocketOptions.UDP_SEGMENT, PosixSocketOptions.SO_PEERCRED, StandardSocketOptions.IP_MULTICAST_IF,
                ExtendedSocketOptions.IP_DONTFRAGMENT)) {
            assertFalse(tcp4.contains(absent), absent + " is not for TCP/IPv4");
        }
        Set<SocketOption<?>> udp6 = sockets.udp6().supportedOptions();
        assertTrue(udp6.containsAll(List.of(PosixSocketOptions.IPV6_JOIN_GROUP, StandardSocketOptions.IP_MULTICAST_IF,
                PosixSocketOptions.UDP_GRO, PosixSocketOptions.IPV6_V6ONLY, ExtendedSocketOptions.IP_DONTFRAGMENT)));
        assertFalse(udp6.contains(StandardSocketOptions.TCP_NODELAY));
        assertFalse(udp6.contains(PosixSocketOptions.IP_ADD_MEMBERSHIP), "an IPv4 membership on an IPv6 socket");
        Set<SocketOption<?>> unix = sockets.unixPair()[0].supportedOptions();
        assertTrue(unix.containsAll(List.of(PosixSocketOptions.SO_PEERCRED, ExtendedSocketOptions.SO_PEERCRED,
                StandardSocketOptions.SO_SNDBUF)));
        assertFalse(unix.contains(StandardSocketOptions.IP_TOS));
        assertThrows(UnsupportedOperationException.class, () -> unix.add(StandardSocketOptions.IP_TOS));
    }

    @Test
    void supportedOptionsAgreeWithGetAndSetOnEveryKindOfSocket() throws Exception {
        Set<SocketOption<?>> all = everyOption();
        assertEquals(46 + 18, all.size(), "this library's options and the JDK's it maps: " + all);
        List<String> failures = new ArrayList<>();
        Set<SocketOption<?>> somewhere = new LinkedHashSet<>();
        for (Map.Entry<String, PosixSocket> kind : everyKind().entrySet()) {
            PosixSocket s = kind.getValue();
            Set<SocketOption<?>> supported = s.supportedOptions();
            assertTrue(all.containsAll(supported), kind.getKey() + " lists an option nobody named");
            somewhere.addAll(supported);
            for (SocketOption<?> option : all) {
                String where = option + " on " + kind.getKey();
                if (!supported.contains(option)) {
                    // Outside the socket's family/type: refused both ways, before the value is even looked at.
                    expectUnsupported(where, () -> s.getOption(option));
                    expectUnsupported(where, () -> setNull(s, option));
                    continue;
                }
                try {
                    s.getOption(option);
                } catch (UnsupportedOperationException e) {
                    if (!e.getMessage().contains("write-only")) {
                        failures.add(where + ": " + e.getMessage());
                    }
                } catch (IOException e) {
                    failures.add(where + ": reading it failed: " + e);
                }
            }
        }
        assertEquals(all, somewhere, "every option applies to some kind of socket");
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    @SuppressWarnings("unchecked")
    private static void setNull(PosixSocket s, SocketOption<?> option) throws IOException {
        s.setOption((SocketOption<Object>) option, null);
    }

    private static void expectUnsupported(String where, org.junit.jupiter.api.function.Executable call) {
        assertThrows(UnsupportedOperationException.class, call, where + " should be refused as unsupported");
    }
}
