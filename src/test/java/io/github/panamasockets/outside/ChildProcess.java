package io.github.panamasockets.outside;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program of the JDK (java, javac, jshell) as a child process with a time limit, and keeps what it
 * printed. The tests that look at the library from the outside — as jshell, a consumer, a traced JVM see it —
 * use it. Output goes to files rather than pipes, so a chatty child can never block on a full pipe.
 *
 * @param exitCode the child's exit status
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error
 */
public record ChildProcess(int exitCode, String stdout, String stderr) {
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
     * Runs a command to completion, or kills it when the time is up.
     *
     * @param command the program and its arguments
     * @param stdin what to feed it, or {@code null} for nothing
     * @param timeout how long it may take
     * @return its exit status and output
     * @throws IOException when it cannot be started, or runs out of time
     * @throws InterruptedException when the test is interrupted
     */
    public static ChildProcess run(List<String> command, String stdin, Duration timeout)
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
            return new ChildProcess(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            for (Path f : List.of(in, out, err, dir)) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** @return everything, for an assertion message */
    public String describe() {
        return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
