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
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Generated hostile socket addresses: a {@code struct sockaddr_storage} of any family (the three the library
 * supports, {@code AF_UNSPEC}, and others), any content and any length — odd, too short, longer than the
 * family's struct — given to {@code bind}, {@code connect}, {@code sendto} and {@code sendmsg} of fresh
 * sockets of every supported family and type, so that the wrong family for the socket is common. And address
 * buffers the caller allocates too small (a {@code SegmentAllocator} that hands out less than asked) for
 * {@code recvfrom} and {@code accept} to fill.
 *
 * <p>Expected: success or an exception implementing {@link PosixError} that names the call
 * ({@code EAFNOSUPPORT}, {@code EINVAL}, {@code ENOENT}, ...), or {@link IllegalArgumentException} for a length
 * the struct cannot hold; the kernel never writes past the caller's address buffer (guard bytes).
 *
 * <p>Nothing here may reach beyond this machine or outside the test's directory, whatever the family field
 * says: inet content always names a loopback address (also under {@code AF_UNSPEC}, which Linux's UDP takes
 * as IPv4), ports of {@code connect}/{@code sendto} are 1024 and up, and a Unix path is always the whole
 * path of a name inside the test's directory (no {@code /} in the name, and no length that would cut the path
 * short and name a file elsewhere). Afterwards no prefix of the directory's path may have appeared.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileAddressPropertiesTest {
    private static final GeneratedCases CASES = new GeneratedCases("addresses");
    private static final int STORAGE = 128;
    private static final int SUN_PATH = 2;
    private static final int SOCKADDR_UN = 110;
    /** How the address cases ended: "bind ok", "connect EAFNOSUPPORT", ... */
    private static final java.util.Map<String, Integer> OUTCOMES = new java.util.TreeMap<>();

    @AfterAll
    static void report() {
        System.out.printf("hostile input: addresses ran %,d generated cases%n", CASES.count());
    }

    enum Call { BIND, CONNECT, SENDTO, SENDMSG }

    /** A socket to make: the supported families and types (no packet or netlink sockets, which root could open). */
    record Kind(int family, int type) {}

    private static final List<Kind> KINDS = List.of(new Kind(AF_INET, SOCK_STREAM), new Kind(AF_INET, SOCK_DGRAM),
            new Kind(AF_INET6, SOCK_STREAM), new Kind(AF_INET6, SOCK_DGRAM), new Kind(AF_UNIX, SOCK_STREAM),
            new Kind(AF_UNIX, SOCK_DGRAM), new Kind(AF_UNIX, SOCK_SEQPACKET));

    /** The storage's bytes and the length to pass with them. */
    record AddressCase(Kind socket, Call call, int family, byte[] content, int length) {
        @Override
        public String toString() {
            return "AddressCase[" + socket + ", " + call + ", family " + family + ", length " + length + ", content "
                    + java.util.HexFormat.of().formatHex(content) + "]";
        }
    }

    @Test
    void anyFamilyAnyContentAnyLength(@TempDir Path dir) throws Exception {
        // A path cut short would name a prefix of the directory's path ("/t", "/tmp/ju", ...): none may appear.
        Set<Path> prefixes = prefixesThatDoNotExist(dir);
        Gen<AddressCase> gen = rs -> addressCase(rs, dir);
        try (Arena arena = Arena.ofConfined()) {
            Canary canary = new Canary(arena, STORAGE);
            CASES.forAll("anyFamilyAnyContentAnyLength", 8_000, gen, c -> address(canary, c));
        }
        System.out.println("hostile input: address outcomes " + OUTCOMES);
        List<Path> appeared = prefixes.stream().filter(p -> Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        assertTrue(appeared.isEmpty(), "files appeared outside the test's directory: " + appeared);
    }

    private static Set<Path> prefixesThatDoNotExist(Path dir) {
        Set<Path> prefixes = new java.util.HashSet<>();
        String s = dir.toString();
        for (int i = 2; i < s.length(); i++) {
            Path p = Path.of(s.substring(0, i));
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                prefixes.add(p);
            }
        }
        return prefixes;
    }

    private static AddressCase addressCase(RandomnessSource rs, Path dir) {
        int family = switch (between(rs, 0, 9)) {
            case 0, 1 -> AF_INET;
            case 2, 3 -> AF_INET6;
            case 4, 5, 6 -> AF_UNIX;
            case 7 -> AF_UNSPEC;
            default -> otherFamily(rs);
        };
        Call call = pick(rs, List.of(Call.values()));
        byte[] content = bytes(rs, STORAGE, STORAGE);
        int natural = fill(rs, family, content, dir, call != Call.BIND);
        int length;
        if (family == AF_UNIX && natural > SUN_PATH) {
            // The whole path, or more; or too long for sockaddr_un, or too short for a family: never a cut path.
            length = oneIn(rs, 4) ? pick(rs, 0, 1, between(rs, SOCKADDR_UN + 1, STORAGE), hostileInt(rs, STORAGE))
                    : between(rs, natural, SOCKADDR_UN);
            if (length > SUN_PATH && length < natural) {
                length = natural;
            }
        } else {
            length = switch (between(rs, 0, 4)) {
                case 0, 1 -> natural;
                case 2 -> between(rs, 0, STORAGE);
                case 3 -> pick(rs, 0, 1, 2, 3, natural - 1, natural + 1, 24, STORAGE);
                default -> hostileInt(rs, STORAGE);
            };
        }
        return new AddressCase(pick(rs, KINDS), call, family, content, length);
    }

    /** A family number with no content of its own here: never 0, 1, 2 or 10, whose content would be read. */
    private static int otherFamily(RandomnessSource rs) {
        int f = pick(rs, 16, 17, 3, 4, 5, 31, 38, 44, 45, 46, 255, 256, 65535, between(rs, 11, 65535));
        return f == AF_INET || f == AF_INET6 || f == AF_UNIX || f == AF_UNSPEC ? 17 : f;
    }

    /**
     * Writes the family and a family-shaped body into {@code content}, and returns the family's natural length.
     * Addresses are loopback whatever the family; ports for traffic are 1024 and up.
     */
    private static int fill(RandomnessSource rs, int family, byte[] c, Path dir, boolean sends) {
        MemorySegment m = MemorySegment.ofArray(c);
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) family);
        int port = sends ? between(rs, 1024, 65535) : between(rs, 0, 65535);
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2, (short) ArpaInet.htons(port));
        if (family == AF_INET6) {
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 4, oneIn(rs, 2) ? 0 : between(rs, Integer.MIN_VALUE, Integer.MAX_VALUE));
            byte[] addr = new byte[16];
            if (oneIn(rs, 2)) {
                addr[15] = 1; // ::1
            } else {
                addr[10] = (byte) 0xff; // ::ffff:127.x.y.z
                addr[11] = (byte) 0xff;
                addr[12] = 127;
                addr[13] = (byte) between(rs, 0, 255);
                addr[14] = (byte) between(rs, 0, 255);
                addr[15] = (byte) between(rs, 1, 255);
            }
            MemorySegment.copy(addr, 0, m, ValueLayout.JAVA_BYTE, 8, 16);
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 24, oneIn(rs, 3) ? between(rs, 0, 100) : 0);
            return 28;
        }
        if (family == AF_UNIX) {
            m.asSlice(SUN_PATH).fill((byte) 0);
            byte[] path;
            switch (between(rs, 0, 3)) {
                case 0 -> { // abstract: a NUL, then any bytes
                    byte[] name = bytes(rs, 0, 100);
                    path = new byte[name.length + 1];
                    System.arraycopy(name, 0, path, 1, name.length);
                    MemorySegment.copy(path, 0, m, ValueLayout.JAVA_BYTE, SUN_PATH, path.length);
                    return SUN_PATH + path.length;
                }
                case 1 -> { // unnamed
                    return SUN_PATH;
                }
                default -> { // a name in the test's directory: any bytes but '/', maybe a NUL inside
                    byte[] name = bytes(rs, 0, 40);
                    for (int i = 0; i < name.length; i++) {
                        if (name[i] == '/') {
                            name[i] = '_';
                        }
                    }
                    byte[] prefix = (dir + "/").getBytes(StandardCharsets.UTF_8);
                    int n = Math.min(name.length, SOCKADDR_UN - SUN_PATH - prefix.length - 1);
                    path = new byte[prefix.length + Math.max(0, n)];
                    System.arraycopy(prefix, 0, path, 0, prefix.length);
                    System.arraycopy(name, 0, path, prefix.length, Math.max(0, n));
                    MemorySegment.copy(path, 0, m, ValueLayout.JAVA_BYTE, SUN_PATH, path.length);
                    return SUN_PATH + path.length + 1;
                }
            }
        }
        // AF_INET, AF_UNSPEC (which Linux's UDP reads as AF_INET) and the others: a loopback IPv4 address
        m.set(ValueLayout.JAVA_BYTE, 4, (byte) 127);
        m.set(ValueLayout.JAVA_BYTE, 5, (byte) between(rs, 0, 255));
        m.set(ValueLayout.JAVA_BYTE, 6, (byte) between(rs, 0, 255));
        m.set(ValueLayout.JAVA_BYTE, 7, (byte) between(rs, 1, 255));
        return 16;
    }

    private static void address(Canary canary, AddressCase c) throws IOException {
        SockaddrStorage sa = SockaddrStorage.allocate((size, align) -> canary.body(size, 0));
        MemorySegment.copy(c.content, 0, sa.segment(), ValueLayout.JAVA_BYTE, 0, STORAGE);
        String call = c.call.name().toLowerCase(java.util.Locale.ROOT);
        try {
            sa.length(c.length);
        } catch (IllegalArgumentException e) {
            assertTrue(c.length < 0 || c.length > STORAGE, () -> "a length in range refused: " + c);
            OUTCOMES.merge("length refused", 1, Integer::sum);
            return;
        }
        assertTrue(c.length >= 0 && c.length <= STORAGE, () -> "length " + c.length + " accepted: " + c);
        try (PosixSocket s = PosixSocket.socket(c.socket.family(), c.socket.type() | SOCK_NONBLOCK, 0)) {
            byte[] one = {1};
            switch (c.call) {
                case BIND -> s.bind(sa);
                case CONNECT -> s.connect(sa);
                case SENDTO -> s.sendto(one, 0, 1, 0, sa);
                case SENDMSG -> s.sendmsg(List.of(IoBuffer.of(one)), List.of(), 0, sa);
            }
            OUTCOMES.merge(call + " ok", 1, Integer::sum);
        } catch (IOException e) {
            assertPosixError(e, call);
            OUTCOMES.merge(call + " " + ((PosixError) e).errnoName(), 1, Integer::sum);
        }
        canary.assertGuardsIntact(c);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Address buffers smaller than asked for

    enum Receiver { RECVFROM_UNIX, RECVFROM_UDP, ACCEPT_TCP, ACCEPT_UNIX, RECVFROM_NULL }

    /** Where the address goes, how big the caller's buffer for it is, and a message of {@code payload} bytes. */
    record OutCase(Receiver receiver, int size, int misalign, int payload) {}

    @Test
    void addressBuffersOfAnySizeAreFilledWithinTheirBounds() throws Exception {
        // Aligned as the allocator contract requires (a misaligned struct is refused by the FFM API's own
        // accessors), but of any size.
        Gen<OutCase> gen = rs -> new OutCase(pick(rs, List.of(Receiver.values())),
                pick(rs, 0, 1, 2, 3, 4, between(rs, 0, 40), 15, 16, 17, 27, 28, 29, 109, 110, 111, 127, 128), pick(rs, 0, 8),
                between(rs, 1, 512));
        try (Arena arena = Arena.ofConfined(); HostilePeers p = new HostilePeers();
             PosixSocket tcp = PosixSocket.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
             PosixSocket unix = PosixSocket.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
             PosixSocket udpA = PosixSocket.socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
             PosixSocket udpB = PosixSocket.socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)) {
            tcp.bind(SockaddrIn.loopback(0));
            tcp.listen(16);
            unix.bind(SockaddrUn.abstractName("panama-hostile-accept-" + ProcessHandle.current().pid()));
            unix.listen(16);
            udpA.bind(SockaddrIn.loopback(0));
            udpB.bind(SockaddrIn.loopback(0));
            Canary canary = new Canary(arena, STORAGE);
            CASES.forAll("addressBuffersOfAnySize", 2_500, gen, c -> out(canary, c, p, tcp, unix, udpA, udpB));
        }
    }

    private static void out(Canary canary, OutCase c, HostilePeers p, PosixSocket tcp, PosixSocket unix,
                            PosixSocket udpA, PosixSocket udpB) throws IOException {
        // The caller's allocator hands out c.size bytes whatever the struct needs.
        SockaddrStorage sa = SockaddrStorage.allocate((size, align) -> canary.body(c.size, c.misalign));
        assertEquals(c.size, sa.length(), "the length is what the memory holds");
        SockAddr expected;
        byte[] message = HostilePeers.data(0, c.payload);
        byte[] buf = new byte[1024];
        switch (c.receiver) {
            case RECVFROM_UNIX, RECVFROM_NULL -> {
                p.u1.sendto(message, 0, message.length, 0, p.u2Name);
                assertEquals(message.length, p.u2.recvfrom(buf, 0, buf.length, 0, c.receiver == Receiver.RECVFROM_NULL ? null : sa));
                expected = p.u1Name;
            }
            case RECVFROM_UDP -> {
                udpA.sendto(message, 0, message.length, 0, udpB.getsockname());
                int n = PosixSocket.WOULD_BLOCK;
                for (int i = 0; i < 1000 && n == PosixSocket.WOULD_BLOCK; i++) {
                    n = udpB.recvfrom(buf, 0, buf.length, 0, sa); // loopback UDP may deliver a moment later
                }
                assertEquals(message.length, n);
                expected = udpA.getsockname();
            }
            default -> {
                PosixSocket listener = c.receiver == Receiver.ACCEPT_TCP ? tcp : unix;
                try (PosixSocket client = PosixSocket.socket(listener.family(), SOCK_STREAM | SOCK_NONBLOCK, 0)) {
                    client.connect(listener.getsockname());
                    PosixSocket accepted = null;
                    for (int i = 0; i < 1000 && accepted == null; i++) {
                        accepted = listener.accept4(sa, 0);
                    }
                    assertNotNull(accepted, "a pending connection was accepted");
                    try (PosixSocket a = accepted) {
                        assertEquals(message.length, client.send(message, 0));
                        int n = PosixSocket.WOULD_BLOCK;
                        for (int i = 0; i < 1000 && n == PosixSocket.WOULD_BLOCK; i++) {
                            n = a.recv(buf, SocketConstants.MSG_DONTWAIT);
                        }
                        assertTrue(n > 0, "the accepted connection works");
                    }
                    expected = listener.family() == AF_INET ? client.getsockname() : SockaddrUn.unnamed();
                }
            }
        }
        canary.assertGuardsIntact(c);
        assertTrue(sa.length() <= c.size, () -> "length " + sa.length() + " beyond the " + c.size + " bytes: " + c);
        if (c.receiver != Receiver.RECVFROM_NULL) {
            byte[] full = expected.segment().asSlice(0, expected.length()).toArray(ValueLayout.JAVA_BYTE);
            byte[] got = sa.segment().asSlice(0, sa.length()).toArray(ValueLayout.JAVA_BYTE);
            if (!java.util.Arrays.equals(got, java.util.Arrays.copyOf(full, Math.min(full.length, got.length)))) {
                fail("the address, cut at the buffer's size, is not the peer's: " + c);
            }
            sa.decode(); // never throws, whatever is cut
        }
    }

}
