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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.NativeCall;
import io.github.panamasockets.internal.Scratch;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No descriptor of the library's reaches a child process: a child lists its own open descriptors, and none of
 * ours — sockets from {@code socket}, {@code socketpair}, {@code accept4}, {@code dup}, {@code fromfd}, a
 * descriptor received with {@code SCM_RIGHTS}, an {@link Epoll}, an {@link OwnedFd} file, and the wake-up
 * eventfd and poller epoll instances the library makes for itself — is among them.
 *
 * <p>The child is started with glibc's {@code posix_spawn}, which leaves every descriptor without
 * {@code FD_CLOEXEC} open in the child, as any native code in the process that starts a program would. The
 * JDK's {@link ProcessBuilder} cannot show inheritance: its launcher closes every descriptor above 2 in the
 * child, so even a descriptor made inheritable on purpose is missing there
 * ({@link #processBuilderChildrenInheritNothingAtAll}). The control case clears {@code FD_CLOEXEC} on one
 * socket and checks that the spawned child does hold it: the listing can see an inherited socket.
 *
 * <p>That each descriptor has {@code FD_CLOEXEC} set is also checked with {@code fcntl} in
 * {@link DescriptorLeakTest#everyDescriptorHasCloseOnExec}; here the kernel's own view of every descriptor the
 * library opened ({@code /proc/self/fdinfo}, {@code O_CLOEXEC} in {@code flags}) is checked as well.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseOnExecChildTest {
    private static final Pattern LINK = Pattern.compile("\\s(\\d+) -> (.+)$");
    private static final int O_CLOEXEC = 02000000;

    @Test
    void aSpawnedChildHoldsNoneOfOurDescriptorsUnlessOneIsMadeInheritable(@TempDir Path dir) throws Exception {
        Map<Integer, String> before = OpenFiles.byNumber();
        List<AutoCloseable> ours = new ArrayList<>();
        try {
            PosixSocket tcp = openEveryKind(ours, dir);
            // Ours: the sockets, epoll instances, eventfds and files opened meanwhile (the JVM may open and close
            // others, such as class files, at any time).
            Map<Integer, String> mine = new TreeMap<>(OpenFiles.byNumber());
            mine.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
            mine.values().removeIf(t -> !t.startsWith("socket:") && !t.startsWith("anon_inode:") && !t.startsWith(dir.toString()));
            assertTrue(mine.size() >= 15, "the library opened its descriptors: " + mine);
            for (int fd : mine.keySet()) {
                int flags = fdinfoFlags(fd);
                assertEquals(O_CLOEXEC, flags & O_CLOEXEC, "fd " + fd + " (" + mine.get(fd) + ") lacks O_CLOEXEC");
            }

            Map<Integer, String> child = spawnAndList(dir);
            assertTrue(child.containsKey(0) && child.containsKey(1), "the listing is the child's own: " + child);
            for (Map.Entry<Integer, String> e : mine.entrySet()) {
                assertFalse(e.getValue().equals(child.get(e.getKey())),
                        "the child inherited fd " + e.getKey() + " -> " + e.getValue() + "; child: " + child);
            }
            System.out.println("cloexec: " + mine.size() + " descriptors of the library open " + mine.values()
                    + "; a spawned child holds " + child.size() + ", none of ours");

            // Control: the same listing does show a socket that lacks FD_CLOEXEC.
            int fd = tcp.handle().number();
            String inode = mine.get(fd);
            Libc.fcntl(fd, SocketConstants.F_SETFD, 0);
            Map<Integer, String> leaky = spawnAndList(dir);
            assertEquals(inode, leaky.get(fd), "an inheritable socket shows up in the child: " + leaky);
            Libc.fcntl(fd, SocketConstants.F_SETFD, SocketConstants.FD_CLOEXEC);
            System.out.println("cloexec: control, FD_CLOEXEC cleared on fd " + fd + " -> the child holds " + fd + " -> " + leaky.get(fd));
        } finally {
            for (AutoCloseable c : ours.reversed()) {
                c.close();
            }
        }
    }

    /**
     * The JDK's launcher closes every descriptor above 2 before it runs the program, whatever its flags: a
     * {@link ProcessBuilder} child holds none of ours even when one is made inheritable on purpose. So a
     * {@code ProcessBuilder} child cannot tell whether the library sets {@code FD_CLOEXEC}; the spawned child
     * above can.
     */
    @Test
    void processBuilderChildrenInheritNothingAtAll() throws Exception {
        try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) {
            int fd = s.handle().number();
            Libc.fcntl(fd, SocketConstants.F_SETFD, 0);
            Process p = new ProcessBuilder("bash", "-c", "ls -l /proc/$$/fd").redirectErrorStream(true).start();
            String listing = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            Map<Integer, String> child = parse(listing);
            assertTrue(child.containsKey(0), listing);
            assertFalse(child.containsKey(fd) && child.get(fd).startsWith("socket:"), "ProcessBuilder passed fd " + fd + ": " + listing);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Opens a descriptor of every kind the library makes; returns one TCP socket for the control case. */
    private static PosixSocket openEveryKind(List<AutoCloseable> ours, Path dir) throws Exception {
        PosixSocket listener = add(ours, PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
        listener.bind(SockaddrIn.loopback(0));
        listener.listen(4);
        PosixSocket client = add(ours, PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
        client.connect(listener.getsockname());
        add(ours, PosixSocket.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)).connect(listener.getsockname());
        add(ours, listener.accept());
        add(ours, listener.accept4(SockaddrStorage.allocate(), SOCK_NONBLOCK));
        add(ours, PosixSocket.socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP));
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_SEQPACKET, 0);
        add(ours, pair[0]);
        add(ours, pair[1]);
        PosixSocket[] stream = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        add(ours, stream[0]);
        add(ours, stream[1]);
        // A duplicate, and a socket from another's number: both shared, so a timed wait on one makes the
        // wake-up eventfd.
        PosixSocket dup = add(ours, client.dup());
        add(ours, PosixSocket.fromfd(dup.fileno()));
        dup.setTimeout(Duration.ofMillis(1));
        try {
            dup.recv(new byte[1], 0);
        } catch (PosixTimeoutException expected) {
            // the wait made the eventfd
        }
        // A descriptor received with SCM_RIGHTS (MSG_CMSG_CLOEXEC).
        OwnedFd file = add(ours, OwnedFd.open(Files.writeString(dir.resolve("file"), "x")));
        stream[0].sendFds(List.of(IoBuffer.of(new byte[1])), List.of(file));
        RecvFdsResult received = stream[1].recvFds(1, 1);
        for (OwnedFd fd : received.fds()) {
            add(ours, fd);
        }
        add(ours, Epoll.create());
        // A virtual thread's timed wait starts the library's poller (an epoll instance of its own).
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                stream[1].setTimeout(Duration.ofMillis(1));
                stream[1].recv(new byte[1], 0);
            } catch (IOException expected) {
                // timed out
            }
        });
        waiter.join();
        stream[1].setTimeout(null);
        return client;
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> ours, T c) {
        if (c != null) {
            ours.add(c);
        }
        return c;
    }

    private static int fdinfoFlags(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring(6).trim(), 8);
            }
        }
        throw new IllegalStateException("no flags for fd " + fd);
    }

    private static Map<Integer, String> parse(String listing) {
        Map<Integer, String> fds = new TreeMap<>();
        for (String line : listing.split("\n")) {
            Matcher m = LINK.matcher(line);
            if (m.find()) {
                fds.put(Integer.parseInt(m.group(1)), m.group(2));
            }
        }
        return fds;
    }

    /**
     * Starts {@code /bin/sh -c "exec ls -l /proc/self/fd > listing"} with {@code posix_spawn}, waits for it, and
     * returns what it listed. The handles come from the library's native-call helper, the one place that makes
     * downcall handles; {@code posix_spawn} and {@code waitpid} are looked up in the C library.
     */
    private static Map<Integer, String> spawnAndList(Path dir) throws Exception {
        Path listing = dir.resolve("listing");
        Files.deleteIfExists(listing);
        Linker linker = Linker.nativeLinker();
        MethodHandle spawn = NativeCall.downcall("posix_spawn", linker.defaultLookup().find("posix_spawn").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MethodHandle waitpid = NativeCall.downcall("waitpid", linker.defaultLookup().find("waitpid").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            String[] argv = {"/bin/sh", "-c", "exec ls -l /proc/self/fd > '" + listing + "' 2>&1"};
            MemorySegment argvC = cStrings(arena, argv);
            MemorySegment envC = cStrings(arena, new String[] {"PATH=/usr/bin:/bin", "LC_ALL=C"});
            MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = Scratch.get().callState;
            int r = (int) spawn.invokeExact(state, pid, arena.allocateFrom(argv[0]), MemorySegment.NULL, MemorySegment.NULL, argvC, envC);
            assertEquals(0, r, "posix_spawn failed with error " + r);
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            int waited;
            do {
                waited = (int) waitpid.invokeExact(state, pid.get(ValueLayout.JAVA_INT, 0), status, 0);
            } while (waited == -1 && NativeCall.interrupted(state));
            assertEquals(pid.get(ValueLayout.JAVA_INT, 0), waited, "waitpid");
            assertEquals(0, status.get(ValueLayout.JAVA_INT, 0), "the child exited with status 0");
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return parse(Files.readString(listing));
    }

    /** A NULL-terminated {@code char *[]}. */
    private static MemorySegment cStrings(Arena arena, String[] strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.length + 1);
        for (int i = 0; i < strings.length; i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(strings[i]));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.length, MemorySegment.NULL);
        return array;
    }
}
