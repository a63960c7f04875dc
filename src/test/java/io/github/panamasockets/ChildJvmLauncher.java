package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a second JVM on the library: the same {@code java} as this one, the library's module from this JVM's
 * module path, native access granted to it (and, on JDK 24+, denied to everything else), and a main class from
 * this source tree's {@code io.github.panamasockets.child} package on the class path (a package the library's
 * module does not have, so the class path may hold it).
 *
 * <p>For a child that runs as another user, {@link #worldReadableCopy} copies what the child needs into a
 * directory anyone may read, since the build directory may not be. ({@link ChildJvm} runs a child inside the
 * library's module instead, with the test classes patched in, for mains that need package access.)
 */
final class ChildJvmLauncher {
    private final List<String> modulePath;
    private final Path classPath;

    private ChildJvmLauncher(List<String> modulePath, Path classPath) {
        this.modulePath = modulePath;
        this.classPath = classPath;
    }

    /** The module path and test classes of this JVM, as they are. */
    static ChildJvmLauncher here() {
        return new ChildJvmLauncher(modulePathEntries(), testClasses());
    }

    /**
     * A copy of the module path and of the child classes in {@code dir}, every directory mode 0755 and every file
     * 0644, so that an unprivileged user can run them; {@code dir} itself is made traversable.
     */
    static ChildJvmLauncher worldReadableCopy(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> modules = new ArrayList<>();
        int i = 0;
        for (String entry : modulePathEntries()) {
            Path copy = dir.resolve("module" + i++);
            copyTree(Path.of(entry), copy);
            modules.add(copy.toString());
        }
        Path classes = dir.resolve("classes");
        Path childPackage = Path.of("io", "github", "panamasockets", "child");
        copyTree(testClasses().resolve(childPackage), classes.resolve(childPackage));
        Files.setPosixFilePermissions(classes, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p = classes.resolve(childPackage).getParent(); !p.equals(classes); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return new ChildJvmLauncher(modules, classes);
    }

    /**
     * The command line for {@code main} with {@code args}, after {@code prefix} (such as {@code setpriv ...}).
     *
     * @param jvmOptions extra JVM options, such as {@code -Xmx256m}
     */
    List<String> command(List<String> prefix, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-XX:-UsePerfData"); // no hsperfdata file in /tmp, which another user may not write
        command.addAll(jvmOptions);
        command.add("--enable-native-access=io.github.panamasockets");
        if (Runtime.version().feature() >= 24) {
            command.add("--illegal-native-access=deny");
        }
        command.addAll(List.of("--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", "io.github.panamasockets", "-cp", classPath.toString(), main.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** What a finished child printed. */
    record Result(int exitCode, String output) {}

    /**
     * Runs a command to its end, output and errors together; kills it and fails the test when it outlives
     * {@code timeout}.
     */
    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("child", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("child did not finish within " + timeout + ": " + command + "\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static List<String> modulePathEntries() {
        String path = System.getProperty("jdk.module.path");
        if (path == null || path.isEmpty()) {
            throw new IllegalStateException("the tests do not run on the module path; no jdk.module.path to pass on");
        }
        return List.of(path.split(File.pathSeparator));
    }

    private static Path testClasses() {
        try {
            return Path.of(ChildJvmLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
