package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class of the test sources on the module path this JVM has. Surefire does not put
 * the test classes on that path — it patches them into the library's module ({@code jdk.module.path} holds only
 * {@code target/classes}) — so the child gets the same {@code --patch-module}. Its output goes to a file, which
 * {@link #report()} puts into failure messages; {@link #close()} kills it.
 */
record ChildJvm(Process process, List<String> command, Path out) implements AutoCloseable {
    /** How long any wait for a child may last. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    /**
     * @param mainClass a class of the test sources with a {@code main}
     * @param jvmOptions extra options, before {@code -m}
     * @return a mutable command line; arguments for {@code main} may be appended
     */
    static List<String> command(Class<?> mainClass, String... jvmOptions) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path testClasses = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java,
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "io.github.panamasockets=" + testClasses,
                "--enable-native-access=io.github.panamasockets"));
        if (Runtime.version().feature() >= 24) {
            command.add("--illegal-native-access=deny");
        }
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
     * Runs {@code mainClass} with {@code jvmOptions} and {@code args} to its end, waiting at most
     * {@code timeout} before killing it.
     *
     * @param prefix what comes before the java command, e.g. {@code bash -c 'ulimit ...; exec "$@"' bash}; may be empty
     */
    static Result run(List<String> prefix, Class<?> mainClass, List<String> jvmOptions, List<String> args, Duration timeout)
            throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(command(mainClass, jvmOptions.toArray(String[]::new)));
        command.addAll(args);
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
}
