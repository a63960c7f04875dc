package io.github.panamasockets.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/jshell.md cannot rot: every {@code ```jshell} block in it is replayed, snippet by snippet, through
 * {@code ./scripts/jshell} — the same script, startup imports and native-access flags a reader uses — and
 * jshell's answers are compared with the lines the document shows under each {@code jshell>} line.
 *
 * <p>In the expected lines, {@code ...} stands for text that differs from run to run (descriptor numbers,
 * ports, addresses), and a line that is only {@code ...} for any number of lines (a stack trace).
 */
@Timeout(300)
class JshellWalkthroughTest {
    private static final Path DOC = Path.of("docs", "jshell.md");

    /** One thing typed at the prompt and what the document says jshell answers. */
    record Snippet(int line, List<String> input, List<String> expected) {}

    @Test
    void theWalkthroughInDocsJshellMdRunsAsWritten() throws Exception {
        List<Snippet> snippets = parse(Files.readAllLines(DOC));
        assertTrue(snippets.size() >= 30, "the walkthrough has lost its snippets: found " + snippets.size());
        try (JshellSession jshell = new JshellSession()) {
            for (Snippet s : snippets) {
                JshellSession.Answer answer = jshell.eval(s.input());
                List<String> actual = lines(answer.asPrinted());
                if (!matches(s.expected(), 0, actual, 0)) {
                    actual = lines(answer.withoutEcho());
                }
                if (!matches(s.expected(), 0, actual, 0)) {
                    fail(DOC + ":" + s.line() + ": jshell answered otherwise to\n  " + String.join("\n  ", s.input())
                            + "\nexpected:\n  " + String.join("\n  ", s.expected())
                            + "\nactual:\n  " + String.join("\n  ", actual)
                            + "\n--- stderr ---\n" + jshell.stderr());
                }
            }
            // java.util.prefs announces the private preferences store it creates; nothing else may appear.
            String stderr = jshell.stderr().replaceAll("(?m)^.*(FileSystemPreferences|user preferences directory).*\n?", "");
            assertEquals("", stderr, "nothing on standard error: no warning, no illegal native access");
        }
    }

    @Test
    void theComparisonItselfKnowsItsWildcards() {
        assertTrue(lineMatches("fd ==> ...", "fd ==> 7"));
        assertTrue(lineMatches("x ==> MemorySegment{ address: 0x..., byteSize: 16 }", "x ==> MemorySegment{ address: 0x7f00, byteSize: 16 }"));
        assertTrue(!lineMatches("x ==> MemorySegment{ address: 0x..., byteSize: 16 }", "x ==> MemorySegment{ address: 0x7f00, byteSize: 4 }"));
        assertTrue(!lineMatches("$7 ==> 0", "$8 ==> 0"));
        List<String> trace = List.of("|  Exception E: m", "|        at a", "|        at b");
        assertTrue(matches(List.of("|  Exception E: m", "..."), 0, trace, 0));
        assertTrue(!matches(List.of("|  Exception E: n", "..."), 0, trace, 0));
        assertTrue(!matches(List.of("|  Exception E: m"), 0, trace, 0), "lines left over do not match");
        List<Snippet> parsed = parse(List.of("text", "```jshell", "jshell> void f() {", "   ...> }", "|  created method f()",
                "", "jshell> f()", "```", "jshell> outside", "```jshell", "jshell> 1", "$3 ==> 1", "```"));
        assertEquals(List.of(new Snippet(3, List.of("void f() {", "}"), List.of("|  created method f()")),
                new Snippet(7, List.of("f()"), List.of()), new Snippet(11, List.of("1"), List.of("$3 ==> 1"))), parsed);
    }

    static List<Snippet> parse(List<String> doc) {
        List<Snippet> snippets = new ArrayList<>();
        boolean inBlock = false;
        List<String> input = null;
        List<String> expected = null;
        int start = 0;
        for (int i = 0; i <= doc.size(); i++) {
            String line = i < doc.size() ? doc.get(i) : "```";
            boolean startsSnippet = inBlock && line.startsWith("jshell> ");
            boolean endsBlock = inBlock && line.strip().equals("```");
            if ((startsSnippet || endsBlock) && input != null) {
                snippets.add(new Snippet(start, input, normalize(expected)));
                input = null;
            }
            if (!inBlock) {
                inBlock = line.strip().equals("```jshell");
            } else if (endsBlock) {
                inBlock = false;
            } else if (startsSnippet) {
                input = new ArrayList<>(List.of(line.substring("jshell> ".length())));
                expected = new ArrayList<>();
                start = i + 1;
            } else if (input != null && expected.isEmpty() && line.startsWith("   ...> ")) {
                input.add(line.substring("   ...> ".length()));
            } else if (input != null) {
                expected.add(line);
            }
        }
        return snippets;
    }

    private static List<String> lines(String text) {
        return normalize(List.of(text.split("\n", -1)));
    }

    /** Trailing blanks dropped from each line, blank lines from both ends. */
    static List<String> normalize(List<String> lines) {
        List<String> out = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Expected lines against actual ones: a {@code ...} line takes any number of lines, {@code ...} in a line any text. */
    static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).strip().equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    static boolean lineMatches(String expected, String actual) {
        String[] parts = expected.split(Pattern.quote("..."), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*?");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString()).matcher(actual).matches();
    }
}
