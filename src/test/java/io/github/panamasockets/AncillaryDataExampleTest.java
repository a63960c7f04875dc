package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_CTRUNC;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_PASSCRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor-passing example of {@code docs/ancillary-data.md}, run: the sender and receiver below are the
 * document's code, and the tests drive them through success, a descriptor that is not a socket, and a peer
 * that has gone away.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AncillaryDataExampleTest {
    @TempDir
    Path dir;

    // ---- the document's example, as it is there

    /** Sender: passes an open socket to the process at the other end of {@code conn}. */
    static void sendSocket(PosixSocket conn, DescriptorOwner toPass) throws IOException {
        // A descriptor travels with data: on a stream socket at least one byte must go with it.
        conn.sendFds(List.of(IoBuffer.of(new byte[] {'S'})), List.of(toPass));
        // toPass stays open here; close it when this process no longer needs it.
    }

    /** Receiver: takes one socket over; anything else that arrives is closed. */
    static PosixSocket receiveSocket(PosixSocket conn) throws IOException {
        RecvFdsResult r = conn.recvFds(1, 1); // room for one byte and one descriptor
        if (r == null) {
            throw new IOException("nothing has arrived yet (non-blocking mode)");
        }
        List<OwnedFd> fds = r.fds(); // ours from here on, whatever happens next
        try {
            if (r.data().length == 0) {
                throw new EOFException("the sender closed the connection");
            }
            if ((r.flags() & MSG_CTRUNC) != 0 || fds.size() != 1) {
                throw new IOException("expected one descriptor, got " + fds.size() + " (flags " + r.flags() + ")");
            }
            return fds.get(0).toSocket(); // takes the descriptor over; ENOTSOCK leaves it with the OwnedFd
        } finally {
            for (OwnedFd fd : fds) {
                fd.close(); // closes whatever was not taken over; does nothing for the converted one
            }
        }
    }

    /** Receiver, long form: recvmsg with room for descriptors and credentials, and a switch over what came. */
    static List<String> receiveAll(PosixSocket conn) throws IOException {
        conn.setsockopt(SOL_SOCKET, SO_PASSCRED, 1); // ask the kernel to attach the sender's credentials
        byte[] data = new byte[64];
        long room = ControlMessages.spaceForFds(8) + ControlMessages.CMSG_SPACE(12); // 8 fds + struct ucred
        MsgResult r = conn.recvmsg(List.of(IoBuffer.of(data)), (int) room, 0);
        List<String> seen = new ArrayList<>();
        for (ControlMessage m : r.control()) {
            switch (m) {
                case ControlMessage.Rights rights -> {
                    for (OwnedFd fd : rights.received()) {
                        seen.add("descriptor");
                        fd.close(); // or keep it, or fd.toSocket()
                    }
                }
                case ControlMessage.Credentials c -> seen.add("pid " + c.pid() + ", uid " + c.uid() + ", gid " + c.gid());
                default -> seen.add("other: " + m);
            }
        }
        return seen;
    }

    // ---- the tests

    @Test
    void aListeningSocketIsPassedAndAcceptsOnTheOtherSide() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.setTimeout(Loopback.WAIT);
            int port;
            try (PosixSocket listener = Loopback.tcpListener()) {
                port = ((SockaddrIn) listener.getsockname()).port();
                sendSocket(a, listener);
            }
            try (PosixSocket listener = receiveSocket(b); Socket client = new Socket()) {
                client.connect(SockaddrIn.loopback(port).toSocketAddress(), 5_000);
                listener.setTimeout(Loopback.WAIT);
                try (PosixSocket accepted = listener.accept()) {
                    assertEquals(client.getLocalPort(), ((SockaddrIn) accepted.getpeername()).port());
                }
            }
        }
    }

    @Test
    void aDescriptorThatIsNoSocketIsClosedByTheReceiver() throws Exception {
        OpenFiles files = OpenFiles.socketsAndFilesUnder(dir);
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            b.setTimeout(Loopback.WAIT);
            Map<String, Integer> baseline = files.snapshot();
            try (OwnedFd file = OwnedFd.open(Files.writeString(dir.resolve("plain"), "not a socket"))) {
                sendSocket(a, file);
            }
            PosixSocketException e = assertThrows(PosixSocketException.class, () -> receiveSocket(b));
            assertEquals(Errno.ENOTSOCK, e.errno());
            assertEquals(List.of(), files.growthSince(baseline), "the received file was closed");
        }
    }

    @Test
    void theEndOfTheConnectionAndAVanishedPeerAreReported() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; PosixSocket x = Loopback.tcpListener()) {
            b.setTimeout(Loopback.WAIT);
            a.shutdown(SocketConstants.SHUT_WR);
            assertThrows(EOFException.class, () -> receiveSocket(b));
            b.close();
            PosixSocketException e = assertThrows(PosixSocketException.class, () -> sendSocket(a, x));
            assertEquals(Errno.EPIPE, e.errno());
        }
    }

    @Test
    void theLongFormSeesDescriptorsAndCredentials() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; PosixSocket x = Loopback.tcpListener()) {
            b.setTimeout(Loopback.WAIT);
            b.setsockopt(SOL_SOCKET, SO_PASSCRED, 1); // before the data is sent
            a.sendmsg(List.of(IoBuffer.of(new byte[] {1})), List.of(ControlMessage.Rights.of(x, x)), 0, null);
            // In the kernel's order: Linux puts the credentials before the descriptors.
            assertEquals(List.of("pid " + ProcessHandle.current().pid() + ", uid 0, gid 0", "descriptor", "descriptor"),
                    receiveAll(b));
        }
    }
}
