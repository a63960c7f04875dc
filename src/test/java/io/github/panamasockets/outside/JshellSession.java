package io.github.panamasockets.outside;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./scripts/jshell --no-build}, driven the way a person types: one line at a time, each sent only once
 * jshell prompts for it. A feedback mode of its own, copied from {@code normal}, marks the prompts so that each
 * answer can be cut out exactly. Reading from a pipe, jshell's line editor sometimes echoes what it is sent
 * (without the line break); see {@link Answer}.
 */
final class JshellSession implements AutoCloseable {
    /** jshell prints a prompt without its final line break, so the marker is a line of its own only at the start. */
    private static final String PROMPT = "\n@@jshell@@";
    private static final String MORE = "@@more@@";
    private static final Duration STEP = Duration.ofSeconds(60);

    private final Process process;
    private final Writer in;
    private final StringBuilder out = new StringBuilder();
    private final Path stderr;
    private final Path prefs;
    private int consumed;

    JshellSession() throws IOException, InterruptedException {
        prefs = Files.createTempDirectory("jshell-prefs");
        stderr = Files.createTempFile("jshell", ".err");
        // jshell keeps settings in the user's preferences; a private store keeps a user's retained ones out.
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("scripts", "jshell").toString(), "--no-build",
                "-J-Djava.util.prefs.userRoot=" + prefs);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectError(stderr.toFile());
        process = pb.start();
        in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("jshell-stdout").start(this::pump);
        send("/set mode doctest normal -quiet\n"
                + "/set prompt doctest \"" + PROMPT.replace("\n", "\\n") + "\" \"" + MORE + "\"\n"
                + "/set feedback doctest\n");
        awaitAnswer(); // whatever came before the first marked prompt: the normal prompts, the commands
    }

    /**
     * What jshell printed after a snippet, read two ways, since its line editor may or may not have echoed the
     * last line typed (it echoes what arrives while it waits, and how much has arrived by then is a race):
     * as printed, and with the longest start that repeats the typed line taken off. An answer is right when
     * either reading is.
     *
     * @param asPrinted everything after the snippet's last line was sent
     * @param withoutEcho the same without an echo of that line
     */
    record Answer(String asPrinted, String withoutEcho) {}

    /**
     * Types one snippet and waits for its answer.
     *
     * @param lines the snippet, a line at a time (more than one for a snippet that continues)
     * @return what jshell printed in answer, up to its next prompt
     */
    Answer eval(List<String> lines) throws IOException, InterruptedException {
        for (int i = 0; i < lines.size(); i++) {
            send(lines.get(i) + "\n");
            if (i < lines.size() - 1) {
                awaitText(MORE, i + 1);
            }
        }
        String answer = awaitAnswer();
        // Before the last continuation prompt there can only be echoes: a snippet answers once it is complete.
        int lastMore = answer.lastIndexOf(MORE);
        String tail = lastMore < 0 ? answer : answer.substring(lastMore + MORE.length());
        String typed = lines.get(lines.size() - 1);
        int echo = 0;
        while (echo < typed.length() && echo < tail.length() && tail.charAt(echo) == typed.charAt(echo)) {
            echo++;
        }
        return new Answer(tail, tail.substring(echo));
    }

    /** @return what jshell and its execution JVM wrote on standard error so far */
    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** @return everything jshell printed so far, for a failure message */
    String transcript() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            send("/exit\n");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(stderr);
            try (var files = Files.walk(prefs)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void send(String text) throws IOException {
        in.write(text);
        in.flush();
    }

    private void pump() {
        try (Reader r = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buf = new char[4096];
            for (int n; (n = r.read(buf)) != -1; ) {
                synchronized (out) {
                    out.append(buf, 0, n);
                    out.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Waits for the next marked prompt and returns what came before it. */
    private String awaitAnswer() throws IOException, InterruptedException {
        synchronized (out) {
            int at = waitFor(() -> out.indexOf(PROMPT, consumed));
            String answer = out.substring(consumed, at);
            consumed = at + PROMPT.length();
            return answer;
        }
    }

    /** Waits until {@code text} occurs {@code times} times after the last prompt. */
    private void awaitText(String text, int times) throws IOException, InterruptedException {
        synchronized (out) {
            waitFor(() -> {
                int from = consumed;
                for (int k = 0; k < times; k++) {
                    int at = out.indexOf(text, from);
                    if (at < 0) {
                        return -1;
                    }
                    from = at + text.length();
                }
                return from;
            });
        }
    }

    private int waitFor(java.util.function.IntSupplier found) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        int at;
        while ((at = found.getAsInt()) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive() && found.getAsInt() < 0) {
                throw new IOException("jshell did not answer within " + STEP + " (alive: " + process.isAlive()
                        + ")\n--- stdout ---\n" + out + "\n--- stderr ---\n" + stderr());
            }
            out.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
        return at;
    }
}
