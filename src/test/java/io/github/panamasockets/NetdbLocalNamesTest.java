package io.github.panamasockets;

import static io.github.panamasockets.ArpaInet.htonl;
import static io.github.panamasockets.ArpaInet.htons;
import static io.github.panamasockets.SocketConstants.INADDR_LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The local lookups of {@link Netdb} and the legacy text functions of {@link ArpaInet}, each against what the
 * system says independently: {@code /proc}, {@code /sys/class/net}, the JDK's {@link NetworkInterface},
 * {@code /etc/services} and {@code /etc/protocols} parsed here, {@link InetAddress}. Nothing here resolves a name.
 */
class NetdbLocalNamesTest {
    @Test
    void gethostnameIsTheKernels() throws IOException {
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), Netdb.gethostname());
    }

    @Test
    void theLoopbackInterfaceByNameAndByIndex() throws IOException {
        int index = Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/ifindex")).strip());
        assertEquals(index, Netdb.if_nametoindex("lo"));
        assertEquals(NetworkInterface.getByName("lo").getIndex(), Netdb.if_nametoindex("lo"));
        assertEquals("lo", Netdb.if_indextoname(index));

        PosixSocketException none = assertThrows(PosixSocketException.class, () -> Netdb.if_nametoindex("nosuch0"));
        assertEquals(Errno.ENODEV, none.errno());
        assertEquals("if_nametoindex: ENODEV (19) No such device [\"nosuch0\"]", none.getMessage());
        PosixSocketException noIndex = assertThrows(PosixSocketException.class, () -> Netdb.if_indextoname(0x7ffffff0));
        assertEquals(Errno.ENXIO, noIndex.errno());
        assertThrows(IllegalArgumentException.class, () -> Netdb.if_nametoindex("l\0o"));
    }

    @Test
    void ifNameindexListsWhatSysClassNetHolds() throws IOException {
        List<IfNameIndex> all = Netdb.if_nameindex();
        Set<String> names = all.stream().map(IfNameIndex::if_name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> sys = new TreeSet<>();
        try (var dirs = Files.list(Path.of("/sys/class/net"))) {
            dirs.forEach(d -> sys.add(d.getFileName().toString()));
        }
        assertEquals(sys, names);
        for (IfNameIndex i : all) {
            assertEquals(Integer.parseInt(Files.readString(Path.of("/sys/class/net", i.if_name(), "ifindex")).strip()),
                    i.if_index(), i.if_name());
        }
    }

    /** The first line of a services or protocols file whose fields satisfy the test, split on white space, comments cut. */
    private static String[] entry(Path file, java.util.function.Predicate<String[]> test) throws IOException {
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length >= 2 && test.test(f)) {
                return f;
            }
        }
        return null;
    }

    @Test
    void servicesAsEtcServicesListsThem() throws IOException {
        Path services = Path.of("/etc/services");
        String[] http = entry(services, f -> f[1].endsWith("/tcp") && (f[0].equals("http") || contains(f, "http")));
        assertNotNull(http, "/etc/services has an http/tcp line");
        int port = Integer.parseInt(http[1].substring(0, http[1].indexOf('/')));

        ServEnt se = Netdb.getservbyname("http", "tcp");
        assertEquals(http[0], se.s_name());
        assertEquals(port, se.port());
        assertEquals(htons(port), se.s_port());
        assertEquals("tcp", se.s_proto());
        assertEquals(List.of(http).subList(2, http.length), se.s_aliases());

        ServEnt byPort = Netdb.getservbyport(htons(port), "tcp");
        assertEquals(se.s_name(), byPort.s_name());
        assertNull(Netdb.getservbyname("no-such-service-here", "tcp"));
        assertNull(Netdb.getservbyport(htons(1), "no-such-protocol"));
        assertNotNull(Netdb.getservbyname("http", null), "any protocol");
    }

    private static boolean contains(String[] fields, String name) {
        for (int i = 2; i < fields.length; i++) {
            if (fields[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void protocolsAsEtcProtocolsListsThem() throws IOException {
        Path protocols = Path.of("/etc/protocols");
        String[] udp = entry(protocols, f -> f[0].equals("udp"));
        assertNotNull(udp, "/etc/protocols has udp");
        ProtoEnt byName = Netdb.getprotobyname("udp");
        assertEquals(Integer.parseInt(udp[1]), byName.p_proto());
        assertEquals(SocketConstants.IPPROTO_UDP, byName.p_proto());
        assertEquals(List.of(udp).subList(2, udp.length), byName.p_aliases());
        assertEquals("udp", Netdb.getprotobynumber(byName.p_proto()).p_name());
        assertNull(Netdb.getprotobyname("no-such-protocol"));
        assertNull(Netdb.getprotobynumber(254 * 1000));
    }

    @Test
    void legacyIpv4TextAsInetAddressReadsIt() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(4);
            assertEquals(1, ArpaInet.inet_aton("127.1", in)); // the legacy short form: 127.0.0.1
            assertArrayEquals(InetAddress.getByName("127.0.0.1").getAddress(), in.toArray(ValueLayout.JAVA_BYTE));
            assertEquals("127.0.0.1", ArpaInet.inet_ntoa(in));
            assertThrows(IllegalArgumentException.class, () -> ArpaInet.inet_aton("256.1.1.1", in));
            assertThrows(IllegalArgumentException.class, () -> ArpaInet.inet_aton("1.2.3.4", arena.allocate(3)));
        }
        assertEquals(htonl(0x0a010203), ArpaInet.inet_addr("10.1.2.3"));
        assertEquals(htonl(INADDR_LOOPBACK), ArpaInet.inet_addr("0x7f.0.0.1"));
        assertEquals(-1, ArpaInet.inet_addr("255.255.255.255"), "the broadcast address, which C cannot tell from an error");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ArpaInet.inet_addr("localhost"));
        assertEquals("inet_addr: \"localhost\" is not an IPv4 address", bad.getMessage());
        assertEquals("127.0.0.1", ArpaInet.inet_ntoa(htonl(INADDR_LOOPBACK)));
        assertEquals("255.255.255.255", ArpaInet.inet_ntoa(-1));
        SockaddrIn sa = SockaddrIn.of("192.0.2.7", 9);
        assertEquals("192.0.2.7", ArpaInet.inet_ntoa(sa.s_addr()));
        assertEquals("192.0.2.7", ArpaInet.inet_ntoa(sa.sin_addr()));
    }

    @Test
    void strerrorAndPerrorSayWhatCsDo() throws Exception {
        assertEquals("Invalid argument", Errno.strerror(Errno.EINVAL));
        assertEquals("Unknown error 4095", Errno.strerror(4095));
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(err);
            try {
                Posix.listen(-1, 1);
            } catch (IOException e) {
                Errno.perror("listen", e);
                Errno.perror(null, e);
            }
            Errno.perror("not an errno", new IllegalStateException("a Java failure"));
        } finally {
            System.setErr(saved);
        }
        captured.toString(StandardCharsets.UTF_8).lines().forEach(lines::add);
        assertEquals(List.of("listen: Bad file descriptor", "Bad file descriptor", "not an errno: a Java failure"), lines);
    }
}
