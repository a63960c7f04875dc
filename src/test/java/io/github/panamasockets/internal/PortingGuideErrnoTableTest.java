package io.github.panamasockets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.Errno;
import io.github.panamasockets.PosixSocketException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The errno → exception table in docs/porting-from-c.md is the code's: it is rendered here from
 * {@link ErrnoExceptions#specialCases()} (which asks {@link ErrnoExceptions#of} itself, errno by errno) and must
 * equal the text between the document's markers. When the mapping changes, this test fails and prints the new
 * table to paste in.
 */
class PortingGuideErrnoTableTest {
    static final Path DOC = Path.of("docs", "porting-from-c.md");
    static final String BEGIN = "<!-- errno-table:begin -->";
    static final String END = "<!-- errno-table:end -->";

    @Test
    void theTableInTheGuideIsTheOneTheCodeMakes() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " lacks the markers " + BEGIN + " and " + END);
        String inDoc = doc.substring(begin + BEGIN.length(), end).strip();
        String fromCode = render(ErrnoExceptions.specialCases());
        assertEquals(fromCode, inDoc, DOC + ": the errno table differs from ErrnoExceptions; put this between the markers:\n\n"
                + fromCode + "\n");
    }

    @Test
    void theTableHasTheClassesTheArchitectureDescribes() {
        Map<String, Class<? extends IOException>> table = ErrnoExceptions.specialCases();
        assertEquals(java.net.ConnectException.class, table.get("ECONNREFUSED").getSuperclass());
        assertEquals(java.net.BindException.class, table.get("EADDRINUSE").getSuperclass());
        assertTrue(table.containsKey("ETIMEDOUT") && table.containsKey("EHOSTUNREACH"));
    }

    /** The table: one row per errno with a class of its own, then the row for every other errno. */
    static String render(Map<String, Class<? extends IOException>> table) {
        List<String> rows = new ArrayList<>();
        rows.add("| errno | value | exception | the JDK class it extends |");
        rows.add("| --- | --- | --- | --- |");
        table.forEach((name, type) -> rows.add("| `" + name + "` | " + value(name) + " | `" + type.getSimpleName()
                + "` | `" + jdkClass(type).getName() + "` |"));
        rows.add("| any other | | `" + PosixSocketException.class.getSimpleName() + "` | `"
                + jdkClass(PosixSocketException.class).getName() + "` |");
        return String.join("\n", rows);
    }

    private static int value(String name) {
        for (int errno = 1; errno < 4096; errno++) {
            if (Errno.name(errno).equals(name)) {
                return errno;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** The nearest superclass that is the JDK's: what a catch block written for java.net already catches. */
    private static Class<?> jdkClass(Class<?> type) {
        Class<?> c = type;
        while (!c.getName().startsWith("java.")) {
            c = c.getSuperclass();
        }
        return c;
    }
}
