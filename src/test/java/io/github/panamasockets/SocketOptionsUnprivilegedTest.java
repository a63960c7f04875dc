package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privileged options as an unprivileged user sees them. The tests run as root, where {@code SO_MARK},
 * {@code SO_PRIORITY} above 6 and {@code SO_RCVBUFFORCE} succeed; so this test starts a second JVM under
 * {@code setpriv --reuid=65534 --regid=65534 --clear-groups} (user "nobody", no capabilities), running
 * {@link UnprivilegedOptionsMain} from the test classes on the same module path, and checks what it reports.
 */
class SocketOptionsUnprivilegedTest {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final String NOBODY = "65534";
    private static final long CHILD_SECONDS = 60;

    /** Every check the child must report as passed; each names its option. */
    private static final List<String> EXPECTED = List.of(
            "PASS SO_MARK: setsockopt: EPERM",
            "PASS SO_PRIORITY 6",
            "PASS SO_PRIORITY 7: setsockopt: EPERM",
            "PASS SO_RCVBUFFORCE: setsockopt: EPERM",
            "PASS SO_SNDBUFFORCE: setsockopt: EPERM",
            "PASS SO_RCVBUF clamped to rmem_max as for root",
            "PASS TCP_NODELAY");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void privilegedOptionsFailWithEpermForAnUnprivilegedUser() throws Exception {
        Assumptions.assumeTrue("0".equals(uid()), "dropping privileges needs root; this runs as uid " + uid());
        Assumptions.assumeTrue(Files.isExecutable(SETPRIV), SETPRIV + " is not installed");
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path modules = java.getParent().getParent().resolve("lib/modules");
        Assumptions.assumeTrue(readableByAll(java) && readableByAll(modules),
                "user nobody cannot run this JDK: " + java);

        Path work = Files.createTempDirectory("panama-unprivileged",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            List<String> modulePath = new ArrayList<>();
            for (String entry : System.getProperty("jdk.module.path").split(File.pathSeparator)) {
                modulePath.add(readableCopy(Path.of(entry), work).toString());
            }
            Path testClasses = readableCopy(classesOf(UnprivilegedOptionsMain.class), work);
            List<String> command = List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "--", java.toString(), "-XX:-UsePerfData", "-Xmx64m",
                    "--enable-native-access=io.github.panamasockets",
                    "--module-path", String.join(File.pathSeparator, modulePath),
                    "--patch-module", "io.github.panamasockets=" + testClasses,
                    "-m", "io.github.panamasockets/" + UnprivilegedOptionsMain.class.getName());
            Path output = work.resolve("output.txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            for (String inherited : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
                builder.environment().remove(inherited);
            }
            Process child = builder.start();
            boolean finished = child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String out = Files.readString(output);
            assertTrue(finished, "the child did not finish in " + CHILD_SECONDS + " s:\n" + out);
            if (child.exitValue() == 2) {
                Assumptions.abort("setpriv did not drop the capabilities:\n" + out);
            }
            assertEquals(0, child.exitValue(), "the child's checks:\n" + out);
            assertTrue(out.contains("INFO uid " + NOBODY + "\t"), "ran as nobody:\n" + out);
            assertFalse(out.contains("FAIL"), out);
            for (String expected : EXPECTED) {
                assertTrue(out.contains(expected), "missing \"" + expected + "\" in:\n" + out);
            }
            if (kernelAtLeast(5, 7)) {
                assertTrue(out.contains("PASS SO_BINDTODEVICE \"\" (unbinding): setsockopt: EPERM"), out);
            }
            System.out.println(out); // the child's report, for the test log
        } finally {
            deleteTree(work);
        }
    }

    @Test
    void aBuildTreeClosedToOthersIsCopiedOpen(@TempDir Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // as the work folder is
        Path closed = Files.createDirectory(dir.resolve("classes"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = Files.writeString(closed.resolve("A.class"), "bytes");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Path work = Files.createDirectory(dir.resolve("work"));
        assertFalse(readableByAll(closed));
        Path copy = readableCopy(closed, work);
        assertTrue(copy.startsWith(work) && readableByAll(copy), copy.toString());
        assertEquals("bytes", Files.readString(copy.resolve("A.class")));
        Path open = Files.createDirectory(dir.resolve("open"));
        assertEquals(open, readableCopy(open, work), "used where it is");
    }

    private static String uid() throws IOException {
        return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static Path classesOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = Integer.parseInt(v[1]);
        return ma > major || (ma == major && mi >= minor);
    }

    /**
     * The path itself when user "nobody" can reach and read it, otherwise a copy under {@code work} that it
     * can: the build tree may sit under a directory closed to other users.
     */
    static Path readableCopy(Path path, Path work) throws IOException {
        if (readableByAll(path)) {
            return path;
        }
        Path copy = work.resolve("copy-" + Math.abs(path.hashCode()) + "-" + path.getFileName());
        ChildJvm.copyWorldReadable(path, copy);
        return copy;
    }

    /** Whether others may traverse every directory above the path, and read (and traverse) everything in it. */
    static boolean readableByAll(Path path) throws IOException {
        Path real = path.toRealPath();
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        try (Stream<Path> tree = Files.walk(real)) {
            return tree.allMatch(p -> {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                    return Files.isSymbolicLink(p) || (perms.contains(PosixFilePermission.OTHERS_READ)
                            && (!dir || perms.contains(PosixFilePermission.OTHERS_EXECUTE)));
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            fail("could not remove " + root + ": " + e);
        }
    }
}
