package io.github.panamasockets;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The facts of this machine's resolver configuration that the name tests rely on, checked before a test asks
 * for a name, so that no test ever sends a DNS query. A name other than an address literal is looked up only
 * when {@code /etc/nsswitch.conf} consults {@code files} first and {@code /etc/hosts} answers it, and the
 * reverse lookup of 127.0.0.1 likewise; on a machine where that does not hold, the test is skipped and says why.
 */
final class LocalNames {
    private LocalNames() {}

    /**
     * Skips the test unless {@code localhost} (IPv4 only) and the reverse of 127.0.0.1 are answered by
     * {@code /etc/hosts} before any other source.
     *
     * @return the name {@code /etc/hosts} gives first for 127.0.0.1: what a reverse lookup returns
     */
    static String assumeLocalhostFromEtcHosts() {
        assumeTrue(hostsSourcesStartWithFiles(), "/etc/nsswitch.conf does not consult files first for hosts");
        String first = null;
        boolean localhost = false;
        for (String line : lines(Path.of("/etc/hosts"))) {
            List<String> fields = fields(line);
            if (fields.size() >= 2 && fields.get(0).equals("127.0.0.1")) {
                if (first == null) {
                    first = fields.get(1);
                }
                localhost |= fields.subList(1, fields.size()).contains("localhost");
            }
        }
        assumeTrue(localhost && first != null, "/etc/hosts does not map localhost to 127.0.0.1");
        return first;
    }

    /**
     * Skips the test unless {@code /etc/services} names these ports (service lookups are local files, never
     * DNS, but the file may be absent in a minimal container).
     *
     * @param entries {@code "http 80/tcp"}-style pairs of name and port/protocol
     */
    static void assumeServices(String... entries) {
        List<String> lines = lines(Path.of("/etc/services"));
        for (String entry : entries) {
            List<String> wanted = fields(entry);
            boolean found = lines.stream().map(LocalNames::fields)
                    .anyMatch(f -> f.size() >= 2 && f.get(0).equals(wanted.get(0)) && f.get(1).equals(wanted.get(1)));
            assumeTrue(found, "/etc/services has no entry '" + entry + "'");
        }
    }

    /** Skips the test unless the loopback interface has the IPv6 address ::1. */
    static void assumeIpv6Loopback() {
        boolean found = lines(Path.of("/proc/net/if_inet6")).stream()
                .anyMatch(l -> l.startsWith("00000000000000000000000000000001"));
        assumeTrue(found, "no IPv6 loopback address (::1) on this machine");
    }

    private static boolean hostsSourcesStartWithFiles() {
        for (String line : lines(Path.of("/etc/nsswitch.conf"))) {
            List<String> f = fields(line);
            if (!f.isEmpty() && f.get(0).equals("hosts:")) {
                return f.size() >= 2 && f.get(1).toLowerCase(Locale.ROOT).equals("files");
            }
        }
        return false; // glibc's default without the file is "dns [!UNAVAIL=return] files": DNS first
    }

    private static List<String> fields(String line) {
        int hash = line.indexOf('#');
        String content = hash >= 0 ? line.substring(0, hash) : line;
        return Arrays.stream(content.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
