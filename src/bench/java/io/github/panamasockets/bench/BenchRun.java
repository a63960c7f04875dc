package io.github.panamasockets.bench;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the benchmarks as JMH's own {@code Main} does — JMH's command line, JMH's output, {@code -rf json} still
 * writing the raw JSON — through JMH's {@link Runner} API, and keeps what the runner returns, its
 * {@link RunResult} objects, in a file (Java serialization: JMH's results are {@link java.io.Serializable}) from
 * which {@link BenchReport} writes the report. The report is read from JMH's own objects, never re-parsed from
 * its JSON.
 *
 * {@snippet lang=sh :
 * java -cp target/benchmarks.jar io.github.panamasockets.bench.BenchRun target/bench/results.bin \
 *     PingPong -prof gc -rf json -rff target/bench/results.json
 * }
 */
public final class BenchRun {
    private BenchRun() {}

    /**
     * @param args the file for the results, then JMH's command line
     * @throws IOException when the results cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BenchRun RESULTS_FILE [JMH options]");
            System.exit(2);
        }
        Collection<RunResult> results;
        try {
            results = new Runner(new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length))).run();
        } catch (CommandLineOptionException | RunnerException e) {
            System.err.println("JMH: " + e.getMessage());
            System.exit(1);
            return;
        }
        write(results, Path.of(args[0]));
    }

    /** Writes the results, in the runner's order, to {@code file}. */
    static void write(Collection<RunResult> results, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(new ArrayList<>(results));
        }
    }
}
