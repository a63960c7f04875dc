package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.panamasockets.child.UnixClientMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may use a Unix socket. {@link PosixSocket#bind(SockaddrUn, Set)} gives the socket file exactly the
 * permissions asked for, with no window in which it has others, and leaves nothing behind; connecting needs
 * write permission on the file, so a child JVM running as {@code nobody} (uid 65534, under
 * {@code setpriv --reuid=65534 --regid=65534 --clear-groups}) gets {@code EACCES} from a root-owned 0600
 * socket and is let in by a 0666 one. And the {@code SO_PEERCRED} example of docs/reliability.md serves only its
 * own user: the unprivileged child is closed unanswered, root is served.
 *
 * <p>Tests run as root, for whom every permission check passes, so the refused side must be another user: the
 * child runs from a world-readable copy of the library and of the child class.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixAccessTest {
    private static final int NOBODY = 65534;
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static Path dir;
    private static ChildJvm.ClassPathMains unprivileged;

    @BeforeAll
    static void worldTraversableDirectoryAndChildCopy() throws IOException {
        // /tmp rather than JUnit's @TempDir: every directory on the way must be searchable by nobody.
        dir = Files.createTempDirectory(Path.of("/tmp"), "panama-access");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        unprivileged = ChildJvm.ClassPathMains.worldReadableCopy(Files.createDirectory(dir.resolve("jvm")));
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Set<PosixFilePermission> mode(String text) {
        return PosixFilePermissions.fromString(text);
    }

    @Test
    void theSocketFileHasExactlyThePermissionsAskedAndNothingIsLeftBehind() throws Exception {
        int n = 0;
        for (int type : new int[] {SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM}) {
            for (String asked : List.of("rw-------", "rw-rw----", "rw-rw-rw-", "rwx------", "r--------", "---------")) {
                Path path = dir.resolve("perm" + n++ + ".sock");
                try (PosixSocket s = PosixSocket.socket(AF_UNIX, type, 0)) {
                    s.bind(SockaddrUn.of(path), mode(asked));
                    assertEquals(mode(asked), Files.getPosixFilePermissions(path), "type " + type + ", " + asked);
                    assertTrue(Files.readAttributes(path, "unix:mode").get("mode") instanceof Integer m && (m & 0170000) == 0140000,
                            "it is a socket file");
                    SockaddrUn name = (SockaddrUn) s.getsockname();
                    if (type == SOCK_DGRAM) {
                        // Bound under a temporary name, then linked into place: that name is gone.
                        assertNotEquals(path.toString(), name.path());
                        assertFalse(Files.exists(Path.of(name.path())), name.path());
                    } else {
                        assertEquals(path.toString(), name.path());
                    }
                } finally {
                    Files.deleteIfExists(path);
                }
            }
        }
        assertNoTemporaryDirectoryLeft();
    }

    @Test
    void aPathThatExistsIsAddressInUseAndLeftAsItWas() throws Exception {
        for (int type : new int[] {SOCK_STREAM, SOCK_DGRAM}) {
            Path path = dir.resolve("taken-" + type + ".sock");
            Files.writeString(path, "not a socket");
            Files.setPosixFilePermissions(path, mode("rw-r-----"));
            try (PosixSocket s = PosixSocket.socket(AF_UNIX, type, 0)) {
                PosixBindException e = assertThrows(PosixBindException.class, () -> s.bind(SockaddrUn.of(path), mode("rw-rw-rw-")));
                assertEquals(Errno.EADDRINUSE, e.errno());
                assertEquals("bind", e.call());
            } finally {
                assertEquals("not a socket", Files.readString(path));
                assertEquals(mode("rw-r-----"), Files.getPosixFilePermissions(path));
                Files.delete(path);
            }
        }
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            assertThrows(IllegalArgumentException.class, () -> s.bind(SockaddrUn.abstractName("no-file"), mode("rw-------")));
        }
        assertNoTemporaryDirectoryLeft();
    }

    @Test
    void anotherUserIsRefusedBy0600AndAdmittedBy0666() throws Exception {
        assumeChildCanRunAsNobody();
        Path privateStream = dir.resolve("private.sock");
        Path publicStream = dir.resolve("public.sock");
        Path privateDgram = dir.resolve("private.dgram");
        Path publicDgram = dir.resolve("public.dgram");
        try (PosixSocket a = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
             PosixSocket b = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
             PosixSocket c = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
             PosixSocket d = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0)) {
            a.bind(SockaddrUn.of(privateStream), mode("rw-------"));
            b.bind(SockaddrUn.of(publicStream), mode("rw-rw-rw-"));
            c.bind(SockaddrUn.of(privateDgram), mode("rw-------"));
            d.bind(SockaddrUn.of(publicDgram), mode("rw-rw-rw-"));
            a.listen(4);
            b.listen(4);

            String out = runAsNobody("connect", privateStream, "connect", publicStream, "send", privateDgram, "send", publicDgram);
            assertTrue(out.contains("UID " + NOBODY), out);
            assertTrue(out.contains(privateStream + " EACCES"), out);
            assertTrue(out.contains(publicStream + " CONNECTED"), out);
            assertTrue(out.contains(privateDgram + " EACCES"), out);
            assertTrue(out.contains(publicDgram + " SENT"), out);
            byte[] buf = new byte[64];
            int n = d.recv(buf, MSG_DONTWAIT);
            assertArrayEquals("datagram".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(buf, Math.max(n, 0)));
            assertEquals(PosixSocket.WOULD_BLOCK, c.recv(buf, MSG_DONTWAIT), "nothing reached the 0600 datagram socket");

            // Root passes every check: the 0600 socket serves its owner.
            try (PosixSocket root = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
                assertTrue(root.connect(SockaddrUn.of(privateStream)));
            }
            System.out.println("access: as uid " + NOBODY + ": 0600 stream -> EACCES, 0666 stream -> connected, "
                    + "0600 datagram -> EACCES, 0666 datagram -> delivered; as root: 0600 -> connected");
        }
    }

    /** What a refused connection looked like to the server. */
    private record Refused(PeerCredentials peer) {}

    /**
     * The example of docs/reliability.md, "only this uid may connect", as a server that handles
     * {@code connections} connections and reports the peers it refused.
     */
    private static List<Refused> serveOnlyMyOwnUser(PosixSocket server, int connections) throws IOException {
        List<Refused> refused = new ArrayList<>();
        int me = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        for (int i = 0; i < connections; i++) {
            try (PosixSocket client = server.accept()) {
                PeerCredentials peer = client.peerCredentials();      // SO_PEERCRED: pid, uid, gid of the peer
                if (peer.uid() != me) {
                    refused.add(new Refused(peer));
                    continue;                              // closed unanswered
                }
                client.send(("hello, uid " + peer.uid()).getBytes(StandardCharsets.UTF_8), 0);
            }
        }
        return refused;
    }

    @Test
    void soPeercredServesOnlyItsOwnUser() throws Exception {
        assumeChildCanRunAsNobody();
        Path path = dir.resolve("peercred.sock");
        try (PosixSocket server = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            server.bind(SockaddrUn.of(path), mode("rw-rw-rw-")); // anyone may connect; SO_PEERCRED decides
            server.listen(4);
            CompletableFuture<List<Refused>> serving = CompletableFuture.supplyAsync(() -> {
                try {
                    return serveOnlyMyOwnUser(server, 2);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String root = request(path);
            assertEquals("hello, uid 0", root, "root, the server's own user, is served");
            String out = runAsNobody("request", path);
            assertTrue(out.contains(path + " EOF"), "the unprivileged child was closed unanswered: " + out);

            List<Refused> refused = serving.get(30, TimeUnit.SECONDS);
            assertEquals(1, refused.size(), refused::toString);
            PeerCredentials peer = refused.get(0).peer();
            assertEquals(NOBODY, peer.uid());
            assertEquals(NOBODY, peer.gid());
            assertTrue(out.contains("PID " + peer.pid()), "SO_PEERCRED named the child's pid " + peer.pid() + ": " + out);
            System.out.println("access: SO_PEERCRED server: root -> \"" + root + "\"; uid " + NOBODY + " (pid " + peer.pid()
                    + ") -> closed unanswered");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String request(Path path) throws IOException {
        try (PosixSocket s = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            s.connect(SockaddrUn.of(path));
            byte[] buf = new byte[256];
            StringBuilder reply = new StringBuilder();
            for (int n; (n = s.recv(buf, 0)) > 0; ) {
                reply.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return reply.toString();
        }
    }

    private static void assumeChildCanRunAsNobody() throws IOException {
        assumeTrue(Files.isExecutable(SETPRIV), "no " + SETPRIV);
        assumeTrue((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "not root: cannot switch to uid " + NOBODY);
    }

    /** Runs {@link UnixClientMain} as uid/gid 65534 with no supplementary groups; returns its output. */
    private static String runAsNobody(Object... args) throws Exception {
        List<String> prefix = List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
        String[] strings = Stream.of(args).map(Object::toString).toArray(String[]::new);
        List<String> command = unprivileged.command(prefix, List.of(), UnixClientMain.class, strings);
        ChildJvm.Result r = ChildJvm.run(command, Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    private static void assertNoTemporaryDirectoryLeft() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> left = entries.filter(p -> p.getFileName().toString().startsWith(".psk")).toList();
            assertTrue(left.isEmpty(), "temporary directories left: " + left);
        }
    }
}
