package io.github.panamasockets.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panamasockets.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of C idioms in docs/porting-from-c.md cannot rot: the first code span of each Java cell is compiled
 * against the library, each in a method of its own that has the variables the guide says its cells may use, and
 * the C column must still name every idiom the guide promises a row for.
 */
class PortingGuideIdiomsTest {
    private static final Path DOC = Path.of("docs", "porting-from-c.md");
    private static final String BEGIN = "<!-- idioms:begin -->";
    private static final String END = "<!-- idioms:end -->";

    /** What the C column must mention: each C idiom the guide promises to translate. */
    private static final List<String> PROMISED = List.of("select", "FD_SET", "poll(", "FIONREAD", "SIOCOUTQ",
            "O_NONBLOCK", "F_SETFD", "perror", "strerror", "EXIT_FAILURE", "unlink", "shutdown", "ENOTCONN", "read(",
            "write(", "readv", "writev", "sendto", "recvfrom", "sendmsg", "recvmsg", "getpeername", "socketpair",
            "pipe2", "dup(", "dup2", "dup3", "SCM_RIGHTS", "gethostname", "if_nametoindex", "if_indextoname",
            "if_nameindex", "getservbyname", "getservbyport", "getprotobyname", "getprotobynumber", "gai_strerror",
            "inet_aton", "inet_addr", "inet_ntoa");

    /** The variables a cell may use, as the guide introduces them. */
    private static final String PARAMETERS = "int fd, PosixSocket s, SockaddrIn sa, Arena arena, MemorySegment buf, "
            + "byte[] bytes, MemorySegment n, MemorySegment len, MemorySegment iov, MemorySegment msg, MemorySegment fds, "
            + "String path, IOException e, OwnedFd file";

    record Row(int line, String c, List<String> java) {}

    @Test
    void everyJavaCellCompilesAndEveryPromisedIdiomHasARow(@TempDir Path out) throws Exception {
        List<Row> rows = rows(Files.readAllLines(DOC));
        assertTrue(rows.size() >= 25, "the idiom table has lost rows: " + rows.size());
        String cColumn = String.join("\n", rows.stream().map(Row::c).toList());
        List<String> missing = PROMISED.stream().filter(idiom -> !cColumn.contains(idiom)).toList();
        assertEquals(List.of(), missing, DOC + ": no row for these C idioms");

        StringBuilder source = new StringBuilder("""
                import static io.github.panamasockets.ArpaInet.*;
                import static io.github.panamasockets.SocketConstants.*;
                import io.github.panamasockets.*;
                import io.github.panamasockets.bindings.linux.x86_64.pollfd;
                import java.io.IOException;
                import java.lang.foreign.*;
                import java.nio.file.*;
                import java.util.*;
                class Idioms {
                """);
        List<String> cells = new ArrayList<>();
        for (Row row : rows) {
            assertTrue(!row.java().isEmpty(), DOC + ":" + row.line() + ": a row with no Java to compile");
            for (String java : row.java()) {
                String statement = java.endsWith(";") || java.endsWith("}") ? java : "Object value = " + java + ";";
                source.append("  void cell").append(cells.size()).append('(').append(PARAMETERS)
                        .append(") throws Exception {\n    ").append(statement).append("\n  }\n");
                cells.add(DOC + ":" + row.line() + ": " + java);
            }
        }
        source.append("}\n");

        // javac in a process of its own: the tests run inside the library's module, which does not read java.compiler.
        Path java = out.resolve("Idioms.java");
        Files.writeString(java, source);
        ChildJvm.Output p = ChildJvm.runApart(List.of(ChildJvm.tool("javac"), "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "-cp", Path.of("target", "classes").toString(), "-d", out.resolve("classes").toString(), java.toString()),
                null, Duration.ofSeconds(120));
        if (p.exitCode() != 0) {
            StringBuilder report = new StringBuilder("Java cells of the idiom table that do not compile:\n");
            String[] lines = source.toString().split("\n", -1);
            Matcher error = Pattern.compile("(?m)^.*Idioms\\.java:(\\d+): error: (.*)$").matcher(p.stderr() + p.stdout());
            while (error.find()) {
                int at = Integer.parseInt(error.group(1)) - 1;
                report.append("  ").append(cellOf(lines, at, cells)).append("\n    ").append(error.group(2)).append('\n');
            }
            fail(report + p.describe());
        }
    }

    /** The table cell whose method holds source line {@code at}. */
    private static String cellOf(String[] lines, int at, List<String> cells) {
        for (int i = at; i >= 0; i--) {
            Matcher m = Pattern.compile("^  void cell(\\d+)\\(").matcher(lines[i]);
            if (m.find()) {
                return cells.get(Integer.parseInt(m.group(1)));
            }
        }
        return "?";
    }

    /** The rows between the markers: the C cell, and the first code span of each Java cell that has one. */
    static List<Row> rows(List<String> doc) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " lacks the markers " + BEGIN + " and " + END);
        List<Row> rows = new ArrayList<>();
        for (int i = begin + 3; i < end; i++) { // after the header and the --- line
            String[] cells = doc.get(i).split("(?<!\\\\)\\|", -1); // '|' ends a cell; "\|" is a '|' inside one
            assertEquals(5, cells.length, DOC + ":" + (i + 1) + ": a row has three cells");
            List<String> java = new ArrayList<>();
            for (int c = 2; c <= 3; c++) {
                Matcher code = Pattern.compile("`([^`]+)`").matcher(cells[c]);
                if (code.find() && !cells[c].strip().startsWith("—")) {
                    java.add(code.group(1).replace("\\|", "|"));
                }
            }
            rows.add(new Row(i + 1, cells[1], java));
        }
        return rows;
    }

    @Test
    void theParserKnowsCellsAndEscapes() {
        List<Row> rows = rows(List.of(BEGIN, "| C | J | O |", "| --- | --- | --- |",
                "| `a \\| b` | `x(a \\| b);` then `not this` | — `nor this` |", END));
        assertEquals(List.of(new Row(4, " `a \\| b` ", List.of("x(a | b);"))), rows);
    }
}
