package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What this process has open, read from {@code /proc/self/fd} (the one place the tests read it), for tests that
 * prove descriptors are neither leaked nor closed twice: counters of sockets and files, the descriptors by
 * number with {@link #assertNoneLeft}, and what one number refers to. Only sockets ({@code socket:[inode]}) and files under a given directory are counted:
 * the JVM opens and closes other files (jars, {@code /proc} itself) on its own schedule, which would make a
 * plain count flaky.
 */
final class OpenFiles {
    /** Descriptors made once for the life of the JVM: left out of {@link #assertNoneLeft}'s count. */
    private static final Set<String> LIFETIME = Set.of("anon_inode:[eventpoll]", "/dev/random", "/dev/urandom");

    private final Path dir;

    private OpenFiles(Path dir) {
        this.dir = dir;
    }

    /** @return a counter of open sockets only */
    static OpenFiles sockets() {
        return new OpenFiles(null);
    }

    /** @param dir a test's own directory @return a counter of open sockets and files under {@code dir} */
    static OpenFiles socketsAndFilesUnder(Path dir) throws IOException {
        return new OpenFiles(dir.toRealPath());
    }

    /** @return each counted target ({@code socket:[n]} or a path) and how many descriptors point at it */
    Map<String, Integer> snapshot() throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:") || (dir != null && target.startsWith(dir.toString()))) {
                    counts.merge(target, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** @param baseline an earlier snapshot @return the targets with more descriptors now than then */
    List<String> growthSince(Map<String, Integer> baseline) throws IOException {
        List<String> grown = new ArrayList<>();
        snapshot().forEach((target, n) -> {
            int before = baseline.getOrDefault(target, 0);
            if (n > before) {
                grown.add(target + " x" + (n - before));
            }
        });
        return grown;
    }

    /**
     * Collects garbage until nothing counted has grown since the baseline (cleaners closing what was dropped),
     * for at most {@code millis}.
     *
     * @return what is still open beyond the baseline; empty when all was closed
     */
    List<String> awaitNoGrowth(Map<String, Integer> baseline, long millis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<String> grown = growthSince(baseline);
        while (!grown.isEmpty() && System.nanoTime() - deadline < 0) {
            System.gc();
            Thread.sleep(20);
            grown = growthSince(baseline);
        }
        return grown;
    }

    /** @param fd a descriptor number @return whether this process has it open */
    static boolean isOpen(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * @param fd a descriptor number
     * @param target what it referred to before
     * @return whether it is open and still refers to that: {@code false} once it is closed (or reused for another file)
     */
    static boolean refersTo(int fd, String target) throws IOException {
        try {
            return target(fd).equals(target);
        } catch (NoSuchFileException closed) {
            return false;
        }
    }

    /** @param fd a descriptor number @return what it refers to: {@code socket:[inode]}, a path, ... */
    static String target(int fd) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    }

    /** @param fd an open descriptor @return its file status flags, {@code fcntl(F_GETFL)} */
    static int statusFlags(int fd) throws IOException {
        return Libc.fcntl(fd, SocketConstants.F_GETFL);
    }

    /** @param fd an open descriptor @return its descriptor flags, {@code fcntl(F_GETFD)} */
    static int descriptorFlags(int fd) throws IOException {
        return Libc.fcntl(fd, SocketConstants.F_GETFD);
    }

    /** @param key {@code Uid}, {@code Gid}, {@code CapEff}, ... @return the first field of that line of /proc/self/status */
    static String status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim().split("\\s+")[0];
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/self/status");
    }

    /** @param fd a descriptor number @return what it refers to, or {@code null} when the number is not open */
    static String targetOrNull(int fd) throws IOException {
        try {
            return target(fd);
        } catch (NoSuchFileException closed) {
            return null;
        }
    }

    /** @return what every open descriptor points to ({@code socket:[inode]}, {@code anon_inode:[eventfd]}, a path), by number */
    static Map<Integer, String> byNumber() throws IOException {
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
        Map<Integer, String> now = byNumber();
        for (int i = 0; i < 100 && !leftNothing(before, now); i++) {
            Thread.sleep(20);
            now = byNumber();
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
