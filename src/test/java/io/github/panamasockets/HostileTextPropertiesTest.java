package io.github.panamasockets;

import static io.github.panamasockets.GeneratedCases.assertPosixError;
import static io.github.panamasockets.GeneratedCases.between;
import static io.github.panamasockets.GeneratedCases.bytes;
import static io.github.panamasockets.GeneratedCases.hostileInt;
import static io.github.panamasockets.GeneratedCases.oneIn;
import static io.github.panamasockets.GeneratedCases.pick;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Generated hostile text and names: address text for {@code inet_pton} and the typed address factories (valid
 * literals, mutated ones, random characters of any code point, NUL bytes, 20,000-character strings), Unix path
 * and abstract names of any length and content, and numeric-only name resolution ({@code getaddrinfo} with
 * {@code AI_NUMERICHOST | AI_NUMERICSERV}, {@code getnameinfo} with {@code NI_NUMERICHOST | NI_NUMERICSERV}, so
 * that nothing is ever looked up) with random hints and random addresses.
 *
 * <p>Expected: a result that agrees with an independent parser (the JDK's {@link InetAddress#ofLiteral}) and
 * survives a round trip, or {@link IllegalArgumentException} (NUL, a character UTF-8 cannot encode, not an
 * address, too long, too small a destination), or an exception implementing {@link PosixError} ({@code EAFNOSUPPORT} for another family, a
 * {@link ResolverException} with its {@code EAI_*} code).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileTextPropertiesTest {
    private static final GeneratedCases CASES = new GeneratedCases("text");
    private static final String ALPHABET = "0123456789abcdefABCDEF.:%[]x -+/\u0000\u00e9\u0660\uff10";

    @AfterAll
    static void report() {
        System.out.printf("hostile input: text ran %,d generated cases%n", CASES.count());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Text

    static String text(RandomnessSource rs) {
        return switch (between(rs, 0, 8)) {
            case 0 -> ipv4(rs);
            case 1 -> ipv6(rs);
            case 2, 3 -> mutate(rs, oneIn(rs, 2) ? ipv4(rs) : ipv6(rs));
            case 4 -> fromAlphabet(rs, between(rs, 0, 60));
            case 5 -> anyCodePoints(rs, between(rs, 0, 40));
            case 6 -> fromAlphabet(rs, between(rs, 1000, 20_000)).replace('\0', '1');
            case 7 -> (oneIn(rs, 2) ? ipv4(rs) : ipv6(rs)) + "\0" + fromAlphabet(rs, between(rs, 0, 8));
            default -> pick(rs, List.of("", "-1", "256", "65536", "0x7f000001", "4294967296", "1e3", "::", ":::", "1.2.3",
                    "1.2.3.4.5", "01.2.3.4", "::ffff:1.2.3.4", "::1.2.3.4", "fe80::1%lo", "[::1]", " 1.2.3.4", "1.2.3.4 ",
                    Integer.toString(between(rs, Integer.MIN_VALUE, Integer.MAX_VALUE))));
        };
    }

    static String ipv4(RandomnessSource rs) {
        return between(rs, 0, 255) + "." + between(rs, 0, 255) + "." + between(rs, 0, 255) + "." + between(rs, 0, 255);
    }

    static String ipv6(RandomnessSource rs) {
        byte[] b = bytes(rs, 16, 16);
        try {
            String full = InetAddress.getByAddress(b).getHostAddress(); // x:x:x:x:x:x:x:x, or a.b.c.d if mapped
            return oneIn(rs, 3) ? full.replaceFirst("(^|:)(0:)+", "::") : full;
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static String mutate(RandomnessSource rs, String s) {
        StringBuilder b = new StringBuilder(s);
        for (int edits = between(rs, 1, 3); edits > 0; edits--) {
            int at = between(rs, 0, b.length());
            char c = ALPHABET.charAt(between(rs, 0, ALPHABET.length() - 1));
            switch (between(rs, 0, 2)) {
                case 0 -> b.insert(at, c);
                case 1 -> { if (at < b.length()) b.deleteCharAt(at); }
                default -> { if (at < b.length()) b.setCharAt(at, c); }
            }
        }
        return b.toString();
    }

    static String fromAlphabet(RandomnessSource rs, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(between(rs, 0, ALPHABET.length() - 1)));
        }
        return b.toString();
    }

    /** Any UTF-16 units at all, unpaired surrogates included. */
    static String anyCodePoints(RandomnessSource rs, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) between(rs, 0, 0xFFFF));
        }
        return b.toString();
    }

    /**
     * Whether UTF-8 encodes the text exactly, judged by the JDK's encoder with errors reported: an unpaired
     * surrogate is not encoded (the plain {@code getBytes} would put {@code '?'} in its place).
     */
    static boolean encodable(String text) {
        return text == null || StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }

    static int family(RandomnessSource rs) {
        return pick(rs, AF_INET, AF_INET, AF_INET6, AF_INET6, AF_UNIX, AF_UNSPEC, between(rs, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    // ---------------------------------------------------------------------------------------------------------

    record PtonCase(int af, String text, int dstSize, boolean readOnly, boolean heap) {}

    @Test
    void inetPtonAndNtopOnAnyText() throws Exception {
        Gen<PtonCase> gen = rs -> new PtonCase(family(rs), text(rs), pick(rs, 0, 3, 4, 15, 16, 32), oneIn(rs, 10), oneIn(rs, 5));
        try (Arena arena = Arena.ofConfined()) {
            CASES.forAll("inetPtonAndNtopOnAnyText", 4_000, gen, c -> pton(arena, c));
        }
    }

    private static void pton(Arena arena, PtonCase c) throws IOException {
        MemorySegment dst = c.heap ? MemorySegment.ofArray(new byte[c.dstSize]) : arena.allocate(Math.max(1, c.dstSize)).asSlice(0, c.dstSize);
        if (c.readOnly) {
            dst = dst.asReadOnly();
        }
        int need = c.af == AF_INET6 ? 16 : 4;
        boolean supported = c.af == AF_INET || c.af == AF_INET6;
        try {
            assertEquals(1, ArpaInet.inet_pton(c.af, c.text, dst));
        } catch (IllegalArgumentException e) {
            boolean argumentsBad = c.text.indexOf('\0') >= 0 || !encodable(c.text) || c.dstSize < need || c.readOnly;
            assertTrue(argumentsBad || supported, () -> "refused with " + e + ": " + c);
            return;
        } catch (IOException e) {
            assertPosixError(e, "inet_pton");
            assertEquals(Errno.EAFNOSUPPORT, ((PosixError) e).errno(), c::toString);
            assertFalse(supported, c::toString);
            return;
        }
        assertTrue(supported && c.text.indexOf('\0') < 0 && encodable(c.text) && c.dstSize >= need && !c.readOnly, c::toString);
        byte[] parsed = dst.asSlice(0, need).toArray(ValueLayout.JAVA_BYTE);
        byte[] jdk = jdkParse(c.text, need);
        if (jdk != null) {
            assertArrayEquals(jdk, parsed, () -> "the C library and the JDK read " + c.text + " differently");
        }
        // The round trip: inet_ntop's text parses back to the same bytes.
        String back = ArpaInet.inet_ntop(c.af, dst);
        MemorySegment again = arena.allocate(16);
        ArpaInet.inet_pton(c.af, back, again);
        assertArrayEquals(parsed, again.asSlice(0, need).toArray(ValueLayout.JAVA_BYTE), back);
    }

    /** The JDK's reading of a literal as {@code need} bytes, or {@code null} when it does not read it. */
    private static byte[] jdkParse(String text, int need) {
        try {
            InetAddress a = InetAddress.ofLiteral(text);
            byte[] b = a.getAddress();
            if (need == 16 && a instanceof Inet4Address) { // the JDK turns ::ffff:a.b.c.d into IPv4
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return text.contains(":") ? mapped : null;
            }
            return b.length == need ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    record NtopCase(int af, byte[] src) {}

    @Test
    void inetNtopOnAnyBytes() throws Exception {
        Gen<NtopCase> gen = rs -> new NtopCase(family(rs), bytes(rs, 0, 20));
        CASES.forAll("inetNtopOnAnyBytes", 2_000, gen, c -> {
            int need = c.af == AF_INET6 ? 16 : 4;
            try {
                String t = ArpaInet.inet_ntop(c.af, MemorySegment.ofArray(c.src));
                assertTrue(c.src.length >= need && (c.af == AF_INET || c.af == AF_INET6), c::toString);
                assertArrayEquals(java.util.Arrays.copyOf(c.src, need), InetAddress.ofLiteral(t).getAddress().length == need
                        ? InetAddress.ofLiteral(t).getAddress() : mappedBytes(t), t);
            } catch (IllegalArgumentException e) {
                assertTrue(c.src.length < need, c::toString);
            } catch (IOException e) {
                assertPosixError(e, "inet_ntop");
                assertEquals(Errno.EAFNOSUPPORT, ((PosixError) e).errno());
            }
        });
    }

    private static byte[] mappedBytes(String text) throws IOException {
        MemorySegment m = MemorySegment.ofArray(new byte[16]);
        ArpaInet.inet_pton(AF_INET6, text, m);
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    // ---------------------------------------------------------------------------------------------------------

    record TypedCase(boolean v6, String text, int port, int scope) {}

    @Test
    void typedAddressesFromAnyTextAndPort() throws Exception {
        Gen<TypedCase> gen = rs -> new TypedCase(oneIn(rs, 2), text(rs), hostileInt(rs, 65535), oneIn(rs, 3) ? hostileInt(rs, 10) : 0);
        CASES.forAll("typedAddressesFromAnyTextAndPort", 3_000, gen, c -> {
            SockAddr sa;
            try {
                sa = c.v6 ? SockaddrIn6.of(c.text, c.port, c.scope) : SockaddrIn.of(c.text, c.port);
            } catch (IllegalArgumentException e) {
                // The C library is the stricter reader (no "256" for 0.0.1.0, as the JDK's inet_aton-style
                // parser has), so a refusal is checked for being clear, not against the JDK.
                assertTrue(e.getMessage().startsWith("port out of range") || e.getMessage().startsWith("inet_pton: ")
                        || c.v6 && e.getMessage().startsWith("SockaddrIn6: the scope of "), e::getMessage);
                return;
            }
            assertTrue(c.port >= 0 && c.port <= 65535, c::toString);
            assertEquals(c.v6 ? AF_INET6 : AF_INET, sa.family());
            byte[] jdkBytes = jdkParse(c.text, c.v6 ? 16 : 4);
            byte[] ours = c.v6 ? ((SockaddrIn6) sa).sin6_addr().toArray(ValueLayout.JAVA_BYTE)
                    : ((SockaddrIn) sa).sin_addr().toArray(ValueLayout.JAVA_BYTE);
            if (jdkBytes != null) {
                assertArrayEquals(jdkBytes, ours, () -> "the C library and the JDK read " + c.text + " differently");
            }
            InetSocketAddress jdk = (InetSocketAddress) sa.toSocketAddress();
            assertEquals(c.port, jdk.getPort());
            // Back through the JDK's form: the same native bytes.
            SockAddr again = SockAddr.of(jdk);
            if (c.v6) {
                assertArrayEquals(((SockaddrIn6) sa).sin6_addr().toArray(ValueLayout.JAVA_BYTE),
                        again instanceof SockaddrIn6 s6 ? s6.sin6_addr().toArray(ValueLayout.JAVA_BYTE)
                                : SockaddrIn6.mapped((SockaddrIn) again).sin6_addr().toArray(ValueLayout.JAVA_BYTE));
            } else {
                assertEquals(sa, again);
            }
            assertThrows(IllegalArgumentException.class, () -> SockAddr.of(InetSocketAddress.createUnresolved(c.text.isEmpty() ? "x" : c.text.replace('\0', 'x'), c.port)));
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    record UnixCase(String path, byte[] abstractName, int length) {}

    @Test
    void unixNamesOfAnyLengthAndContent() throws Exception {
        Gen<UnixCase> gen = rs -> new UnixCase(oneIn(rs, 3) ? anyCodePoints(rs, between(rs, 0, 120)) : fromAlphabet(rs, between(rs, 0, 130)),
                bytes(rs, 0, pick(rs, 10, 107, 108, 200)), hostileInt(rs, 128));
        CASES.forAll("unixNamesOfAnyLengthAndContent", 3_000, gen, c -> {
            byte[] utf8 = c.path.getBytes(StandardCharsets.UTF_8);
            boolean encodable = encodable(c.path);
            try {
                SockaddrUn sa = SockaddrUn.of(c.path);
                assertFalse(c.path.isEmpty() || c.path.indexOf('\0') >= 0 || !encodable || utf8.length > SockaddrUn.MAX_PATH_BYTES, c::toString);
                assertEquals(2 + utf8.length + 1, sa.length());
                assertEquals(c.path, sa.path(), "the path reads back exactly");
                assertArrayEquals(utf8, sa.path().getBytes(StandardCharsets.UTF_8));
                assertFalse(sa.isAbstract() || sa.isUnnamed());
            } catch (IllegalArgumentException e) {
                assertTrue(c.path.isEmpty() || c.path.indexOf('\0') >= 0 || !encodable || utf8.length > SockaddrUn.MAX_PATH_BYTES, c::toString);
            }
            try {
                SockaddrUn sa = SockaddrUn.abstractName(c.path);
                assertTrue(encodable && utf8.length <= SockaddrUn.MAX_PATH_BYTES, c::toString);
                assertArrayEquals(utf8, sa.abstractNameBytes());
                sa.toString(); // any bytes, NULs included, can be shown
            } catch (IllegalArgumentException e) {
                assertTrue(!encodable || utf8.length > SockaddrUn.MAX_PATH_BYTES, c::toString);
            }
            try {
                SockaddrUn sa = SockaddrUn.abstractName(c.abstractName);
                assertTrue(c.abstractName.length <= SockaddrUn.MAX_PATH_BYTES);
                assertTrue(sa.isAbstract() || c.abstractName.length == 0 && sa.length() == 3);
                assertArrayEquals(c.abstractName, sa.abstractNameBytes());
                assertEquals(3 + c.abstractName.length, sa.length());
                assertThrows(UnsupportedOperationException.class, sa::toSocketAddress);
                try {
                    sa.length(c.length);
                    assertTrue(c.length >= 2 && c.length <= 110, c::toString);
                    sa.toString(); // any length reads within the struct
                } catch (IllegalArgumentException e) {
                    assertTrue(c.length < 2 || c.length > 110, c::toString);
                }
            } catch (IllegalArgumentException e) {
                assertTrue(c.abstractName.length > SockaddrUn.MAX_PATH_BYTES, c::toString);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    record ResolveCase(String node, String service, int flags, int family, int socktype, int protocol) {}

    private static final int NUMERIC = SocketConstants.AI_NUMERICHOST | SocketConstants.AI_NUMERICSERV;

    @Test
    void numericGetaddrinfoOnAnyNodeAndService() throws Exception {
        Gen<ResolveCase> gen = rs -> {
            String node = switch (between(rs, 0, 4)) {
                case 0 -> null;
                case 1 -> ipv4(rs);
                case 2 -> ipv6(rs);
                default -> text(rs);
            };
            String service = switch (between(rs, 0, 4)) {
                case 0 -> null;
                case 1, 2 -> Integer.toString(hostileInt(rs, 65535));
                default -> text(rs);
            };
            int extra = 0;
            for (int f : new int[] {SocketConstants.AI_PASSIVE, SocketConstants.AI_V4MAPPED, SocketConstants.AI_ALL, SocketConstants.AI_ADDRCONFIG}) {
                extra |= oneIn(rs, 3) ? f : 0;
            }
            return new ResolveCase(node, service, NUMERIC | extra, family(rs),
                    pick(rs, 0, SocketConstants.SOCK_STREAM, SocketConstants.SOCK_DGRAM, SocketConstants.SOCK_SEQPACKET,
                            SocketConstants.SOCK_RAW, between(rs, -5, 100)),
                    pick(rs, 0, SocketConstants.IPPROTO_TCP, SocketConstants.IPPROTO_UDP, between(rs, -5, 300)));
        };
        CASES.forAll("numericGetaddrinfoOnAnyNodeAndService", 3_000, gen, c -> {
            boolean nul = c.node != null && c.node.indexOf('\0') >= 0 || c.service != null && c.service.indexOf('\0') >= 0
                    || !encodable(c.node) || !encodable(c.service); // text C would receive altered
            try {
                List<AddrInfo> list = Netdb.getaddrinfo(c.node, c.service, new AddrInfo.Hints(c.flags, c.family, c.socktype, c.protocol));
                assertFalse(nul, c::toString);
                assertFalse(list.isEmpty());
                for (AddrInfo ai : list) {
                    assertTrue(ai.family() == AF_INET || ai.family() == AF_INET6, ai::toString);
                    assertEquals(ai.family(), ai.address().family());
                }
            } catch (IllegalArgumentException e) {
                assertTrue(nul, () -> "refused: " + c + ": " + e);
            } catch (ResolverException e) {
                assertFalse(nul);
                assertPosixError(e, "getaddrinfo");
                assertTrue(e.eai() != 0);
            }
        });
    }

    record NameCase(int family, byte[] content, int length, int flags) {}

    @Test
    void numericGetnameinfoOnAnyAddress() throws Exception {
        Gen<NameCase> gen = rs -> {
            int extra = 0;
            for (int f : new int[] {SocketConstants.NI_DGRAM, SocketConstants.NI_NAMEREQD, SocketConstants.NI_NOFQDN}) {
                extra |= oneIn(rs, 3) ? f : 0;
            }
            return new NameCase(pick(rs, AF_INET, AF_INET6, AF_UNIX, AF_UNSPEC, between(rs, 0, 65535)), bytes(rs, 128, 128),
                    pick(rs, 16, 28, 110, between(rs, 0, 128)),
                    SocketConstants.NI_NUMERICHOST | SocketConstants.NI_NUMERICSERV | extra);
        };
        CASES.forAll("numericGetnameinfoOnAnyAddress", 2_000, gen, c -> {
            SockaddrStorage sa = SockaddrStorage.allocate();
            MemorySegment.copy(c.content, 0, sa.segment(), ValueLayout.JAVA_BYTE, 0, 128);
            sa.ss_family(c.family).length(c.length);
            try {
                NameInfo ni = Netdb.getnameinfo(sa, c.flags);
                assertTrue(ni.host() != null && ni.service() != null);
                if ((c.family == AF_INET || c.family == AF_INET6) && (c.flags & SocketConstants.NI_NAMEREQD) == 0
                        && c.length >= (c.family == AF_INET ? 16 : 28)) {
                    InetAddress.ofLiteral(ni.host().replaceFirst("%.*$", "")); // numeric, as asked
                }
            } catch (ResolverException e) {
                assertPosixError(e, "getnameinfo");
            }
        });
    }
}
