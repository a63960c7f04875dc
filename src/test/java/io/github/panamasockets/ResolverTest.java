package io.github.panamasockets;

import static io.github.panamasockets.ArpaInet.htonl;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static io.github.panamasockets.SocketConstants.AI_ADDRCONFIG;
import static io.github.panamasockets.SocketConstants.AI_ALL;
import static io.github.panamasockets.SocketConstants.AI_CANONNAME;
import static io.github.panamasockets.SocketConstants.AI_NUMERICHOST;
import static io.github.panamasockets.SocketConstants.AI_NUMERICSERV;
import static io.github.panamasockets.SocketConstants.AI_V4MAPPED;
import static io.github.panamasockets.SocketConstants.EAI_NONAME;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.NI_DGRAM;
import static io.github.panamasockets.SocketConstants.NI_NAMEREQD;
import static io.github.panamasockets.SocketConstants.NI_NOFQDN;
import static io.github.panamasockets.SocketConstants.NI_NUMERICHOST;
import static io.github.panamasockets.SocketConstants.NI_NUMERICSERV;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.internal.FaultInjection;
import java.net.NetworkInterface;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Netdb#getaddrinfo}, {@link Netdb#getnameinfo} and {@link Netdb#gai_strerror} on cases that need no
 * network: address literals, {@code localhost} for IPv4 answered by {@code /etc/hosts}, service names from
 * {@code /etc/services}. Anything that would reach DNS on another machine is guarded by {@link LocalNames}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResolverTest {
    // ---- getaddrinfo

    @Test
    void localhostGivesLoopbackStreamEntries() throws Exception {
        LocalNames.assumeLocalhostFromEtcHosts();
        List<AddrInfo> list = Netdb.getaddrinfo("localhost", null, AddrInfo.Hints.of(AF_INET, SOCK_STREAM));
        assertFalse(list.isEmpty());
        for (AddrInfo ai : list) {
            assertEquals(AF_INET, ai.family());
            assertEquals(SOCK_STREAM, ai.socktype());
            assertEquals(IPPROTO_TCP, ai.protocol());
            assertEquals(SockaddrIn.of("127.0.0.1", 0), ai.address());
            assertNull(ai.canonname());
        }
    }

    @Test
    void ipv6LiteralGivesSockaddrIn6() throws Exception {
        List<AddrInfo> list = Netdb.getaddrinfo("::1", "80", AddrInfo.Hints.of(AF_INET6, SOCK_STREAM));
        assertEquals(1, list.size());
        SockaddrIn6 sa = assertInstanceOf(SockaddrIn6.class, list.get(0).address());
        assertEquals(SockaddrIn6.of("::1", 80), sa);
        assertEquals("[::1]:80", sa.toString());
    }

    @Test
    void withoutSocktypeEveryTypeComesBack() throws Exception {
        List<AddrInfo> list = Netdb.getaddrinfo("127.0.0.1", "7", AddrInfo.Hints.numeric(AF_INET, 0));
        Set<Integer> types = list.stream().map(AddrInfo::socktype).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of(SOCK_STREAM, SOCK_DGRAM)), types.toString());
        AddrInfo udp = list.stream().filter(ai -> ai.socktype() == SOCK_DGRAM).findFirst().orElseThrow();
        assertEquals(IPPROTO_UDP, udp.protocol());
    }

    @Test
    void nullHintsAreCsDefault() throws Exception {
        // NULL hints: any family and type, AI_V4MAPPED | AI_ADDRCONFIG. 127.0.0.1 on lo satisfies AI_ADDRCONFIG.
        List<AddrInfo> list = Netdb.getaddrinfo("127.0.0.1", "80", null);
        assertTrue(list.stream().anyMatch(ai -> ai.socktype() == SOCK_STREAM
                && ai.address().equals(SockaddrIn.of("127.0.0.1", 80))), list.toString());
    }

    @Test
    void passiveWithNullNodeGivesWildcards() throws Exception {
        AddrInfo v4 = Netdb.getaddrinfo(null, "8080", AddrInfo.Hints.passive(AF_INET, SOCK_STREAM)).get(0);
        assertEquals(SockaddrIn.any(8080), v4.address());
        AddrInfo v6 = Netdb.getaddrinfo(null, "8080", AddrInfo.Hints.passive(AF_INET6, SOCK_STREAM)).get(0);
        assertEquals(SockaddrIn6.of("::", 8080), v6.address());
        Set<String> both = Netdb.getaddrinfo(null, "8080", AddrInfo.Hints.passive(AF_UNSPEC, SOCK_STREAM)).stream()
                .map(ai -> ai.address().toString()).collect(Collectors.toSet());
        assertEquals(Set.of("0.0.0.0:8080", "[::]:8080"), both);
    }

    @Test
    void nullNodeWithoutPassiveGivesLoopback() throws Exception {
        AddrInfo v4 = Netdb.getaddrinfo(null, "8080", AddrInfo.Hints.of(AF_INET, SOCK_STREAM)).get(0);
        assertEquals(SockaddrIn.loopback(8080), v4.address());
        AddrInfo v6 = Netdb.getaddrinfo(null, "8080", AddrInfo.Hints.of(AF_INET6, SOCK_STREAM)).get(0);
        assertEquals(SockaddrIn6.of("::1", 8080), v6.address());
    }

    @Test
    void numericServiceGivesThePort() throws Exception {
        AddrInfo ai = Netdb.getaddrinfo("127.0.0.1", "80",
                AddrInfo.Hints.of(AF_INET, SOCK_STREAM).withFlags(AI_NUMERICSERV | AI_NUMERICHOST)).get(0);
        assertEquals(80, ((SockaddrIn) ai.address()).port());
        assertEquals(AI_NUMERICSERV | AI_NUMERICHOST, ai.flags(), "glibc repeats the hints' flags");
    }

    @Test
    void serviceNameComesFromEtcServices() throws Exception {
        LocalNames.assumeServices("http 80/tcp");
        AddrInfo ai = Netdb.getaddrinfo("127.0.0.1", "http",
                AddrInfo.Hints.of(AF_INET, SOCK_STREAM).withFlags(AI_NUMERICHOST)).get(0);
        assertEquals(SockaddrIn.of("127.0.0.1", 80), ai.address());
    }

    @Test
    void canonnameOfLocalhostOnTheFirstEntryOnly() throws Exception {
        LocalNames.assumeLocalhostFromEtcHosts();
        List<AddrInfo> list = Netdb.getaddrinfo("localhost", null,
                AddrInfo.Hints.of(AF_INET, 0).withFlags(AI_CANONNAME));
        assertEquals("localhost", list.get(0).canonname());
        list.subList(1, list.size()).forEach(ai -> assertNull(ai.canonname()));
    }

    @Test
    void canonnameOfALiteralIsTheLiteral() throws Exception {
        AddrInfo ai = Netdb.getaddrinfo("127.0.0.1", "80",
                AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM).withFlags(AI_CANONNAME)).get(0);
        assertEquals("127.0.0.1", ai.canonname());
    }

    @Test
    void v4MappedGivesIpv4MappedIpv6() throws Exception {
        for (int extra : new int[] {0, AI_NUMERICHOST}) {
            List<AddrInfo> list = Netdb.getaddrinfo("127.0.0.1", "80",
                    AddrInfo.Hints.of(AF_INET6, SOCK_STREAM).withFlags(AI_V4MAPPED | AI_ALL | extra));
            assertEquals(1, list.size());
            SockaddrIn6 sa = assertInstanceOf(SockaddrIn6.class, list.get(0).address());
            assertTrue(sa.isV4Mapped());
            assertEquals("[::ffff:127.0.0.1]:80", sa.toString());
        }
    }

    @Test
    void addrconfigKeepsLoopbackLiteral() throws Exception {
        AddrInfo ai = Netdb.getaddrinfo("127.0.0.1", "80",
                AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM).withFlags(AI_ADDRCONFIG)).get(0);
        assertEquals(SockaddrIn.of("127.0.0.1", 80), ai.address());
    }

    @Test
    void protocolHintSelectsTheEntry() throws Exception {
        List<AddrInfo> list = Netdb.getaddrinfo("127.0.0.1", "53",
                AddrInfo.Hints.numeric(AF_INET, 0).withProtocol(IPPROTO_UDP));
        assertEquals(1, list.size());
        assertEquals(SOCK_DGRAM, list.get(0).socktype());
    }

    @Test
    void entriesOutliveTheFreedList() throws Exception {
        // Every address is a copy: the C list is gone when getaddrinfo returns, and garbage collection of the
        // Java side must not matter either.
        List<AddrInfo> list = Netdb.getaddrinfo("::1", "443", AddrInfo.Hints.numeric(AF_INET6, SOCK_STREAM));
        for (int i = 0; i < 3; i++) {
            Netdb.getaddrinfo("127.0.0.1", "1", AddrInfo.Hints.numeric(AF_INET, 0));
            System.gc();
        }
        assertEquals(SockaddrIn6.of("::1", 443), list.get(0).address());
    }

    @Test
    void nulInNodeOrServiceIsRefusedBeforeAnyCall() throws Exception {
        FaultInjection.enable();
        long before = FaultInjection.calls("getaddrinfo");
        assertThrows(IllegalArgumentException.class,
                () -> Netdb.getaddrinfo("127.0.0.1\0.evil", "80", AddrInfo.Hints.of(AF_INET, SOCK_STREAM)));
        assertThrows(IllegalArgumentException.class,
                () -> Netdb.getaddrinfo("127.0.0.1", "80\0", AddrInfo.Hints.of(AF_INET, SOCK_STREAM)));
        assertEquals(before, FaultInjection.calls("getaddrinfo"));
    }

    // ---- freeaddrinfo, observed through the seam's call counter

    @Test
    void freeaddrinfoRunsWhenDecodingThrowsHalfway() throws Exception {
        FaultInjection.enable();
        long frees = FaultInjection.calls("freeaddrinfo");
        int[] decoded = {0};
        Netdb.EntryDecoder failsOnSecond = ai -> {
            if (++decoded[0] == 2) {
                throw new IllegalStateException("decoding failed halfway");
            }
            return Netdb.entry(ai);
        };
        // Without a socket type, 127.0.0.1 gives three entries (stream, datagram, raw).
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Netdb.getaddrinfo(
                "127.0.0.1", null, AddrInfo.Hints.numeric(AF_INET, 0), failsOnSecond));
        assertEquals("decoding failed halfway", e.getMessage());
        assertEquals(2, decoded[0]);
        assertEquals(frees + 1, FaultInjection.calls("freeaddrinfo"));
    }

    @Test
    void freeaddrinfoRunsOnceAfterSuccessAndNeverAfterFailure() throws Exception {
        FaultInjection.enable();
        long frees = FaultInjection.calls("freeaddrinfo");
        Netdb.getaddrinfo("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET, 0));
        assertEquals(frees + 1, FaultInjection.calls("freeaddrinfo"));
        // A failed getaddrinfo hands back no list, so there is nothing to free.
        ResolverException e = assertThrows(ResolverException.class, () ->
                Netdb.getaddrinfo("not-a-number", "80", AddrInfo.Hints.numeric(AF_INET, 0)));
        assertEquals(EAI_NONAME, e.eai());
        assertEquals(frees + 1, FaultInjection.calls("freeaddrinfo"));
    }

    // ---- getnameinfo

    @Test
    void numericRoundTrips() throws Exception {
        int numeric = NI_NUMERICHOST | NI_NUMERICSERV;
        assertEquals(new NameInfo("127.0.0.1", "8080"), Netdb.getnameinfo(SockaddrIn.of("127.0.0.1", 8080), numeric));
        assertEquals(new NameInfo("::1", "8080"), Netdb.getnameinfo(SockaddrIn6.of("::1", 8080), numeric));
        assertEquals(new NameInfo("::ffff:127.0.0.1", "9"),
                Netdb.getnameinfo(SockaddrIn6.mapped(SockaddrIn.of("127.0.0.1", 9)), numeric));
        for (String literal : List.of("127.0.0.1", "10.1.2.3", "::1", "2001:db8::17", "::ffff:192.0.2.1")) {
            for (AddrInfo ai : Netdb.getaddrinfo(literal, "4242", AddrInfo.Hints.numeric(AF_UNSPEC, SOCK_STREAM))) {
                NameInfo ni = Netdb.getnameinfo(ai.address(), numeric);
                assertEquals(new NameInfo(literal, "4242"), ni);
                AddrInfo again = Netdb.getaddrinfo(ni.host(), ni.service(),
                        AddrInfo.Hints.numeric(ai.family(), SOCK_STREAM)).get(0);
                assertEquals(ai.address(), again.address());
            }
        }
    }

    @Test
    void scopeIdSurvivesTheRoundTrip() throws Exception {
        String lo = interfaceName(1);
        SockaddrIn6 sa = assertInstanceOf(SockaddrIn6.class, Netdb.getaddrinfo("fe80::1%1", "80",
                AddrInfo.Hints.numeric(AF_INET6, SOCK_STREAM)).get(0).address());
        assertEquals(1, sa.sin6_scope_id());
        assertEquals(1, sa.address().getScopeId());
        NameInfo ni = Netdb.getnameinfo(sa, NI_NUMERICHOST | NI_NUMERICSERV);
        assertEquals(new NameInfo("fe80::1%" + lo, "80"), ni, "glibc names the scope by its interface");
        SockaddrIn6 again = (SockaddrIn6) Netdb.getaddrinfo(ni.host(), ni.service(),
                AddrInfo.Hints.numeric(AF_INET6, SOCK_STREAM)).get(0).address();
        assertEquals(sa, again);
        // A scope that is no interface stays a number.
        assertEquals("fe80::1%987654", Netdb.getnameinfo(SockaddrIn6.of("fe80::1", 80, 987654), NI_NUMERICHOST).host());
    }

    @Test
    void flowinfoAndScopeSurviveCopiesAndDecoding() throws Exception {
        SockaddrIn6 sa = SockaddrIn6.of("fe80::2", 443, 1).sin6_flowinfo(htonl(0x000ABCDE));
        SockaddrIn6 decoded = assertInstanceOf(SockaddrIn6.class, SockAddr.decode(sa.segment(), sa.length()));
        assertEquals(htonl(0x000ABCDE), decoded.sin6_flowinfo());
        assertEquals(1, decoded.sin6_scope_id());
        assertEquals(sa, decoded);
        SockaddrStorage storage = SockaddrStorage.allocate();
        java.lang.foreign.MemorySegment.copy(sa.segment(), 0, storage.segment(), 0, sa.length());
        SockaddrIn6 viaStorage = (SockaddrIn6) storage.length(sa.length()).decode();
        assertEquals(htonl(0x000ABCDE), viaStorage.sin6_flowinfo());
        // getnameinfo reads the address and scope; flow info does not change the text.
        assertEquals(new NameInfo("fe80::2%" + interfaceName(1), "443"),
                Netdb.getnameinfo(decoded, NI_NUMERICHOST | NI_NUMERICSERV));
    }

    @Test
    void reverseOfLoopbackComesFromEtcHosts() throws Exception {
        String name = LocalNames.assumeLocalhostFromEtcHosts();
        LocalNames.assumeServices("http 80/tcp");
        assertEquals(new NameInfo(name, "http"), Netdb.getnameinfo(SockaddrIn.of("127.0.0.1", 80), 0));
        assertEquals(name, Netdb.getnameinfo(SockaddrIn.of("127.0.0.1", 80), NI_NAMEREQD | NI_NOFQDN).host());
    }

    @Test
    void datagramServiceNamesDifferFromStreamOnes() throws Exception {
        // Port 514 is "shell" over TCP and "syslog" over UDP: NI_DGRAM picks the table.
        LocalNames.assumeServices("shell 514/tcp", "syslog 514/udp");
        SockaddrIn sa = SockaddrIn.of("127.0.0.1", 514);
        assertEquals("shell", Netdb.getnameinfo(sa, NI_NUMERICHOST).service());
        assertEquals("syslog", Netdb.getnameinfo(sa, NI_NUMERICHOST | NI_DGRAM).service());
        assertEquals("514", Netdb.getnameinfo(sa, NI_NUMERICHOST | NI_NUMERICSERV | NI_DGRAM).service());
    }

    // ---- gai_strerror

    @Test
    void gaiStrerrorGivesTheLibrarysText() {
        String noname = Netdb.gai_strerror(EAI_NONAME);
        assertFalse(noname.isBlank());
        assertNotEquals(noname, Netdb.gai_strerror(SocketConstants.EAI_AGAIN));
        assertEquals(Netdb.gai_strerror(-12345), Netdb.gai_strerror(-54321), "unknown codes share one text");
    }

    private static String interfaceName(int index) throws Exception {
        NetworkInterface nif = NetworkInterface.getByIndex(index);
        return nif == null ? Integer.toString(index) : nif.getName();
    }
}
