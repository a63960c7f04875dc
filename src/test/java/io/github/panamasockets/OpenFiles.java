package io.github.panamasockets;

import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What this process has open, read from {@code /proc/self/fd}, for tests that prove descriptors are neither
 * leaked nor closed twice. Only sockets ({@code socket:[inode]}) and files under a given directory are counted:
 * the JVM opens and closes other files (jars, {@code /proc} itself) on its own schedule, which would make a
 * plain count flaky.
 */
final class OpenFiles {
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
}
