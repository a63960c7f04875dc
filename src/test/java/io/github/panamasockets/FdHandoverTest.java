package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptors crossing into another JVM. First, the hand-over: this JVM passes an open listening socket over a
 * Unix socket to a second JVM ({@link FdHandoverMain}) and closes its own copy, and a java.net client connecting
 * to the port is then accepted and echoed by the child. Second, socket activation: a shell puts a connected
 * socket at descriptor 3, sets {@code LISTEN_PID} to its own pid and execs a JVM ({@link SocketActivationMain}),
 * which finds the socket with {@link PosixSocket#listenFds()} — once: a second call returns nothing.
 *
 * <p>The children run as {@link ChildJvm}s: on this JVM's module path, every wait bounded, killed in
 * {@code finally}, their output part of every failure message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FdHandoverTest {
    private static final Duration CHILD_LIMIT = ChildJvm.LIMIT;
    /** The children do little: the client compiler starts them faster. */
    private static final String QUICK = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path dir;

    @Test
    void aListeningSocketHandedToASecondJvmAcceptsThere() throws Exception {
        SockaddrUn controlPath = SockaddrUn.of(dir.resolve("handover.sock"));
        try (PosixSocket control = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            control.bind(controlPath);
            control.listen(1);
            PosixSocket listener = Loopback.tcpListener(); // 127.0.0.1, port 0
            int port = ((SockaddrIn) listener.getsockname()).port();
            String listenerInode = OpenFiles.target(listener.handle().number());
            List<String> command = ChildJvm.patchedIntoModule(FdHandoverMain.class, QUICK);
            command.add(dir.resolve("handover.sock").toString());
            try (ChildJvm child = ChildJvm.start(command, dir, "handover")) {
                try {
                    handOver(child, control, listener, port, listenerInode);
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(e.getMessage() + child.report(), e);
                }
            } finally {
                listener.close();
            }
        }
    }

    private static void handOver(ChildJvm child, PosixSocket control, PosixSocket listener, int port, String listenerInode)
            throws Exception {
        PosixSocket conn = acceptFromChild(control, child.process());
        try (conn) {
            conn.setTimeout(CHILD_LIMIT);
            assertEquals(child.process().pid(), conn.peerCredentials().pid(), "SO_PEERCRED names the other process");

            assertEquals(1, conn.sendFds(List.of(IoBuffer.of("L".getBytes(UTF_8))), List.of(listener)));
            listener.close(); // this JVM's copy; the child's keeps the socket listening
            String ready = readLine(conn);
            assertEquals("ready " + child.process().pid() + " " + port, ready);
            Map<String, Integer> open = OpenFiles.sockets().snapshot();
            assertTrue(!open.containsKey(listenerInode), "this JVM no longer holds " + listenerInode + ": " + open.keySet());

            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                client.setSoTimeout((int) CHILD_LIMIT.toMillis());
                client.getOutputStream().write("hello, other JVM\n".getBytes(UTF_8));
                InputStream in = client.getInputStream();
                String echo = new String(in.readAllBytes(), UTF_8);
                assertEquals("echo from " + child.process().pid() + ": hello, other JVM\n", echo);
            }
        }
        child.awaitSuccess();
    }

    /** Accepts the child's connection, giving up as soon as the child has died. */
    private static PosixSocket acceptFromChild(PosixSocket control, Process child) throws Exception {
        control.setTimeout(Duration.ofMillis(200));
        long deadline = System.nanoTime() + CHILD_LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                return control.accept();
            } catch (PosixTimeoutException notYet) {
                if (!child.isAlive()) {
                    throw new AssertionError("the child ended before connecting");
                }
            }
        }
        throw new AssertionError("the child did not connect within " + CHILD_LIMIT);
    }

    private static String readLine(PosixSocket s) throws Exception {
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        while (line.length() < 1_000 && s.recv(one, 0) == 1 && one[0] != '\n') {
            line.append((char) one[0]);
        }
        return line.toString();
    }

    @Test
    void socketActivationHandsDescriptorThreeToListenFds() throws Exception {
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "needs bash for /dev/tcp");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) CHILD_LIMIT.toMillis());
            List<String> command = new ArrayList<>(List.of(bash.toString(), "-c",
                    // fd 3: a TCP connection to the server; then the JVM replaces the shell, keeping its pid.
                    "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && LISTEN_PID=$$ LISTEN_FDS=1 exec \"$@\"",
                    "activation-shell"));
            command.addAll(ChildJvm.patchedIntoModule(SocketActivationMain.class, QUICK));
            try (ChildJvm child = ChildJvm.start(command, dir, "activation")) {
                try (Socket accepted = server.accept()) {
                    accepted.setSoTimeout((int) CHILD_LIMIT.toMillis());
                    String report = new String(accepted.getInputStream().readAllBytes(), UTF_8).trim();
                    InetSocketAddress shellEnd = (InetSocketAddress) accepted.getRemoteSocketAddress();
                    assertEquals("pid=" + child.process().pid() + " fd=3 family=" + AF_INET + " type=" + SOCK_STREAM
                            + " cloexec=true peer=127.0.0.1:" + server.getLocalPort(), report,
                            "connection from " + shellEnd + child.report());
                    child.awaitSuccess();
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(e.getMessage() + child.report(), e);
                }
            }
        }
    }
}
