package io.github.panamasockets.bench;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;

/**
 * Writes the Markdown report of a benchmark run ({@code docs/benchmarks.md}) from JMH's results, the
 * {@link RunResult} objects {@link BenchRun} kept from JMH's runner: for each
 * workload and variant, the library's score and NIO's with JMH's error, their ratio, which side is ahead and by
 * how much, and the bytes allocated per operation from {@code -prof gc}; then the same comparison for the CPU
 * time per operation ({@link CpuTimeProfiler}), what each workload does, and the machine and settings of the run.
 * Text written by hand below the marker line
 * {@code <!-- Written by hand below this line: scripts/bench keeps it. -->} of the previous report is kept at the
 * end of the new one.
 *
 * <p>Benchmarks are found by name: in a class, a method {@code library_X} is compared with {@code nio_X}, or
 * with {@code nio_direct} when there is no {@code nio_X}, for the same parameters. Titles, descriptions and
 * variant labels come from the {@link Workload} and {@link Variant} annotations, read from the classes (which are
 * on the class path with this one, in the benchmarks jar) without initializing them.
 *
 * {@snippet lang=sh :
 * java -cp target/benchmarks.jar io.github.panamasockets.bench.BenchReport \
 *     --results target/bench/results.bin --output docs/benchmarks.md \
 *     [--note TEXT] [--date TEXT] [--duration TEXT] [--cpu TEXT] [--load-before "0.10 0.20 0.30"] \
 *     [--load-after ...] [--command TEXT]
 * }
 */
public final class BenchReport {
    private static final String LIBRARY = "library_";
    private static final String NIO = "nio_";
    /** The line after which a report's text is written by hand and kept from run to run. */
    static final String NOTES_MARKER = "<!-- Written by hand below this line: scripts/bench keeps it. -->";

    private BenchReport() {}

    /** One measured quantity: JMH's mean, its error, the 99.9 % confidence interval and the unit. */
    record Metric(double score, double error, double low, double high, String unit) {
        static final Metric NONE = new Metric(Double.NaN, Double.NaN, Double.NaN, Double.NaN, "");

        boolean present() {
            return !Double.isNaN(score);
        }

        boolean lowerIsBetter() {
            return unit.endsWith("/op");
        }
    }

    /** One benchmark's result: a method with its parameters, its score, and what the profilers measured. */
    record Result(String className, String method, Map<String, String> params, Metric primary, Metric alloc,
                  Metric cpu) {}

    /** A line of a table: a library result and the NIO result it is compared with; either may be missing. */
    record Row(Result library, Result nio) {}

    /**
     * @param args {@code --results FILE} (written by {@link BenchRun}) {@code --output FILE}, and optionally {@code --note}, {@code --date},
     *             {@code --duration}, {@code --cpu}, {@code --load-before}, {@code --load-after} and
     *             {@code --command}, each with a text to print as it is
     * @throws IOException when the results cannot be read or the report written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --results FILE --output FILE [--note TEXT] [--date TEXT]"
                        + " [--duration TEXT] [--cpu TEXT] [--load-before TEXT] [--load-after TEXT] [--command TEXT];"
                        + " got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        Path results = Path.of(required(options, "results"));
        Path output = Path.of(required(options, "output"));
        List<RunResult> entries = read(results);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(results + " holds no results");
        }
        String report = render(entries, options) + keptNotes(output);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(output, report, StandardCharsets.UTF_8);
        System.out.println("report written to " + output);
    }

    /** The results {@link BenchRun} kept, in JMH's order. */
    @SuppressWarnings("unchecked")
    private static List<RunResult> read(Path file) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            return (List<RunResult>) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(file + " holds results of classes this jar does not have", e);
        }
    }

    /** The hand-written part of an earlier report: everything from the marker line on, carried over as it is. */
    private static String keptNotes(Path output) throws IOException {
        if (!Files.exists(output)) {
            return "";
        }
        String old = Files.readString(output, StandardCharsets.UTF_8);
        int at = old.indexOf(NOTES_MARKER);
        return at < 0 ? "" : "\n" + old.substring(at);
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    static String render(List<RunResult> entries, Map<String, String> options) {
        List<Result> all = new ArrayList<>();
        for (RunResult e : entries) {
            all.add(result(e));
        }
        BenchmarkParams first = entries.get(0).getParams();

        // Group by class and parameters, in the workloads' order, then the parameters' order of appearance.
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        all.stream()
                .sorted(Comparator.comparingInt((Result r) -> workload(r.className()).order)
                        .thenComparing(Result::className))
                .forEach(r -> groups.computeIfAbsent(r.className() + " " + r.params(), k -> new ArrayList<>()).add(r));

        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("panama-sockets and the JDK's NIO (`SocketChannel`, `DatagramChannel`, `ServerSocketChannel`) on the"
                + " same workloads in the same run, measured with JMH. This file is written by `scripts/bench`"
                + " from JMH's JSON results; run that script to measure again (see [the README](../README.md#benchmarks)).\n\n");
        String note = options.get("note");
        if (note != null && !note.isBlank()) {
            md.append("> **Note.** ").append(note.strip()).append("\n\n");
        }

        md.append("## Results\n\n");
        md.append("| Workload | Variant: library vs NIO | panama-sockets | JDK NIO | library / NIO | Better | Verdict"
                + " | Allocated, library | Allocated, NIO |\n");
        md.append("| --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: |\n");
        List<WorkloadInfo> described = new ArrayList<>();
        Set<String> titlesSeen = new HashSet<>();
        for (List<Result> group : groups.values()) {
            WorkloadInfo w = workload(group.get(0).className());
            if (titlesSeen.add(w.title)) {
                described.add(w);
            }
            for (Row row : pair(group)) {
                Result any = row.library() != null ? row.library() : row.nio();
                md.append("| ").append(label(w, any))
                        .append(" | ").append(variants(row))
                        .append(" | ").append(cell(row.library(), r -> score(r.primary(), w)))
                        .append(" | ").append(cell(row.nio(), r -> score(r.primary(), w)))
                        .append(" | ").append(ratio(row, Result::primary))
                        .append(" | ").append(any.primary().lowerIsBetter() ? "lower" : "higher")
                        .append(" | ").append(verdict(row, Result::primary, "faster"))
                        .append(" | ").append(cell(row.library(), r -> allocation(r.alloc())))
                        .append(" | ").append(cell(row.nio(), r -> allocation(r.alloc())))
                        .append(" |\n");
            }
        }
        md.append('\n');
        md.append("How to read it: a score is JMH's mean ± its error (half the 99.9 % confidence interval) over the"
                + " measurement iterations. For a time per operation (`ns/op`, `us/op`) lower is better, so a ratio"
                + " library / NIO below 1 favours the library; for a rate (`ops/s`) higher is better, so a ratio above"
                + " 1 favours the library. The verdict is \"no clear difference\" when the two confidence intervals"
                + " overlap. *Allocated* is `gc.alloc.rate.norm` from `-prof gc`: bytes allocated on the Java heap"
                + " per operation, counted over the whole JVM (JMH's GC profiler reads the JVM-wide allocation"
                + " counters), so an echo or drain thread's allocations are included; about 1 B/op or less is JMH's"
                + " own bookkeeping spread over the operations (more of it per operation when operations are slow):"
                + " nothing is allocated per operation.\n\n");

        if (all.stream().anyMatch(r -> r.cpu().present())) {
            md.append("## CPU time per operation\n\n");
            md.append("The CPU time the benchmark JVM spent per operation, user and system, all its threads (the"
                    + " benchmark's, the echo or drain thread's, JMH's, the JIT's and the GC's), measured by"
                    + " `CpuTimeProfiler` over each iteration. Lower is better. Unlike the time per operation above it"
                    + " does not count waiting for a core, so it holds up better on a machine shared with other work;"
                    + " it does count what the kernel did for the calls.\n\n");
            md.append("| Workload | Variant: library vs NIO | panama-sockets | JDK NIO | library / NIO | Verdict |\n");
            md.append("| --- | --- | ---: | ---: | ---: | --- |\n");
            for (List<Result> group : groups.values()) {
                WorkloadInfo w = workload(group.get(0).className());
                for (Row row : pair(group)) {
                    Result any = row.library() != null ? row.library() : row.nio();
                    md.append("| ").append(label(w, any))
                            .append(" | ").append(variants(row))
                            .append(" | ").append(cell(row.library(), r -> cpuTime(r.cpu())))
                            .append(" | ").append(cell(row.nio(), r -> cpuTime(r.cpu())))
                            .append(" | ").append(ratio(row, Result::cpu))
                            .append(" | ").append(verdict(row, Result::cpu, "cheaper"))
                            .append(" |\n");
                }
            }
            md.append('\n');
        }

        md.append("## Workloads\n\n");
        for (WorkloadInfo w : described) {
            md.append("**").append(w.title).append(".** ").append(w.operation).append("\n\n");
        }

        md.append("## The run\n\n");
        md.append("- Date: ").append(options.getOrDefault("date",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))))
                .append('\n');
        md.append("- Machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores available to the JVM; Linux ").append(kernel()).append('\n');
        md.append("- JDK: ").append(text(first.getJdkVersion())).append(", ").append(text(first.getVmName()))
                .append(' ').append(text(first.getVmVersion())).append('\n');
        md.append("- JMH ").append(text(first.getJmhVersion())).append(": ")
                .append(first.getForks()).append(" fork, ")
                .append(first.getWarmup().getCount()).append(" × ").append(text(first.getWarmup().getTime()))
                .append(" warmup, ").append(first.getMeasurement().getCount()).append(" × ")
                .append(text(first.getMeasurement().getTime())).append(" measurement, ")
                .append(first.getThreads()).append(" benchmark thread")
                .append(" (the settings of the first benchmark; every class declares the same)\n");
        List<String> jvmArgs = new ArrayList<>(first.getJvmArgs());
        if (!jvmArgs.isEmpty()) {
            md.append("- Forked JVM options: `").append(jvmArgs.stream().map(String::valueOf)
                    .collect(Collectors.joining(" "))).append("`\n");
        }
        md.append("- The benchmarks run on the class path (the library as an unnamed module, native access granted to"
                + " `ALL-UNNAMED`); NIO's channels are opened as `AF_INET` (`StandardProtocolFamily.INET`) or"
                + " `AF_UNIX`, like the library's sockets\n");
        if (options.containsKey("duration")) {
            md.append("- Duration of the JMH run: ").append(options.get("duration")).append('\n');
        }
        if (options.containsKey("cpu")) {
            md.append("- CPU: ").append(options.get("cpu")).append('\n');
        }
        if (options.containsKey("load-before") || options.containsKey("load-after")) {
            md.append("- Load average (1, 5, 15 min) before the run: ").append(options.getOrDefault("load-before", "?"))
                    .append("; after: ").append(options.getOrDefault("load-after", "?")).append('\n');
        }
        if (options.containsKey("command")) {
            md.append("- Command: `").append(options.get("command")).append("`\n");
        }
        return md.toString();
    }

    /** Pairs each {@code library_X} with {@code nio_X} or {@code nio_direct}; unpaired NIO results stand alone. */
    static List<Row> pair(List<Result> group) {
        Map<String, Result> nio = new LinkedHashMap<>();
        for (Result r : group) {
            if (r.method().startsWith(NIO)) {
                nio.put(r.method(), r);
            }
        }
        List<Row> rows = new ArrayList<>();
        Set<Result> used = new HashSet<>();
        List<Result> ordered = new ArrayList<>(group);
        ordered.sort(Comparator.comparingInt(BenchReport::variantRank));
        for (Result r : ordered) {
            if (!r.method().startsWith(LIBRARY)) {
                continue;
            }
            Result match = nio.get(NIO + r.method().substring(LIBRARY.length()));
            if (match == null) {
                match = nio.get(NIO + "direct");
            }
            rows.add(new Row(r, match));
            if (match != null) {
                used.add(match);
            }
        }
        for (Result r : nio.values()) {
            if (!used.contains(r)) {
                rows.add(new Row(null, r));
            }
        }
        return rows;
    }

    /** Native memory first, then direct buffers, then the Java heap, then anything else in JMH's order. */
    private static int variantRank(Result r) {
        String m = r.method();
        return m.endsWith("_segment") ? 0 : m.endsWith("_direct") ? 1 : m.endsWith("_heap") ? 2 : 3;
    }

    private static Result result(RunResult run) {
        BenchmarkParams p = run.getParams();
        String benchmark = p.getBenchmark();
        int dot = benchmark.lastIndexOf('.');
        Map<String, String> params = new TreeMap<>();
        for (String key : p.getParamsKeys()) {
            params.put(key, p.getParam(key));
        }
        var secondary = run.getSecondaryResults();
        return new Result(benchmark.substring(0, dot), benchmark.substring(dot + 1), params,
                metric(run.getPrimaryResult()), metric(secondary.get("gc.alloc.rate.norm")),
                metric(secondary.get("cpu.time.norm")));
    }

    /** JMH's mean, error, confidence interval and unit of one result, or {@link Metric#NONE} when not measured. */
    private static Metric metric(org.openjdk.jmh.results.Result<?> m) {
        if (m == null) {
            return Metric.NONE;
        }
        double[] confidence = m.getScoreConfidence();
        return new Metric(m.getScore(), m.getScoreError(),
                confidence.length == 2 ? confidence[0] : Double.NaN,
                confidence.length == 2 ? confidence[1] : Double.NaN, m.getScoreUnit());
    }

    private static String label(WorkloadInfo w, Result r) {
        return w.title + (r.params().isEmpty() ? "" : " — " + String.join(", ", r.params().values()));
    }

    private static String cell(Result r, Function<Result, String> format) {
        return r == null ? "—" : format.apply(r);
    }

    private static String variants(Row row) {
        String l = row.library() == null ? "—" : variant(row.library());
        String n = row.nio() == null ? "—" : variant(row.nio());
        return l.equals(n) ? l : l + " vs " + n;
    }

    private static String variant(Result r) {
        try {
            Class<?> c = Class.forName(r.className(), false, BenchReport.class.getClassLoader());
            for (var m : c.getMethods()) {
                if (m.getName().equals(r.method()) && m.isAnnotationPresent(Variant.class)) {
                    return m.getAnnotation(Variant.class).value();
                }
            }
        } catch (ClassNotFoundException e) {
            // a result from a class not in this jar: fall back to the name
        }
        String m = r.method();
        return m.substring(m.indexOf('_') + 1);
    }

    /** What the report needs of a {@link Workload}. */
    record WorkloadInfo(String title, String operation, int order, long bytesPerOperation) {}

    private static WorkloadInfo workload(String className) {
        try {
            Workload w = Class.forName(className, false, BenchReport.class.getClassLoader()).getAnnotation(Workload.class);
            if (w != null) {
                return new WorkloadInfo(w.title(), w.operation(), w.order(), w.bytesPerOperation());
            }
        } catch (ClassNotFoundException e) {
            // described by its name below
        }
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return new WorkloadInfo(simple, "(no description)", Integer.MAX_VALUE, 0);
    }

    private static String score(Metric m, WorkloadInfo w) {
        String s = withError(m);
        if (w.bytesPerOperation() > 0 && m.unit().equals("ops/s")) {
            s += " (" + fixed(m.score() * w.bytesPerOperation() / (1024.0 * 1024.0), 0) + " MiB/s)";
        }
        return s;
    }

    private static String withError(Metric m) {
        int digits = decimals(m.score());
        return fixed(m.score(), digits) + (Double.isNaN(m.error()) ? "" : " ± " + fixed(m.error(), digits)) + " "
                + m.unit();
    }

    private static String cpuTime(Metric m) {
        return m.present() ? withError(m) : "—";
    }

    private static String ratio(Row row, Function<Result, Metric> which) {
        if (row.library() == null || row.nio() == null) {
            return "—";
        }
        return fixed(which.apply(row.library()).score() / which.apply(row.nio()).score(), 2);
    }

    /** Which side is ahead and by how much, or "no clear difference" when the confidence intervals overlap. */
    static String verdict(Row row, Function<Result, Metric> which, String better) {
        if (row.library() == null || row.nio() == null) {
            return "—";
        }
        Metric lib = which.apply(row.library());
        Metric nio = which.apply(row.nio());
        if (!lib.present() || !nio.present()) {
            return "—";
        }
        boolean overlap = !Double.isNaN(lib.low()) && !Double.isNaN(nio.low())
                && lib.low() <= nio.high() && nio.low() <= lib.high();
        if (overlap) {
            return "no clear difference";
        }
        double libraryAdvantage = lib.lowerIsBetter() ? nio.score() / lib.score() : lib.score() / nio.score();
        String winner = libraryAdvantage >= 1 ? "library" : "NIO";
        double factor = libraryAdvantage >= 1 ? libraryAdvantage : 1 / libraryAdvantage;
        return factor < 1.5
                ? winner + " " + fixed((factor - 1) * 100, 0) + " % " + better
                : winner + " " + fixed(factor, 1) + "× " + better;
    }

    private static String allocation(Metric m) {
        if (!m.present()) {
            return "—";
        }
        return (m.score() < 10 ? fixed(m.score(), 2) : fixed(m.score(), 0)) + " B/op";
    }

    private static int decimals(double v) {
        double a = Math.abs(v);
        return a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
    }

    private static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, decimals == 0 ? "%,.0f" : "%,." + decimals + "f", v);
    }

    private static String text(Object v) {
        return v == null ? "?" : String.valueOf(v);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux, or no /proc: say so below
        }
        return "CPU model unknown";
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }
}
