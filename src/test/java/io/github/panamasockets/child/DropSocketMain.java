package io.github.panamasockets.child;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.PosixSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Opens a socket and drops it without {@code close}, then collects garbage until the cleaner has closed its
 * descriptor; prints {@code DROPPED <fd>} first and {@code GONE} at the end. Run by {@code CleanerTest} with the
 * library's logger at DEBUG, to see the leak reported.
 */
public final class DropSocketMain {
    private DropSocketMain() {}

    public static void main(String[] args) throws Exception {
        Path link = drop();
        for (int i = 0; i < 500 && Files.exists(link, LinkOption.NOFOLLOW_LINKS); i++) {
            System.gc();
            Thread.sleep(10);
        }
        System.out.println(Files.exists(link, LinkOption.NOFOLLOW_LINKS) ? "STILL OPEN" : "GONE");
    }

    private static Path drop() throws Exception {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        s.getsockname();
        // The number from toString, not fileno(), which would mark the socket shared.
        String text = s.toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("fd=(\\d+)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no descriptor number in " + text);
        }
        String fd = m.group(1);
        System.out.println("DROPPED " + fd);
        return Path.of("/proc/self/fd/" + fd);
    }
}
