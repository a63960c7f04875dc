package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * Unix socket to a second JVM ({@link FdHandoverChild}) and closes its own copy, and a java.net client connecting
 * to the port is then accepted and echoed by the child. Second, socket activation: a shell puts a connected
 * socket at descriptor 3, sets {@code LISTEN_PID} to its own pid and execs a JVM ({@link SocketActivationChild}),
 * which finds the socket with {@link PosixSocket#listenFds()}.
 *
 * <p>The child runs on the module path this JVM has. Surefire does not put the test classes on that path: it
 * patches them into the library's module ({@code jdk.module.path} holds only {@code target/classes}), so the
 * child gets the same {@code --patch-module}. Every wait is bounded, the child is killed in {@code finally}, and
 * its output is part of every failure message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FdHandoverTest {
    private static final Duration CHILD_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** The {@code java} command that runs {@code mainClass} of the test classes, as this JVM runs them. */
    private static List<String> javaCommand(Class<?> mainClass) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = System.getProperty("jdk.module.path");
        Path testClasses = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java,
                "--module-path", modulePath,
                "--patch-module", "io.github.panamasockets=" + testClasses,
                "--enable-native-access=io.github.panamasockets"));
        if (Runtime.version().feature() >= 24) {
            command.add("--illegal-native-access=deny");
        }
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-m", "io.github.panamasockets/" + mainClass.getName()));
        return command;
    }

    /** A started child and where its output goes. */
    private record Child(Process process, List<String> command, Path out) implements AutoCloseable {
        static Child start(List<String> command, Path dir, String name) throws IOException {
            Path out = dir.resolve(name + ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return new Child(p, command, out);
        }

        /** @return the command and everything the child printed, for a failure message */
        String report() {
            String output;
            try {
                output = Files.exists(out) ? Files.readString(out) : "(no output file)";
            } catch (IOException e) {
                output = "(unreadable: " + e + ")";
            }
            return "\n--- child " + process.pid() + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                    + "\n--- command: " + String.join(" ", command) + "\n--- output:\n" + output;
        }

        /** Waits, bounded, for a clean exit. */
        void awaitSuccess() throws Exception {
            assertTrue(process.waitFor(CHILD_LIMIT.toSeconds(), TimeUnit.SECONDS), "the child did not end" + report());
            assertEquals(0, process.exitValue(), "the child failed" + report());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void aListeningSocketHandedToASecondJvmAcceptsThere() throws Exception {
        SockaddrUn controlPath = SockaddrUn.of(dir.resolve("handover.sock"));
        try (PosixSocket control = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            control.bind(controlPath);
            control.listen(1);
            PosixSocket listener = Loopback.tcpListener(); // 127.0.0.1, port 0
            int port = ((SockaddrIn) listener.getsockname()).port();
            String listenerInode = OpenFiles.target(listener.handle().number());
            List<String> command = javaCommand(FdHandoverChild.class);
            command.add(dir.resolve("handover.sock").toString());
            try (Child child = Child.start(command, dir, "handover")) {
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

    private static void handOver(Child child, PosixSocket control, PosixSocket listener, int port, String listenerInode)
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
            command.addAll(javaCommand(SocketActivationChild.class));
            try (Child child = Child.start(command, dir, "activation")) {
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
