package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.EPOLLIN;
import static io.github.panamasockets.SocketConstants.EPOLLOUT;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Epoll#register}: an event hands back the registration of its socket, with the attachment the event
 * loop gave it, so that no table of its own is needed. The peers are the JDK's {@link Socket}s; each writes to
 * one connection only, so an attachment that came back with another socket's event would fail the test.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EpollRegistrationTest {
    /** What an event loop would attach: the connection's name. */
    private record Session(String name) {}

    /** A connection over loopback: a JDK socket as the peer, the accepted library socket at this end. */
    private record Connection(PosixSocket listener, Socket peer, PosixSocket accepted) implements AutoCloseable {
        static Connection open() throws IOException {
            PosixSocket listener = Loopback.tcpListener();
            Socket peer = new Socket();
            try {
                peer.connect(listener.localAddress(), 5_000);
                return new Connection(listener, peer, listener.accept());
            } catch (IOException | RuntimeException e) {
                peer.close();
                listener.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try (listener; peer; accepted) {
                // all three closed, whatever fails
            }
        }
    }

    @Test
    void eachEventBringsBackItsSocketsAttachment() throws IOException {
        try (PosixSocket listener = Loopback.tcpListener(); Epoll epoll = Epoll.create()) {
            List<Socket> peers = new ArrayList<>();
            Map<String, PosixSocket> accepted = new HashMap<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket peer = new Socket();
                    peers.add(peer);
                    peer.connect(listener.localAddress(), 5_000);
                    PosixSocket s = listener.accept();
                    accepted.put("session-" + i, s);
                    Epoll.Registration r = epoll.register(s, EPOLLIN, new Session("session-" + i));
                    assertSame(s, r.socket());
                    assertEquals(EPOLLIN, r.events());
                }
                Epoll.EpollEvents events = new Epoll.EpollEvents(8);
                for (int i : new int[] {2, 0, 1}) {
                    peers.get(i).getOutputStream().write(i);
                    assertEquals(1, epoll.epoll_wait(events, 5_000), "only the socket written to is ready");
                    Epoll.Registration r = events.registration(0);
                    assertEquals(new Session("session-" + i), r.attachment());
                    assertSame(accepted.get("session-" + i), r.socket());
                    assertTrue((events.events(0) & EPOLLIN) != 0);
                    byte[] got = new byte[1];
                    assertEquals(1, r.socket().recv(got, 0));
                    assertEquals(i, got[0], "the byte this peer wrote");
                }
            } finally {
                for (Socket p : peers) {
                    p.close();
                }
                for (PosixSocket s : accepted.values()) {
                    s.close();
                }
            }
        }
    }

    @Test
    void attachReplacesAndModifyKeepsTheAttachment() throws IOException {
        try (Connection c = Connection.open(); Epoll epoll = Epoll.create()) {
            PosixSocket s = c.accepted();
            Epoll.Registration r = epoll.register(s, EPOLLIN, "first");
            assertEquals("first", r.attach("second"));
            Epoll.EpollEvents events = new Epoll.EpollEvents(4);
            assertEquals(0, epoll.epoll_wait(events, 0), "nothing to read yet, and EPOLLOUT not asked for");

            r.modify(EPOLLOUT);
            assertEquals(EPOLLOUT, r.events());
            assertEquals(1, epoll.epoll_wait(events, 5_000));
            assertEquals(EPOLLOUT, events.events(0) & (EPOLLIN | EPOLLOUT));
            assertSame(r, events.registration(0));
            assertEquals("second", events.registration(0).attachment());
        }
    }

    @Test
    void aCancelledRegistrationReportsNothingMore() throws IOException {
        try (Connection c = Connection.open(); Epoll epoll = Epoll.create()) {
            PosixSocket s = c.accepted();
            Socket peer = c.peer();
            Epoll.Registration r = epoll.register(s, EPOLLIN, "gone");
            r.cancel();
            peer.getOutputStream().write(1);
            Epoll.EpollEvents events = new Epoll.EpollEvents(4);
            assertEquals(0, epoll.epoll_wait(events, 200));
            assertEquals(0, epoll.registrationCount());
            PosixSocketException twice = assertThrows(PosixSocketException.class, r::cancel);
            assertEquals("ENOENT", twice.errnoName());
            assertEquals(Errno.EEXIST, assertThrows(PosixSocketException.class, () -> {
                epoll.register(s, EPOLLIN, null);
                epoll.register(s, EPOLLIN, null);
            }).errno(), "registered twice");
        }
    }

    @Test
    void dataValuesChosenByHandStillComeBackAndFindNoRegistration() throws IOException {
        try (Connection c = Connection.open(); Epoll epoll = Epoll.create()) {
            PosixSocket s = c.accepted();
            Socket peer = c.peer();
            try (PosixSocket idleListener = Loopback.tcpListener()) {
                epoll.register(idleListener, EPOLLIN, "registered, never ready");
                epoll.add(s, EPOLLIN, 7);
                peer.getOutputStream().write(1);
                Epoll.EpollEvents events = new Epoll.EpollEvents(4);
                assertEquals(1, epoll.epoll_wait(events, 5_000));
                assertEquals(7, events.data(0));
                assertNull(events.registration(0));
            }
        }
    }

    @Test
    void registrationsOfSocketsClosedWithoutCancelAreDroppedAsTheTableGrows() throws IOException {
        try (Epoll epoll = Epoll.create()) {
            List<PosixSocket> closed = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
                epoll.register(s, EPOLLIN, i);
                closed.add(s);
            }
            for (PosixSocket s : closed) {
                s.close();
            }
            try (PosixSocket open = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
                epoll.register(open, EPOLLIN, "open");
                assertEquals(1, epoll.registrationCount(), "the 64 closed ones went, the open one stays");
            }
        }
    }
}
