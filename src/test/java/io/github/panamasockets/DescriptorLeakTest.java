package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.bindings.linux.x86_64.sockets_h;
import io.github.panamasockets.internal.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No descriptor leaks and none escapes to a child: ten thousand {@code socket}/{@code close} cycles over three
 * families and a thousand {@code socketpair}/{@code close} cycles leave the count in {@code /proc/self/fd}
 * unchanged; every descriptor from {@code socket}, {@code socketpair} and {@code accept} has
 * {@code FD_CLOEXEC}; a socket dropped without close is closed by the cleaner, and a socket that was closed
 * and then dropped does not close its old number again once another socket holds it; {@code detach} releases
 * what hangs off a number (the wake-up eventfd, the poller's registration) and leaves the number open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DescriptorLeakTest {

    @Test
    void tenThousandSocketCloseCyclesLeaveNoDescriptorBehind() throws Exception {
        cycleSockets(30); // the first calls load classes and create per-thread state
        Map<Integer, String> before = OpenFiles.byNumber();
        cycleSockets(10_000);
        OpenFiles.assertNoneLeft(before, "descriptor leak");
    }

    private static void cycleSockets(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            PosixSocket s = switch (i % 3) {
                case 0 -> PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                case 1 -> PosixSocket.socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
                default -> PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
            };
            s.close();
        }
    }

    @Test
    void aThousandSocketpairCloseCyclesLeaveNoDescriptorBehind() throws Exception {
        cyclePairs(10);
        Map<Integer, String> before = OpenFiles.byNumber();
        cyclePairs(1_000);
        OpenFiles.assertNoneLeft(before, "descriptor leak");
    }

    private static void cyclePairs(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, i % 2 == 0 ? SOCK_STREAM : SOCK_DGRAM, 0);
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void everyDescriptorHasCloseOnExec() throws IOException {
        List<PosixSocket> all = new ArrayList<>();
        try {
            all.add(PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
            all.add(PosixSocket.socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP));
            all.add(PosixSocket.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
            all.addAll(List.of(PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0)));
            all.addAll(List.of(PosixSocket.socketpair(AF_UNIX, SOCK_SEQPACKET, 0)));

            PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            all.add(listener);
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(4);
            for (int i = 0; i < 2; i++) {
                PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                all.add(client);
                client.connect(listener.getsockname());
            }
            PosixSocket accepted = listener.accept();
            all.add(accepted);
            PosixSocket acceptedNonBlocking = listener.accept4(SockaddrStorage.allocate(), SOCK_NONBLOCK);
            assertNotNull(acceptedNonBlocking);
            all.add(acceptedNonBlocking);
            assertNotEquals(0, Libc.fcntl(acceptedNonBlocking.fileno(), sockets_h.F_GETFL()) & sockets_h.O_NONBLOCK(),
                    "accept4's SOCK_NONBLOCK reached the new descriptor");

            for (PosixSocket s : all) {
                int fd = s.fileno();
                int flags = Libc.fcntl(fd, sockets_h.F_GETFD());
                assertEquals(sockets_h.FD_CLOEXEC(), flags & sockets_h.FD_CLOEXEC(), s + " lacks FD_CLOEXEC");
            }
        } finally {
            for (PosixSocket s : all) {
                s.close();
            }
        }
    }

    @Test
    void aSocketDroppedWithoutCloseIsClosedByTheCleaner() throws Exception {
        int[] fd = new int[1];
        String target = openAndDrop(fd);
        Path link = Path.of("/proc/self/fd/" + fd[0]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (target.equals(linkTarget(link)) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertNotEquals(target, linkTarget(link), "descriptor " + fd[0] + " (" + target + ") is still open");
    }

    /** Opens a socket, remembers its number and what it points to, and keeps no reference to it. */
    private static String openAndDrop(int[] fd) throws IOException {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        fd[0] = s.fileno();
        String target = linkTarget(Path.of("/proc/self/fd/" + fd[0]));
        assertTrue(target != null && target.startsWith("socket:["), target);
        return target;
    }

    @Test
    void aClosedSocketDroppedLaterDoesNotCloseItsNumberAgain() throws Exception {
        int[] fd = new int[1];
        WeakReference<PosixSocket> dropped = closeAndDrop(fd);
        PosixSocket reuser = null;
        List<PosixSocket> extra = new ArrayList<>();
        try {
            for (int i = 0; i < 32 && reuser == null; i++) {
                PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                if (s.fileno() == fd[0]) {
                    reuser = s;
                } else {
                    extra.add(s);
                }
            }
            assertNotNull(reuser, "the kernel gave descriptor " + fd[0] + " to a new socket");
            Path link = Path.of("/proc/self/fd/" + fd[0]);
            String target = linkTarget(link);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dropped.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(dropped.get(), "the closed socket was collected");
            System.gc();
            Thread.sleep(100); // give the cleaner thread a chance to run, were anything still registered
            assertEquals(target, linkTarget(link), "the new socket's descriptor is still open");
            reuser.getsockname();
        } finally {
            if (reuser != null) {
                reuser.close();
            }
            for (PosixSocket s : extra) {
                s.close();
            }
        }
    }

    private static WeakReference<PosixSocket> closeAndDrop(int[] fd) throws IOException {
        PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        fd[0] = s.fileno();
        s.close();
        return new WeakReference<>(s);
    }

    @Test
    void detachReleasesTheWakeUpEventfdButNotTheNumber() throws Exception {
        // A platform thread's timed recv on a shared socket (a dup) waits in poll beside a wake-up eventfd; the
        // eventfd belongs to the object, not to the number, so detach must close it and leave the number open.
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            dupWaitAndDetach(a, 5);
            Map<Integer, String> before = OpenFiles.byNumber();
            dupWaitAndDetach(a, 300);
            OpenFiles.assertNoneLeft(before, "300 dup + timed recv + detach + close of the number");
        }
    }

    /** {@code rounds} times: dup, a recv that times out, detach, and the detached number still open, then closed. */
    private static void dupWaitAndDetach(PosixSocket s, int rounds) throws Exception {
        String target = linkTarget(Path.of("/proc/self/fd/" + s.handle().number()));
        for (int i = 0; i < rounds; i++) {
            PosixSocket copy = s.dup();
            copy.setTimeout(Duration.ofMillis(1));
            assertThrows(PosixTimeoutException.class, () -> copy.recv(new byte[1], 0));
            int fd = copy.detach();
            assertEquals(target, linkTarget(Path.of("/proc/self/fd/" + fd)), "detach left the number open");
            Libc.close(fd); // the caller's now
        }
    }

    @Test
    void detachDropsThePollerRegistrationButNotTheNumber() throws Exception {
        // A virtual thread's timed recv registers the descriptor with the library's epoll poller. After detach the
        // number is the caller's, and the poller must no longer hold it: the registration would outlive a close
        // by the caller while another descriptor keeps the socket open, and keep reporting events for it.
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        List<OwnedFd> detached = new ArrayList<>();
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            long inode = socketInode(a.handle().number());
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        PosixSocket copy = a.dup();
                        copy.setTimeout(Duration.ofMillis(1));
                        try {
                            copy.recv(new byte[1], 0);
                        } catch (PosixTimeoutException expected) {
                            // the wait, in the poller, is what this is for
                        }
                        // Kept open, so that every round's number is a new one and each could be found below.
                        detached.add(OwnedFd.adopt(copy.detach()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertTrue(waiter.join(Duration.ofSeconds(20)), "the virtual thread finished");
            assertEquals(50, detached.size());
            List<String> still = new ArrayList<>();
            for (OwnedFd fd : detached) {
                int n = fd.handle().number();
                assertEquals(inode, socketInode(n), "detach left descriptor " + n + " open");
                for (String entry : epollEntries()) {
                    if (entry.equals(n + "/" + inode)) {
                        still.add(entry);
                    }
                }
            }
            assertEquals(List.of(), still, "registrations (descriptor/inode) an epoll instance still holds after detach");
        } finally {
            for (OwnedFd fd : detached) {
                fd.close();
            }
        }
    }

    private static long socketInode(int fd) throws IOException {
        String target = linkTarget(Path.of("/proc/self/fd/" + fd));
        assertTrue(target != null && target.startsWith("socket:["), fd + " -> " + target);
        return Long.parseLong(target.substring("socket:[".length(), target.length() - 1));
    }

    /**
     * @return every registration of every epoll instance this process has open, as {@code descriptor/inode},
     *         from {@code /proc/self/fdinfo} ({@code tfd: 7 events: 19 data: 7 pos:0 ino:1b3a sdev:8})
     */
    private static List<String> epollEntries() throws IOException {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<Integer, String> open : OpenFiles.byNumber().entrySet()) {
            if (!open.getValue().equals("anon_inode:[eventpoll]")) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc/self/fdinfo/" + open.getKey()));
            } catch (NoSuchFileException closedMeanwhile) {
                continue;
            }
            for (String line : lines) {
                if (line.startsWith("tfd:")) {
                    String[] words = line.trim().split("\\s+");
                    String ino = null;
                    for (String w : words) {
                        if (w.startsWith("ino:")) {
                            ino = w.substring(4);
                        }
                    }
                    entries.add(words[1] + "/" + Long.parseLong(ino, 16));
                }
            }
        }
        return entries;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String linkTarget(Path link) throws IOException {
        try {
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            return Files.readSymbolicLink(link).toString();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }
}
