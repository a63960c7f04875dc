package io.github.panamasockets;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test sources in a JVM of its own, started the way this one was: the same
 * {@code java}, the library's module on the module path with the test classes patched into it, native access
 * granted to the module (and, on JDK 24+, required). The child's time is bounded: when it does not finish in
 * time it is killed, and the result says so.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * What the child did.
     *
     * @param exitCode its exit code, or -1 when it was killed for running out of time
     * @param timedOut whether it was killed
     * @param output what it wrote to stdout and stderr, interleaved
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
     * Runs {@code mainClass} with {@code jvmOptions} and {@code args}, waiting at most {@code timeout}.
     *
     * @param prefix what comes before the java command, e.g. {@code bash -c 'ulimit ...; exec "$@"' bash}; may be empty
     */
    static Result run(List<String> prefix, Class<?> mainClass, List<String> jvmOptions, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java command"));
        List<String> command = new ArrayList<>(prefix);
        command.add(java);
        command.add("--module-path");
        command.add(System.getProperty("jdk.module.path"));
        command.add("--patch-module");
        command.add("io.github.panamasockets=" + testClasses());
        command.add("--enable-native-access=io.github.panamasockets");
        if (Runtime.version().feature() >= 24) {
            command.add("--illegal-native-access=deny");
        }
        command.addAll(jvmOptions);
        command.add("-m");
        command.add("io.github.panamasockets/" + mainClass.getName());
        command.addAll(args);

        Path out = Files.createTempFile("panama-child-", ".out");
        Process p = null;
        long start = System.nanoTime();
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!finished) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = "$ " + String.join(" ", command) + "\n" + Files.readString(out, StandardCharsets.UTF_8);
            return new Result(finished ? p.exitValue() : -1, !finished, output, elapsed);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(out);
        }
    }

    /** @return the folder the test classes were loaded from */
    private static String testClasses() {
        try {
            return Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
