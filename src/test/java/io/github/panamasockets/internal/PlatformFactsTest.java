package io.github.panamasockets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.Errno;
import io.github.panamasockets.SocketConstants;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every platform's generated layouts and constants agree with what clang itself says for that target, as
 * {@code scripts/record-clang-facts} recorded it in {@code jextract-config/<platform>.clang-facts}: each
 * allow-listed struct's size, alignment and field offsets (through nested records), each allow-listed constant's
 * value, and the hand-written tail of {@code struct tcp_info} against the kernel's own struct. The tables of every
 * platform are plain Java data, so this runs for linux-aarch64 on an x86_64 machine with neither jextract nor clang.
 * The facades are checked against the table of the platform the tests run on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlatformFactsTest {
    static final List<String> PLATFORMS = PlatformTables.PLATFORMS;
    private static final String LIBC_SOURCE = readLibcSource();

    private static String readLibcSource() {
        try {
            return Files.readString(Path.of("src/main/java/io/github/panamasockets/internal/Libc.java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a .clang-facts file says. */
    record Facts(Map<String, long[]> records, Map<String, Map<String, Long>> fields,
                 Map<String, Map<String, long[]>> bits, Map<String, String> types, Map<String, Long> values) {}

    @ParameterizedTest
    @FieldSource("PLATFORMS")
    void everyConstantHasClangsValue(String platform) throws IOException {
        Facts facts = read(platform);
        Map<String, Long> table = PlatformTables.constants(platform);
        assertEquals(new TreeSet<>(facts.values().keySet()), new TreeSet<>(table.keySet()),
                platform + ": the table and clang's facts list different constants; regenerate both");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : table.entrySet()) {
            String type = facts.types().get(e.getKey());
            long clang = facts.values().get(e.getKey());
            long java = e.getValue();
            boolean same = type.contains("long") ? clang == java
                    : (int) clang == (int) java && (int) java == java
                            && (type.startsWith("unsigned") ? clang >= 0 && clang <= 0xFFFF_FFFFL : (int) clang == clang);
            if (!same) {
                wrong.add(e.getKey() + ": generated " + java + ", clang " + clang + " (" + type + ")");
            }
        }
        assertTrue(wrong.isEmpty(), platform + ": constants differ from clang's: " + wrong);
    }

    @ParameterizedTest
    @FieldSource("PLATFORMS")
    void everyStructHasClangsSizeAlignmentAndOffsets(String platform) throws IOException {
        Facts facts = read(platform);
        Map<String, MemoryLayout> layouts = PlatformTables.layouts(platform);
        assertFalse(layouts.isEmpty());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, MemoryLayout> e : layouts.entrySet()) {
            String tag = e.getKey();
            long[] record = facts.records().get(tag);
            assertNotNull(record, platform + ": clang's facts have no record " + tag);
            MemoryLayout layout = e.getValue();
            if (layout.byteSize() != record[0] || layout.byteAlignment() != record[1]) {
                wrong.add(tag + ": generated size/align " + layout.byteSize() + "/" + layout.byteAlignment()
                        + ", clang " + record[0] + "/" + record[1]);
            }
            Map<String, Long> javaFields = fields((GroupLayout) layout);
            Map<String, Long> clangFields = facts.fields().getOrDefault(tag, Map.of());
            if (!javaFields.equals(clangFields)) {
                wrong.add(tag + ": generated fields " + javaFields + ", clang " + clangFields);
            }
        }
        assertTrue(wrong.isEmpty(), platform + ": layouts differ from clang's:\n" + String.join("\n", wrong));
    }

    @ParameterizedTest
    @FieldSource("PLATFORMS")
    void theHandWrittenTcpInfoTailHasTheKernelsOffsets(String platform) throws IOException {
        Facts facts = read(platform);
        MemoryLayout glibc = PlatformTables.layouts(platform).get("tcp_info");
        StructLayout full = Structs.tcpInfoLayout(glibc);
        Map<String, Long> kernel = facts.fields().get("kernel:tcp_info");
        assertNotNull(kernel, platform + ": clang's facts have no kernel:tcp_info");
        Map<String, Long> ours = fields(full);
        for (Map.Entry<String, Long> e : ours.entrySet()) {
            assertEquals(kernel.get(e.getKey()), e.getValue(), platform + ": tcp_info." + e.getKey() + " offset");
        }
        assertTrue(ours.containsKey("tcpi_snd_wnd") && ours.containsKey("tcpi_bytes_acked"), ours.keySet().toString());
        assertTrue(full.byteSize() <= facts.records().get("kernel:tcp_info")[0], "longer than the kernel's struct");
        // The window scales: the nibbles of one byte, send scale in the low one, as TcpInfoCodec reads them.
        long wscale = Structs.tcpiWscale(glibc);
        assertEquals(List.of(wscale, 0L, 3L), List.of(facts.bits().get("kernel:tcp_info").get("tcpi_snd_wscale")[0],
                facts.bits().get("kernel:tcp_info").get("tcpi_snd_wscale")[1], facts.bits().get("kernel:tcp_info").get("tcpi_snd_wscale")[2]));
        assertEquals(List.of(wscale, 4L, 7L), List.of(facts.bits().get("kernel:tcp_info").get("tcpi_rcv_wscale")[0],
                facts.bits().get("kernel:tcp_info").get("tcpi_rcv_wscale")[1], facts.bits().get("kernel:tcp_info").get("tcpi_rcv_wscale")[2]));
    }

    @Test
    void epollEventIsPackedOnX8664AndPaddedOnAarch64() {
        GroupLayout x86 = (GroupLayout) PlatformTables.layouts("linux-x86_64").get("epoll_event");
        GroupLayout arm = (GroupLayout) PlatformTables.layouts("linux-aarch64").get("epoll_event");
        assertEquals(List.of(12L, 4L), List.of(x86.byteSize(), fields(x86).get("data")));
        assertEquals(List.of(16L, 8L), List.of(arm.byteSize(), fields(arm).get("data")));
    }

    @Test
    void theFacadesHoldThisPlatformsValueOfEveryPublicConstant() throws IOException, IllegalAccessException {
        Facts facts = read(Platform.current());
        Map<String, Long> table = PlatformTables.constants(Platform.current());
        Set<String> facadeNames = new TreeSet<>();
        for (Class<?> facade : List.of(SocketConstants.class, Errno.class)) {
            for (Field f : facade.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String name = f.getName();
                assertTrue(facadeNames.add(name), name + " is in both facades");
                Long value = table.get(name);
                assertNotNull(value, facade.getSimpleName() + "." + name + " is not an allow-listed constant");
                boolean isLong = facts.types().get(name).contains("long");
                assertEquals(isLong ? long.class : int.class, f.getType(), name + "'s type");
                assertEquals(isLong ? value : (Object) (int) (long) value, f.get(null), name);
            }
        }
        Set<String> notPublic = new TreeSet<>(table.keySet());
        notPublic.removeAll(facadeNames);
        // Only the signal constants the library uses inside itself stay out of the public facades.
        assertEquals(Set.of("SA_RESTART", "SA_SIGINFO", "__SIGRTMAX"), notPublic);
    }

    @Test
    void aFieldIsLongOnlyWhereClangSaysLong() throws NoSuchFieldException {
        assertEquals(int.class, Errno.class.getField("ECONNREFUSED").getType());
        assertEquals(int.class, SocketConstants.class.getField("FIONREAD").getType());
        assertEquals(long.class, SocketConstants.class.getField("SIOCGSTAMP_NEW").getType());
    }

    /**
     * {@link Libc} binds every C function through the current platform's table: each platform's table must give
     * every allow-listed function the descriptor of that platform's own generated binding (for a variadic one, its
     * invoker's without extras), and a name that is not allow-listed no descriptor. jextract keeps a function's
     * descriptor in the class that also looks its symbol up, so the functions this machine's C library lacks (the
     * old RPC database calls, say) cannot be compared here; Libc binds none of them.
     */
    @Test
    void eachPlatformsTableGivesEveryFunctionItsOwnBindingsDescriptor() throws Exception {
        List<String> functions = allowListedFunctions();
        assertTrue(functions.size() > 100, functions.toString());
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (String function : functions) {
            if (java.lang.foreign.Linker.nativeLinker().defaultLookup().find(function).isEmpty()) {
                assertFalse(LIBC_SOURCE.contains("\"" + function + "\""), "Libc binds " + function + ", absent here");
                continue;
            }
            for (String platform : PLATFORMS) {
                Object binding = descriptor(platform, function);
                Object table = PlatformTables.descriptor(platform, function);
                compared++;
                if (!binding.equals(table)) {
                    wrong.add(function + " on " + platform + ": the table gives " + table + ", the binding " + binding);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(compared > 100 * PLATFORMS.size(), "compared only " + compared);
        for (String platform : PLATFORMS) {
            assertEquals(null, PlatformTables.descriptor(platform, "system"), platform);
        }
    }

    /** The variadic functions' tables give the fixed arguments only: fcntl(int, int, ...) has two. */
    @ParameterizedTest
    @FieldSource("PLATFORMS")
    void aVariadicFunctionsDescriptorIsItsFixedPart(String platform) {
        var fcntl = PlatformTables.descriptor(platform, "fcntl");
        assertEquals(2, fcntl.argumentLayouts().size(), fcntl.toString());
        var ioctl = PlatformTables.descriptor(platform, "ioctl");
        assertEquals(2, ioctl.argumentLayouts().size(), ioctl.toString());
    }

    /** Libc's source: the table of the running platform, with addresses the C library's own. */
    @Test
    void theCurrentTableIsThisPlatformsAndItsAddressesAreTheCLibrarys() throws Exception {
        var lookup = java.lang.foreign.Linker.nativeLinker().defaultLookup();
        for (String function : List.of("socket", "recvmsg", "fcntl", "strerrorname_np", "getaddrinfo")) {
            assertEquals(descriptor(Platform.current(), function), PlatformTables.descriptor(function), function);
            assertEquals(lookup.find(function).orElseThrow().address(), PlatformTables.address(function).address(), function);
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PlatformTables.descriptor("system"));
        assertTrue(e.getMessage().contains("system") && e.getMessage().contains(Platform.current()), e.getMessage());
    }

    private static List<String> allowListedFunctions() throws IOException {
        return Files.readAllLines(Path.of("jextract-config/linux.allow-list")).stream()
                .filter(l -> l.startsWith("--include-function ")).map(l -> l.substring(l.indexOf(' ') + 1).trim()).toList();
    }

    /** A function's descriptor, from {@code name$descriptor()}, or for a variadic one its invoker's without extras. */
    private static Object descriptor(String platform, String function) throws Exception {
        Class<?> header = Class.forName("io.github.panamasockets.bindings." + platform.replace('-', '.') + ".sockets_h");
        for (Class<?> c = header; c != null; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(function + "$descriptor") && m.getParameterCount() == 0) {
                    m.setAccessible(true);
                    return m.invoke(null);
                }
            }
            for (Class<?> nested : c.getDeclaredClasses()) {
                if (nested.getSimpleName().equals(function)) {
                    java.lang.reflect.Method make = nested.getDeclaredMethod("makeInvoker", MemoryLayout[].class);
                    make.setAccessible(true);
                    Object invoker = make.invoke(null, (Object) new MemoryLayout[0]);
                    java.lang.reflect.Method desc = nested.getDeclaredMethod("descriptor");
                    desc.setAccessible(true);
                    return desc.invoke(invoker);
                }
            }
        }
        throw new AssertionError(platform + " has no function " + function);
    }

    /** The named fields of a layout with their offsets, through nested records, unnamed records flattened. */
    static Map<String, Long> fields(GroupLayout g) {
        Map<String, Long> out = new TreeMap<>();
        fields(g, "", 0, out);
        return out;
    }

    private static void fields(GroupLayout g, String prefix, long base, Map<String, Long> out) {
        long offset = 0;
        for (MemoryLayout m : g.memberLayouts()) {
            long at = g instanceof StructLayout ? offset : 0;
            offset += m.byteSize();
            if (m instanceof PaddingLayout) {
                continue;
            }
            String name = m.name().orElse("");
            boolean unnamed = name.isEmpty() || name.startsWith("$anon");
            String path = unnamed ? prefix : prefix + name;
            if (!unnamed) {
                out.put(path, base + at);
            }
            if (m instanceof GroupLayout inner) {
                fields(inner, unnamed ? prefix : path + ".", base + at, out);
            }
        }
    }

    static Facts read(String platform) throws IOException {
        Path file = Path.of("jextract-config", platform + ".clang-facts");
        Map<String, long[]> records = new LinkedHashMap<>();
        Map<String, Map<String, Long>> fields = new LinkedHashMap<>();
        Map<String, Map<String, long[]>> bits = new LinkedHashMap<>();
        Map<String, String> types = new TreeMap<>();
        Map<String, Long> values = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "record" -> {
                    records.put(w[1], new long[] {Long.parseLong(w[2]), Long.parseLong(w[3])});
                    fields.put(w[1], new TreeMap<>());
                    bits.put(w[1], new TreeMap<>());
                }
                case "field" -> fields.get(w[1]).put(w[2], Long.parseLong(w[3]));
                case "bits" -> bits.get(w[1]).put(w[2],
                        new long[] {Long.parseLong(w[3]), Long.parseLong(w[4]), Long.parseLong(w[5])});
                case "constant" -> {
                    types.put(w[1], w[2]);
                    values.put(w[1], Long.parseLong(w[3]));
                }
                default -> { } // comments
            }
        }
        return new Facts(records, fields, bits, types, values);
    }
}
