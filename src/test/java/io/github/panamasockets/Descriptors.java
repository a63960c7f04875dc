package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The descriptors this process has open, from {@code /proc/self/fd}, and the check that none was left behind. */
final class Descriptors {
    private static final java.util.Set<String> LIFETIME = java.util.Set.of("anon_inode:[eventpoll]", "/dev/random", "/dev/urandom");
    private Descriptors() {}

    /** @return what every open descriptor points to ({@code socket:[inode]}, {@code anon_inode:[eventfd]}, a path), by number */
    static Map<Integer, String> open() throws IOException {
        Map<Integer, String> open = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    open.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException gone) {
                    // the directory stream's own descriptor, closed by now
                }
            }
        }
        return open;
    }

    /**
     * No descriptor is open now that was not open before: the count has not grown, and every socket and
     * eventfd open now was open before. Sockets dropped by earlier tests may be closed by the cleaner meanwhile,
     * so the count may shrink; it is looked at again for up to two seconds, for the cleaner's sake. Descriptors
     * made once for the life of the JVM are left out of the count: the library's two poller epoll instances,
     * made the first time a virtual thread waits in each direction, and the JDK's {@code /dev/random} and
     * {@code /dev/urandom}, opened when it first seeds a {@code SecureRandom} (for a temporary file's name).
     */
    static void assertNoneLeft(Map<Integer, String> before, String what) throws Exception {
        Map<Integer, String> now = open();
        for (int i = 0; i < 100 && !leftNothing(before, now); i++) {
            Thread.sleep(20);
            now = open();
        }
        Map<Integer, String> last = now;
        assertTrue(leftNothing(before, now), () -> what + ": descriptors before " + before + ", after " + last);
    }

    private static boolean leftNothing(Map<Integer, String> before, Map<Integer, String> now) {
        return countable(now) <= countable(before) && now.values().stream()
                .filter(target -> target.startsWith("socket:") || target.contains("eventfd"))
                .allMatch(before::containsValue);
    }

    private static long countable(Map<Integer, String> open) {
        return open.values().stream().filter(target -> !LIFETIME.contains(target)).count();
    }
}
