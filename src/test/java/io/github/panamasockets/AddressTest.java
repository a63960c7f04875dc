package io.github.panamasockets;

import static io.github.panamasockets.ArpaInet.htonl;
import static io.github.panamasockets.ArpaInet.htons;
import static io.github.panamasockets.ArpaInet.inet_ntop;
import static io.github.panamasockets.ArpaInet.inet_pton;
import static io.github.panamasockets.ArpaInet.ntohl;
import static io.github.panamasockets.ArpaInet.ntohs;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_PACKET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.INADDR_LOOPBACK;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The address types and {@code <arpa/inet.h>} functions: byte order that never turns a port negative, numeric
 * text parsed and printed by the C library with bad text refused by name, ports and Unix paths checked
 * before any struct is written (path lengths counted in UTF-8 bytes), the C field accessors agreeing with
 * {@link ArpaInet}, IPv4-mapped addresses staying IPv6, scope id and flow info surviving a copy, and the
 * kernel agreeing with the lengths: addresses bound for real come back equal from {@code getsockname}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AddressTest {
    /** {@code offsetof(struct sockaddr_un, sun_path)} on Linux. */
    private static final int SUN_PATH_OFFSET = 2;

    // ---------------------------------------------------------------------------------------------------------
    // Byte order

    @Test
    void htonsSwapsTheTwoLowBytes() {
        assertEquals(0x4C04, htons(1100));
        assertEquals(0x0080, htons(0x8000));
        assertEquals(0x8000, htons(0x0080));
        assertEquals(65535, htons(65535));
        assertEquals(0x409C, htons(40000));
        assertEquals(htons(0x2345), htons(0x12345), "bits above 16 are ignored, as C's uint16_t conversion does");
    }

    @Test
    void htonsAndNtohsRoundTripEveryPortAndNeverGoNegative() {
        for (int p = 0; p <= 65535; p++) {
            int net = htons(p);
            assertTrue(net >= 0 && net <= 65535, "htons(" + p + ") = " + net);
            assertEquals(p, ntohs(net), "ntohs(htons(" + p + "))");
        }
    }

    @Test
    void htonlAndNtohlRoundTrip() {
        assertEquals(0x0100007F, htonl(0x7F000001));
        assertEquals(0x7F000001, ntohl(0x0100007F));
        for (int v : new int[] {0, 1, -1, 0x7F000001, 0x80000000, 0xC0A80101, Integer.MAX_VALUE, 0x12345678}) {
            assertEquals(v, ntohl(htonl(v)));
            assertEquals(Integer.reverseBytes(v), htonl(v), "x86_64 is little-endian");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // inet_pton / inet_ntop

    @Test
    void inetPtonAndNtopForIpv4() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(4);
            assertEquals(1, inet_pton(AF_INET, "127.0.0.1", dst));
            assertArrayEquals(new byte[] {127, 0, 0, 1}, dst.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(htonl(INADDR_LOOPBACK), dst.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
            assertEquals("127.0.0.1", inet_ntop(AF_INET, dst));
            inet_pton(AF_INET, "255.255.255.255", dst);
            assertEquals("255.255.255.255", inet_ntop(AF_INET, dst));
        }
    }

    @Test
    void inetPtonAndNtopForIpv6IncludingMappedIpv4() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(16);
            inet_pton(AF_INET6, "::1", dst);
            byte[] loopback = new byte[16];
            loopback[15] = 1;
            assertArrayEquals(loopback, dst.toArray(ValueLayout.JAVA_BYTE));
            assertEquals("::1", inet_ntop(AF_INET6, dst));

            inet_pton(AF_INET6, "::ffff:1.2.3.4", dst);
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            mapped[12] = 1;
            mapped[13] = 2;
            mapped[14] = 3;
            mapped[15] = 4;
            assertArrayEquals(mapped, dst.toArray(ValueLayout.JAVA_BYTE));
            assertEquals("::ffff:1.2.3.4", inet_ntop(AF_INET6, dst));

            inet_pton(AF_INET6, "2001:DB8:0:0:0:0:0:1", dst);
            assertEquals("2001:db8::1", inet_ntop(AF_INET6, dst), "the C library's canonical form");
        }
    }

    @Test
    void inetPtonRefusesBadTextNamingItself() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(16);
            for (String bad : new String[] {"256.1.1.1", "1.2.3", "", "abc", "127.0.0.1\0x", "1.2.3.4.5", "::1"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> inet_pton(AF_INET, bad, dst), () -> "AF_INET " + ArpaInet.quote(bad));
                assertTrue(e.getMessage().startsWith("inet_pton: "), e.getMessage());
            }
            for (String bad : new String[] {"1::2::3", ":::", "", "12345::1", "127.0.0.1", "::1\0"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> inet_pton(AF_INET6, bad, dst), () -> "AF_INET6 " + ArpaInet.quote(bad));
                assertTrue(e.getMessage().startsWith("inet_pton: "), e.getMessage());
            }
        }
    }

    @Test
    void inetPtonShowsANulCharacterEscaped() {
        try (Arena arena = Arena.ofConfined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> inet_pton(AF_INET, "127.0.0.1\0x", arena.allocate(4)));
            assertTrue(e.getMessage().contains("\\x00"), e.getMessage());
        }
    }

    @Test
    void inetPtonRefusesTooSmallOrReadOnlyDestinations() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> inet_pton(AF_INET, "1.2.3.4", arena.allocate(3)));
            assertThrows(IllegalArgumentException.class, () -> inet_pton(AF_INET6, "::1", arena.allocate(15)));
            assertThrows(IllegalArgumentException.class,
                    () -> inet_pton(AF_INET, "1.2.3.4", arena.allocate(4).asReadOnly()));
            assertThrows(IllegalArgumentException.class, () -> inet_ntop(AF_INET6, arena.allocate(4)));
        }
    }

    @Test
    void inetPtonOfAnUnsupportedFamilyIsEafnosupport() {
        try (Arena arena = Arena.ofConfined()) {
            IOException e = assertThrows(IOException.class, () -> inet_pton(AF_UNIX, "1.2.3.4", arena.allocate(16)));
            PosixError p = assertInstanceOf(PosixError.class, e);
            assertEquals(Errno.EAFNOSUPPORT, p.errno());
            assertEquals("inet_pton", p.call());
        }
    }

    @Test
    void factoriesRefuseBadTextAsInetPtonDoes() {
        IllegalArgumentException v4 = assertThrows(IllegalArgumentException.class, () -> SockaddrIn.of("256.1.1.1", 80));
        assertTrue(v4.getMessage().contains("inet_pton"), v4.getMessage());
        IllegalArgumentException v6 = assertThrows(IllegalArgumentException.class, () -> SockaddrIn6.of("127.0.0.1", 80));
        assertTrue(v6.getMessage().contains("inet_pton"), v6.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SockaddrIn.of("localhost", 80), "names are never resolved");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Ports

    @Test
    void portsOutsideTheRangeAreRefused() throws Exception {
        Inet4Address v4 = (Inet4Address) InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        Inet6Address v6 = Inet6Address.getByAddress(null, new byte[16], -1);
        for (int port : new int[] {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> SockaddrIn.of("127.0.0.1", port));
            assertThrows(IllegalArgumentException.class, () -> SockaddrIn.of(v4, port));
            assertThrows(IllegalArgumentException.class, () -> SockaddrIn.loopback(port));
            assertThrows(IllegalArgumentException.class, () -> SockaddrIn.any(port));
            assertThrows(IllegalArgumentException.class, () -> SockaddrIn6.of("::1", port));
            assertThrows(IllegalArgumentException.class, () -> SockaddrIn6.of(v6, port));
        }
        assertEquals(0, SockaddrIn.of("127.0.0.1", 0).port());
        assertEquals(65535, SockaddrIn.of("127.0.0.1", 65535).port());
        assertEquals(65535, SockaddrIn6.of("::1", 65535).port());
    }

    // ---------------------------------------------------------------------------------------------------------
    // sockaddr_in

    @Test
    void sockaddrInFieldsAreTheCFieldsInNetworkOrder() throws IOException {
        SockaddrIn sa = SockaddrIn.of("127.0.0.1", 40000);
        assertEquals(AF_INET, sa.sin_family());
        assertEquals(AF_INET, sa.family());
        assertEquals(htons(40000), sa.sin_port());
        assertEquals(40000, sa.port());
        assertEquals(htonl(INADDR_LOOPBACK), sa.s_addr());
        assertArrayEquals(new byte[] {127, 0, 0, 1}, sa.sin_addr().toArray(ValueLayout.JAVA_BYTE));
        assertEquals(16, sa.length());
        // Bytes in memory: family (host order), port (network order), address (network order), zero padding.
        byte[] raw = sa.segment().toArray(ValueLayout.JAVA_BYTE);
        assertArrayEquals(new byte[] {2, 0, (byte) 0x9C, 0x40, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, raw);

        try (Arena arena = Arena.ofConfined()) {
            SockaddrIn byHand = SockaddrIn.allocate(arena);
            byHand.sin_family(AF_INET);
            byHand.sin_port(htons(40000));
            inet_pton(AF_INET, "127.0.0.1", byHand.sin_addr());
            assertEquals(sa, byHand);
            assertEquals(sa.hashCode(), byHand.hashCode());
            byHand.s_addr(htonl(INADDR_LOOPBACK));
            assertEquals(sa, byHand);
            byHand.sin_port(htons(40001));
            assertNotEquals(sa, byHand);
        }
        assertEquals(sa, SockaddrIn.loopback(40000));
    }

    @Test
    void sockaddrInToStringAndJdkForm() throws Exception {
        assertEquals("127.0.0.1:80", SockaddrIn.of("127.0.0.1", 80).toString());
        assertEquals("0.0.0.0:65535", SockaddrIn.any(65535).toString());
        InetSocketAddress jdk = SockaddrIn.of("10.1.2.3", 443).toSocketAddress();
        assertEquals(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}), jdk.getAddress());
        assertEquals(443, jdk.getPort());
        assertEquals(SockaddrIn.of("10.1.2.3", 443), SockAddr.of(jdk));
        assertEquals(SockaddrIn.of("10.1.2.3", 443), SockaddrIn.of(jdk));
    }

    // ---------------------------------------------------------------------------------------------------------
    // sockaddr_in6

    @Test
    void sockaddrIn6FieldsAndText() throws IOException {
        SockaddrIn6 sa = SockaddrIn6.of("2001:db8::1", 8080);
        assertEquals(AF_INET6, sa.sin6_family());
        assertEquals(htons(8080), sa.sin6_port());
        assertEquals(8080, sa.port());
        assertEquals(0, sa.sin6_flowinfo());
        assertEquals(0, sa.sin6_scope_id());
        assertEquals(28, sa.length());
        assertEquals("2001:db8::1", inet_ntop(AF_INET6, sa.sin6_addr()));
        assertEquals("[2001:db8::1]:8080", sa.toString());
        assertEquals("[::1]:443", SockaddrIn6.of("::1", 443).toString());
        assertFalse(sa.isV4Mapped());
    }

    @Test
    void ipv4MappedAddressesStayIpv6() throws Exception {
        SockaddrIn6 sa = SockaddrIn6.of("::ffff:127.0.0.1", 80);
        assertTrue(sa.isV4Mapped());
        assertInstanceOf(Inet6Address.class, sa.address());
        InetSocketAddress jdk = sa.toSocketAddress();
        assertInstanceOf(Inet6Address.class, jdk.getAddress());
        assertArrayEquals(sa.sin6_addr().toArray(ValueLayout.JAVA_BYTE), jdk.getAddress().getAddress());
        assertEquals("[::ffff:127.0.0.1]:80", sa.toString());
        assertEquals(sa, SockaddrIn6.mapped(SockaddrIn.of("127.0.0.1", 80)));
        assertEquals(sa, SockAddr.of(jdk), "the JDK form converts back to the same struct");
    }

    @Test
    void scopeIdAndFlowinfoSurviveACopy() throws Exception {
        SockaddrIn6 sa = SockaddrIn6.of("fe80::1", 5000, 7);
        sa.sin6_flowinfo(htonl(0x000ABCDE));
        SockAddr copy = SockAddr.decode(sa.segment(), sa.length());
        SockaddrIn6 c = assertInstanceOf(SockaddrIn6.class, copy);
        assertEquals(7, c.sin6_scope_id());
        assertEquals(htonl(0x000ABCDE), c.sin6_flowinfo());
        assertEquals(sa, c);
        assertEquals(sa.hashCode(), c.hashCode());
        assertEquals(7, c.address().getScopeId());
        assertEquals("[fe80::1%7]:5000", c.toString());

        Inet6Address scoped = Inet6Address.getByAddress(null, c.address().getAddress(), 3);
        SockaddrIn6 fromJdk = SockaddrIn6.of(scoped, 5000);
        assertEquals(3, fromJdk.sin6_scope_id());
        assertEquals(3, ((Inet6Address) fromJdk.toSocketAddress().getAddress()).getScopeId());

        sa.sin6_scope_id(8);
        assertEquals(7, c.sin6_scope_id(), "the copy has memory of its own");
    }

    @Test
    void aScopeInTheTextIsAnInterfaceNameOrIndexAsGetaddrinfoReadsIt() throws Exception {
        int lo = java.net.NetworkInterface.getByName("lo").getIndex();
        SockaddrIn6 byName = SockaddrIn6.of("fe80::1%lo", 80);
        assertEquals(lo, byName.sin6_scope_id());
        // getaddrinfo, with AI_NUMERICHOST, is the C library's own reader of the same text.
        AddrInfo ai = Netdb.getaddrinfo("fe80::1%lo", "80", AddrInfo.Hints.of(SocketConstants.AF_INET6,
                SocketConstants.SOCK_STREAM).withFlags(SocketConstants.AI_NUMERICHOST)).get(0);
        assertEquals(ai.address(), byName);
        assertEquals(7, SockaddrIn6.of("fe80::1%7", 80).sin6_scope_id());
        assertEquals(lo, SockaddrIn6.of("fe80::1%lo", 80, lo).sin6_scope_id(), "the same scope twice is fine");
        assertEquals("SockaddrIn6: the scope of \"fe80::1%lo\" is interface " + lo + ", not the " + (lo + 1) + " given",
                assertThrows(IllegalArgumentException.class, () -> SockaddrIn6.of("fe80::1%lo", 80, lo + 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SockaddrIn6.of("fe80::1%nosuch0", 80)).getMessage()
                .startsWith("SockaddrIn6: the scope of \"fe80::1%nosuch0\" names no interface (if_nametoindex: ENODEV"));
        assertThrows(IllegalArgumentException.class, () -> SockaddrIn6.of("fe80::1%", 80));
        assertThrows(IllegalArgumentException.class, () -> SockaddrIn6.of("fe80::1%99999999999", 80));
    }

    // ---------------------------------------------------------------------------------------------------------
    // sockaddr_un

    @Test
    void unixPathOf107BytesFitsAnd108DoesNot() {
        SockaddrUn ok = SockaddrUn.of("/" + "a".repeat(106));
        assertEquals(SUN_PATH_OFFSET + 107 + 1, ok.length());
        assertEquals("/" + "a".repeat(106), ok.path());
        assertEquals(0, ok.sun_path().get(ValueLayout.JAVA_BYTE, 107), "NUL-terminated");
        assertEquals(107, SockaddrUn.MAX_PATH_BYTES);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of("/" + "a".repeat(107)));
        assertTrue(e.getMessage().contains("108"), e.getMessage());
    }

    @Test
    void unixPathLengthIsCountedInUtf8Bytes() {
        String e53 = "é".repeat(53); // 106 bytes
        SockaddrUn ok = SockaddrUn.of(e53);
        assertEquals(SUN_PATH_OFFSET + 106 + 1, ok.length());
        assertEquals(e53, ok.path());
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of("é".repeat(54)), "108 bytes in 54 characters");
        assertEquals(SUN_PATH_OFFSET + 107 + 1, SockaddrUn.of("a" + "é".repeat(53)).length(), "107 bytes fit");
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of("ab" + "é".repeat(53)), "108 bytes do not");
    }

    @Test
    void unixPathWithNulOrEmptyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of("/tmp/a\0b"));
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of(""));
    }

    @Test
    void abstractNameLengthIsOffsetPlusOnePlusTheName() {
        SockaddrUn sa = SockaddrUn.abstractName("panama");
        assertEquals(SUN_PATH_OFFSET + 1 + 6, sa.length());
        assertTrue(sa.isAbstract());
        assertFalse(sa.isUnnamed());
        assertEquals(0, sa.sun_path().get(ValueLayout.JAVA_BYTE, 0));
        assertArrayEquals("panama".getBytes(StandardCharsets.US_ASCII), sa.abstractNameBytes());
        assertEquals("", sa.path());
        assertEquals("@panama", sa.toString());
        assertThrows(UnsupportedOperationException.class, sa::toSocketAddress);

        byte[] withNul = {'a', 0, 'b'};
        assertEquals(SUN_PATH_OFFSET + 1 + 3, SockaddrUn.abstractName(withNul).length());
        assertArrayEquals(withNul, SockaddrUn.abstractName(withNul).abstractNameBytes());
        assertEquals(SUN_PATH_OFFSET + 1 + 107, SockaddrUn.abstractName(new byte[107]).length());
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.abstractName(new byte[108]));
        assertThrows(IllegalArgumentException.class, () -> SockaddrUn.abstractName("é".repeat(54)));
    }

    @Test
    void unnamedIsTheFamilyAlone() {
        SockaddrUn sa = SockaddrUn.unnamed();
        assertEquals(SUN_PATH_OFFSET, sa.length());
        assertTrue(sa.isUnnamed());
        assertFalse(sa.isAbstract());
        assertEquals("(unnamed)", sa.toString());
    }

    @Test
    void unixAddressesBoundForRealComeBackEqual(@TempDir Path dir) throws IOException {
        String path = dir.resolve("s").toString();
        path = path + "x".repeat(SockaddrUn.MAX_PATH_BYTES - path.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(107, path.getBytes(StandardCharsets.UTF_8).length);
        SockaddrUn longest = SockaddrUn.of(path);
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            s.bind(longest);
            assertTrue(Files.exists(Path.of(path)));
            SockaddrUn back = assertInstanceOf(SockaddrUn.class, s.getsockname());
            assertEquals(path, back.path());
            assertEquals(UnixDomainSocketAddress.of(path), back.toSocketAddress());
        }

        String name = "panama-address-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        SockaddrUn abstractName = SockaddrUn.abstractName(name);
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0)) {
            s.bind(abstractName);
            SockaddrUn back = assertInstanceOf(SockaddrUn.class, s.getsockname());
            assertEquals(abstractName, back);
            assertEquals(abstractName.length(), back.length(), "no trailing zeros became part of the name");
            assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), back.abstractNameBytes());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // JDK addresses, storage and decode

    @Test
    void unresolvedJdkAddressesAreRefused() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.invalid", 80);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SockAddr.of(unresolved));
        assertTrue(e.getMessage().contains("unresolved"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SockaddrIn.of(unresolved));
        assertThrows(IllegalArgumentException.class, () -> SockAddr.of(null));
    }

    @Test
    void jdkAddressesMapToTheirFamilies() throws Exception {
        SockAddr v4 = SockAddr.of(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 80));
        assertEquals(SockaddrIn.of("127.0.0.1", 80), v4);
        byte[] one = new byte[16];
        one[15] = 1;
        SockAddr v6 = SockAddr.of(new InetSocketAddress(Inet6Address.getByAddress(null, one, -1), 80));
        assertEquals(SockaddrIn6.of("::1", 80), v6);
        SockAddr unix = SockAddr.of(UnixDomainSocketAddress.of("/tmp/panama.sock"));
        assertEquals(SockaddrUn.of("/tmp/panama.sock"), unix);
    }

    @Test
    void storageDecodesToTheTypeOfItsFamily() {
        SockaddrIn v4 = SockaddrIn.of("127.0.0.1", 80);
        SockaddrStorage ss = SockaddrStorage.allocate();
        assertEquals(128, ss.length());
        MemorySegment.copy(v4.segment(), 0, ss.segment(), 0, v4.length());
        ss.length(v4.length());
        assertEquals(AF_INET, ss.ss_family());
        assertEquals(v4, assertInstanceOf(SockaddrIn.class, ss.decode()));
        assertEquals(v4.toSocketAddress(), ss.toSocketAddress());
        assertEquals("127.0.0.1:80", ss.toString());

        ss.length(8);
        assertInstanceOf(SockaddrStorage.class, ss.decode(), "too short for a sockaddr_in");

        SockaddrIn6 v6 = SockaddrIn6.of("::1", 80);
        MemorySegment.copy(v6.segment(), 0, ss.segment(), 0, v6.length());
        ss.length(v6.length());
        assertEquals(v6, assertInstanceOf(SockaddrIn6.class, ss.decode()));

        ss.ss_family(AF_PACKET);
        assertInstanceOf(SockaddrStorage.class, ss.decode());
        assertThrows(UnsupportedOperationException.class, ss::toSocketAddress);
        assertThrows(IllegalArgumentException.class, () -> ss.length(129));
        assertThrows(IllegalArgumentException.class, () -> ss.length(-1));
    }

    @Test
    void acceptFillsAStorageThatDecodesToTheClientsAddress() throws IOException {
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
             PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            listener.bind(SockaddrIn.of("127.0.0.1", 0));
            listener.listen(1);
            SockaddrIn bound = assertInstanceOf(SockaddrIn.class, listener.getsockname());
            assertNotEquals(0, bound.port(), "the kernel chose a port");
            client.connect(bound);
            SockaddrStorage peer = SockaddrStorage.allocate();
            try (PosixSocket accepted = listener.accept(peer)) {
                assertEquals(16, peer.length());
                SockaddrIn decoded = assertInstanceOf(SockaddrIn.class, peer.decode());
                assertEquals(client.getsockname(), decoded);
                assertEquals(bound, accepted.getsockname());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The kernel checks the family

    @Test
    void bindingAnIpv6AddressOnAnIpv4SocketFailsInTheKernel() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            IOException e = assertThrows(IOException.class, () -> s.bind(SockaddrIn6.of("::1", 0)));
            PosixError p = assertInstanceOf(PosixError.class, e);
            assertEquals("bind", p.call());
            assertEquals(Errno.EAFNOSUPPORT, p.errno(), "Linux checks sin_family once the length is long enough");
        }
    }

    @Test
    void bindingAnIpv4AddressOnAnIpv6SocketIsInvalid() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)) {
            IOException e = assertThrows(IOException.class, () -> s.bind(SockaddrIn.of("127.0.0.1", 0)));
            PosixError p = assertInstanceOf(PosixError.class, e);
            assertEquals("bind", p.call());
            assertEquals(Errno.EINVAL, p.errno(), "a sockaddr_in is too short for an AF_INET6 socket");
        }
    }

    @Test
    void aJdkIpv4AddressIsBoundMappedOnAnIpv6Socket() throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)) {
            s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            SockaddrIn6 bound = assertInstanceOf(SockaddrIn6.class, s.getsockname());
            assertTrue(bound.isV4Mapped());
            assertEquals("::ffff:127.0.0.1", ArpaInet.inet_ntop(AF_INET6, bound.sin6_addr()));
        }
    }
}
