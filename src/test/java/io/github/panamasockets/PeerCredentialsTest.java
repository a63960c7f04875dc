package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SO_PEERCRED} and {@code SO_PEERSEC} on Unix sockets: a socketpair of each type and a path-bound stream
 * connection report this process (the tests run as root: uid and gid 0), from both ends; the security context
 * is an answer either way — a label, or empty where no security module labels sockets. (A peer in another
 * process is checked by {@code FdHandoverTest}, whose child connects to the parent.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PeerCredentialsTest {
    @TempDir
    Path dir;

    private static PeerCredentials me() throws Exception {
        PeerCredentials me = new PeerCredentials((int) ProcessHandle.current().pid(), Integer.parseInt(OpenFiles.status("Uid")),
                Integer.parseInt(OpenFiles.status("Gid")));
        assertEquals(new PeerCredentials(me.pid(), 0, 0), me, "the tests run as root");
        return me;
    }

    @Test
    void aSocketpairOfEachTypeReportsThisProcess() throws Exception {
        for (int type : new int[] {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET}) {
            PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, type, 0);
            try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
                assertEquals(me(), a.peerCredentials(), "type " + type);
                assertEquals(me(), b.peerCredentials(), "type " + type);
            }
        }
    }

    @Test
    void aPathBoundStreamConnectionReportsThisProcessAtBothEnds() throws Exception {
        SockaddrUn path = SockaddrUn.of(dir.resolve("peer.sock"));
        try (PosixSocket listener = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
             PosixSocket client = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0)) {
            listener.bind(path);
            listener.listen(1);
            listener.setTimeout(Loopback.WAIT);
            client.connect(path);
            try (PosixSocket accepted = listener.accept()) {
                assertEquals(me(), accepted.peerCredentials(), "the client, as it connected");
                assertEquals(me(), client.peerCredentials(), "the listener, as it listened");
            }
        }
    }

    @Test
    void theSecurityContextIsAnAnswerEitherWay() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            Optional<String> context = assertDoesNotThrow(() -> a.peerSecurityContext());
            assertNotNull(context);
            // Where a module labels sockets, both ends of one pair carry the same label.
            assertEquals(context, b.peerSecurityContext());
            context.ifPresent(label -> assertEquals(-1, label.indexOf('\0'), "no NUL in the label"));
        }
    }
}
