package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The tests' one launcher of child processes, every one a JVM: the same {@code java} as this one, or another
 * program of the same JDK. Each way of launching is named by how it launches:
 * <ul>
 *   <li>{@link #patchedIntoModule}: a main class of the test sources run inside the library's module. Surefire
 *       does not put the test classes on the module path — it patches them into the library's module
 *       ({@code jdk.module.path} holds only {@code target/classes}) — so the child gets the same
 *       {@code --patch-module}. For the {@code *Main} classes beside the tests, which use the package's
 *       non-public parts.</li>
 *   <li>{@link ClassPathMains}: the library on the module path and a main of the
 *       {@code io.github.panamasockets.child} package on the class path (a package the library's module does
 *       not have, so the class path may hold it); {@link ClassPathMains#worldReadableCopy} lets another user run
 *       it.</li>
 *   <li>{@link #tool}: a program of the JDK ({@code java}, {@code javac}, {@code jshell}, {@code keytool}), for
 *       the tests that look at the packaged library from the outside.</li>
 * </ul>
 * Native access is granted to the library only, and on JDK 24+ enforced ({@link #nativeAccess}). A command
 * runs with {@link #start} (a running child, killed by {@link #close()}), {@link #run} (to its end, output and
 * errors together) or {@link #runApart} (to its end, output and errors apart, with input). Output goes to
 * files, never pipes, so a chatty child cannot block on a full pipe.
 *
 * @param process the running child
 * @param command its command line
 * @param out the file its output goes to
 */
public record ChildJvm(Process process, List<String> command, Path out) implements AutoCloseable {
    /** How long any wait for a child may last. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    /** @return the feature version of the JDK running the tests, e.g. 25 */
    public static int jdkFeature() {
        return Runtime.version().feature();
    }

    /**
     * @param tool {@code java}, {@code javac}, {@code jshell}, ...
     * @return that tool of the JDK running the tests
     */
    public static String tool(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    /**
     * The flags that grant native access to {@code grantee} and, on JDK 24+, make a missing grant an error.
     *
     * @param grantee a module name, or {@code ALL-UNNAMED}
     * @return the flags
     */
    public static List<String> nativeAccess(String grantee) {
        List<String> flags = new ArrayList<>();
        flags.add("--enable-native-access=" + grantee);
        flags.addAll(enforcement());
        return flags;
    }

    /** @return {@code --illegal-native-access=deny} on JDK 24+, where it exists; nothing before */
    public static List<String> enforcement() {
        return jdkFeature() >= 24 ? List.of("--illegal-native-access=deny") : List.of();
    }

    /**
     * The command line that runs {@code mainClass} inside the library's module, the test classes patched in.
     *
     * @param mainClass a class of the test sources with a {@code main}
     * @param jvmOptions extra options, before {@code -m}
     * @return a mutable command line; arguments for {@code main} may be appended
     */
    static List<String> patchedIntoModule(Class<?> mainClass, String... jvmOptions) throws Exception {
        Path testClasses = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(tool("java"),
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "io.github.panamasockets=" + testClasses));
        command.addAll(nativeAccess("io.github.panamasockets"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-m", "io.github.panamasockets/" + mainClass.getName()));
        return command;
    }

    /** Starts {@code command}, its output (stdout and stderr) going to {@code dir/name.out}. */
    static ChildJvm start(List<String> command, Path dir, String name) throws IOException {
        Path out = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new ChildJvm(p, List.copyOf(command), out);
    }

    /** @return everything the child printed so far */
    String output() {
        try {
            return Files.exists(out) ? Files.readString(out) : "(no output file)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** @return the child's state, command and output, for a failure message */
    String report() {
        return "\n--- child " + process.pid() + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- command: " + String.join(" ", command) + "\n--- output:\n" + output();
    }

    /** Waits, at most {@link #LIMIT}, for the child to end, and requires exit status 0. */
    void awaitSuccess() throws InterruptedException {
        assertTrue(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "the child did not end" + report());
        assertEquals(0, process.exitValue(), "the child failed" + report());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /**
     * What a child run with {@link #run} did.
     *
     * @param exitCode its exit code, or -1 when it was killed for running out of time
     * @param timedOut whether it was killed
     * @param output what it wrote to stdout and stderr, interleaved, after its command line
     * @param elapsed how long it ran
     */
    record Result(int exitCode, boolean timedOut, String output, Duration elapsed) {
        /** @return a summary for assertion messages: the exit, the time and the whole output */
        String report() {
            return (timedOut ? "killed after " + elapsed.toMillis() + " ms" : "exit code " + exitCode + " after "
                    + elapsed.toMillis() + " ms") + ", output:\n" + output;
        }
    }

    /**
     * Runs {@code mainClass} {@linkplain #patchedIntoModule patched into the module} with {@code jvmOptions} and
     * {@code args} to its end, waiting at most {@code timeout} before killing it.
     *
     * @param prefix what comes before the java command, e.g. {@code bash -c 'ulimit ...; exec "$@"' bash}; may be empty
     */
    static Result run(List<String> prefix, Class<?> mainClass, List<String> jvmOptions, List<String> args, Duration timeout)
            throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(patchedIntoModule(mainClass, jvmOptions.toArray(String[]::new)));
        command.addAll(args);
        return run(command, timeout);
    }

    /**
     * Runs a command to its end, output and errors together, waiting at most {@code timeout} before killing it
     * (its exit code is then -1, so a test requiring 0 fails with the output).
     */
    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("panama-child-");
        long start = System.nanoTime();
        try (ChildJvm child = start(command, dir, "child")) {
            boolean finished = child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!finished) {
                child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = "$ " + String.join(" ", command) + "\n" + child.output();
            return new Result(finished ? child.process().exitValue() : -1, !finished, output, elapsed);
        } finally {
            Files.deleteIfExists(dir.resolve("child.out"));
            Files.deleteIfExists(dir);
        }
    }

    /**
     * What a child run with {@link #runApart} printed.
     *
     * @param exitCode the child's exit status
     * @param stdout what it printed on standard output
     * @param stderr what it printed on standard error
     */
    public record Output(int exitCode, String stdout, String stderr) {
        /** @return everything, for an assertion message */
        public String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /**
     * Runs a command to completion with its output and errors apart, or kills it when the time is up.
     *
     * @param command the program and its arguments
     * @param stdin what to feed it, or {@code null} for nothing
     * @param timeout how long it may take
     * @return its exit status and output
     * @throws IOException when it cannot be started, or runs out of time
     * @throws InterruptedException when the test is interrupted
     */
    public static Output runApart(List<String> command, String stdin, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("panama-child");
        Path in = Files.writeString(dir.resolve("stdin"), stdin == null ? "" : stdin);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new IOException("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            for (Path f : List.of(in, out, err, dir)) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Copies the tree {@code from} to {@code to}, every directory mode 0755 and every file 0644. */
    static void copyWorldReadable(Path from, Path to) throws IOException {
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

    /**
     * The layout for mains of the {@code io.github.panamasockets.child} package: the library's module on the
     * module path, the child package on the class path.
     */
    static final class ClassPathMains {
        private final List<String> modulePath;
        private final Path classPath;

        private ClassPathMains(List<String> modulePath, Path classPath) {
            this.modulePath = modulePath;
            this.classPath = classPath;
        }

        /** The module path and test classes of this JVM, as they are. */
        static ClassPathMains here() {
            return new ClassPathMains(modulePathEntries(), testClasses());
        }

        /**
         * A copy of the module path and of the child classes in {@code dir}, every directory mode 0755 and every
         * file 0644, so that an unprivileged user can run them; {@code dir} itself is made traversable.
         */
        static ClassPathMains worldReadableCopy(Path dir) throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> modules = new ArrayList<>();
            int i = 0;
            for (String entry : modulePathEntries()) {
                Path copy = dir.resolve("module" + i++);
                copyWorldReadable(Path.of(entry), copy);
                modules.add(copy.toString());
            }
            Path classes = dir.resolve("classes");
            Path childPackage = Path.of("io", "github", "panamasockets", "child");
            copyWorldReadable(testClasses().resolve(childPackage), classes.resolve(childPackage));
            Files.setPosixFilePermissions(classes, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path p = classes.resolve(childPackage).getParent(); !p.equals(classes); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return new ClassPathMains(modules, classes);
        }

        /**
         * The command line for {@code main} with {@code args}, after {@code prefix} (such as {@code setpriv ...}).
         *
         * @param jvmOptions extra JVM options, such as {@code -Xmx256m}
         */
        List<String> command(List<String> prefix, List<String> jvmOptions, Class<?> main, String... args) {
            List<String> command = new ArrayList<>(prefix);
            command.add(tool("java"));
            command.add("-XX:-UsePerfData"); // no hsperfdata file in /tmp, which another user may not write
            command.addAll(jvmOptions);
            command.addAll(nativeAccess("io.github.panamasockets"));
            command.addAll(List.of("--module-path", String.join(File.pathSeparator, modulePath),
                    "--add-modules", "io.github.panamasockets", "-cp", classPath.toString(), main.getName()));
            command.addAll(Arrays.asList(args));
            return command;
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
                return Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
