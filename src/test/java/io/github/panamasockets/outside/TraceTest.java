package io.github.panamasockets.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dpanama.trace=true} logs every C call like strace, through {@link System.Logger}; without it nothing
 * is logged. The switch is read once per JVM, so each case runs {@link TracedProgram} in a JVM of its own, with
 * java.util.logging (the default backend) printing just the message of each record on standard error.
 */
class TraceTest {
    private static ChildJvm.Output runTraced(boolean trace) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.tool("java")));
        cmd.addAll(ChildJvm.nativeAccess("ALL-UNNAMED"));
        cmd.add("-cp");
        cmd.add(Path.of("target", "classes") + java.io.File.pathSeparator + Path.of("target", "test-classes"));
        if (trace) {
            cmd.add("-Dpanama.trace=true");
        }
        cmd.add("-Djava.util.logging.SimpleFormatter.format=%5$s%n");
        cmd.add(TracedProgram.class.getName());
        ChildJvm.Output p = ChildJvm.runApart(cmd, null, Duration.ofSeconds(60));
        assertEquals(0, p.exitCode(), p.describe());
        assertEquals("received 5\nrefused: ECONNREFUSED\n", p.stdout(), p.describe());
        return p;
    }

    @Test
    void everyCallIsLoggedWithDecodedArgumentsResultAndErrno() throws Exception {
        ChildJvm.Output p = runTraced(true);
        String log = p.stderr();
        // The kernel's view, as strace would print it: names, flags and addresses decoded.
        assertMatches(log, "socket\\(AF_INET, SOCK_STREAM\\|SOCK_CLOEXEC, 0\\) = \\d+");
        String v4 = "\\{sa_family=AF_INET, sin_port=htons\\(\\d+\\), sin_addr=inet_addr\\(\"127\\.0\\.0\\.1\"\\)\\}";
        assertMatches(log, "bind\\(\\d+, \\{sa_family=AF_INET, sin_port=htons\\(0\\), sin_addr=inet_addr\\(\"127\\.0\\.0\\.1\"\\)\\}, 16\\) = 0");
        assertMatches(log, "listen\\(\\d+, 1\\) = 0");
        assertMatches(log, "getsockname\\(\\d+, " + v4 + ", \\[16\\]\\) = 0");
        assertMatches(log, "connect\\(\\d+, " + v4 + ", 16\\) = 0");
        assertMatches(log, "accept4\\(\\d+, NULL, NULL, SOCK_CLOEXEC\\) = \\d+");
        // Buffers by length, never by content; the library's own flags shown by name.
        assertMatches(log, "send\\(\\d+, <5 bytes>, 5, MSG_DONTWAIT\\|MSG_NOSIGNAL\\) = 5");
        assertMatches(log, "recv\\(\\d+, <5 bytes>, 64, MSG_DONTWAIT\\) = 5");
        assertMatches(log, "close\\(\\d+\\) = 0");
        // Levels, options, SHUT_* and struct values by name.
        assertMatches(log, "setsockopt\\(\\d+, SOL_TCP, TCP_NODELAY, \\[1\\], 4\\) = 0");
        assertMatches(log, "getpeername\\(\\d+, " + v4 + ", \\[16\\]\\) = 0");
        assertMatches(log, "shutdown\\(\\d+, SHUT_WR\\) = 0");
        assertMatches(log, "recv\\(\\d+, <0 bytes>, 64, MSG_PEEK\\|MSG_DONTWAIT\\) = 0");
        assertMatches(log, "getsockopt\\(\\d+, SOL_SOCKET, SO_PEERCRED, \\{pid=[1-9]\\d*, uid=\\d+, gid=\\d+\\}, \\[12\\]\\) = 0");
        // A failure shows -1, then errno's name and text.
        assertMatches(log, "connect\\(\\d+, " + v4 + ", 16\\) = -1 ECONNREFUSED \\(Connection refused\\)");
        assertFalse(log.contains("strerrorname_np"), "the errno-name lookups made while formatting are not traced");
    }

    @Test
    void withoutTheSwitchNothingIsLogged() throws Exception {
        ChildJvm.Output p = runTraced(false);
        assertEquals("", p.stderr(), p.describe());
    }

    private static void assertMatches(String log, String lineRegex) {
        assertTrue(Pattern.compile("(?m)^" + lineRegex + "$").matcher(log).find(),
                "no trace line matches " + lineRegex + " in:\n" + log);
    }
}
