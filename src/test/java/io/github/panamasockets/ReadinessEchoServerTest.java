package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.EPOLLET;
import static io.github.panamasockets.SocketConstants.EPOLLIN;
import static io.github.panamasockets.SocketConstants.EPOLLOUT;
import static io.github.panamasockets.SocketConstants.POLLIN;
import static io.github.panamasockets.SocketConstants.POLLOUT;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Readiness APIs proven by load: one thread serves 100 concurrent echo clients (the JDK's own
 * {@link java.net.Socket}s, on virtual threads) over non-blocking sockets, once with {@link PollSet}, once with
 * {@link Epoll} level-triggered and once edge-triggered. Every byte sent comes back, in order.
 */
class ReadinessEchoServerTest {
    private static final int CLIENTS = 100;
    private static final int BYTES_PER_CLIENT = 48 * 1024;

    @Test
    void pollServesHundredClients() {
        run(new PollServer());
    }

    @Test
    void epollLevelTriggeredServesHundredClients() {
        run(new EpollServer(false));
    }

    @Test
    void epollEdgeTriggeredServesHundredClients() {
        run(new EpollServer(true));
    }

    private void run(Server server) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) {
                listener.bind(SockaddrIn.loopback(0));
                listener.listen(CLIENTS);
                int port = ((SockaddrIn) listener.getsockname()).port();
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<Void>> results = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        long seed = c;
                        results.add(clients.submit(() -> client(port, seed)));
                    }
                    int served = server.serve(listener, CLIENTS);
                    for (Future<Void> f : results) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    assertEquals(CLIENTS, served);
                }
            }
        });
    }

    /** Sends random chunks, half-closes, reads the echo to end of stream and compares. */
    private static Void client(int port, long seed) throws IOException {
        byte[] data = new byte[BYTES_PER_CLIENT];
        Random random = new Random(seed);
        random.nextBytes(data);
        try (Socket s = new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port)) {
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < data.length; ) {
                int n = Math.min(1 + random.nextInt(4096), data.length - off);
                out.write(data, off, n);
                off += n;
            }
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream echoed = new ByteArrayOutputStream();
            in.transferTo(echoed);
            assertArrayEquals(data, echoed.toByteArray(), "client " + seed + " got its bytes back changed");
        }
        return null;
    }

    /** One event-loop server: serves until {@code expected} connections have come and gone. */
    private interface Server {
        int serve(PosixSocket listener, int expected) throws IOException;
    }

    /** Per-connection state: bytes received but not yet echoed. */
    private static final class Connection {
        final PosixSocket socket;
        final ByteBuffer pending = ByteBuffer.allocateDirect(256 * 1024).flip();
        boolean inputClosed;

        Connection(PosixSocket socket) {
            this.socket = socket;
        }

        /**
         * Reads what is there and echoes what it can.
         *
         * @return whether the connection is finished (peer done and everything echoed)
         */
        boolean pump(ByteBuffer scratch) throws IOException {
            flush();
            while (!inputClosed && !pending.hasRemaining()) {
                scratch.clear();
                int n = socket.recv(scratch, 0);
                if (n == PosixSocket.WOULD_BLOCK) {
                    break;
                }
                if (n == 0) {
                    inputClosed = true;
                    break;
                }
                scratch.flip();
                pending.clear();
                pending.put(scratch).flip();
                flush();
            }
            return inputClosed && !pending.hasRemaining();
        }

        void flush() throws IOException {
            while (pending.hasRemaining()) {
                if (socket.send(pending, 0) == PosixSocket.WOULD_BLOCK) {
                    return;
                }
            }
        }

        boolean wantsOutput() {
            return pending.hasRemaining();
        }
    }

    private static final class PollServer implements Server {
        @Override
        public int serve(PosixSocket listener, int expected) throws IOException {
            PollSet set = new PollSet();
            set.add(listener, POLLIN);
            Map<PosixSocket, Connection> connections = new HashMap<>();
            ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
            int accepted = 0;
            int finished = 0;
            while (finished < expected) {
                if (set.poll(5_000) == 0) {
                    throw new AssertionError("no progress for 5 s: accepted " + accepted + ", finished " + finished);
                }
                List<PosixSocket> ready = new ArrayList<>();
                for (int i = 0; i < set.size(); i++) {
                    if (set.revents(i) != 0) {
                        ready.add(set.socket(i));
                    }
                }
                for (PosixSocket s : ready) {
                    if (s == listener) {
                        for (PosixSocket c; (c = listener.accept4(null, SOCK_NONBLOCK)) != null; ) {
                            connections.put(c, new Connection(c));
                            set.add(c, POLLIN);
                            accepted++;
                        }
                        continue;
                    }
                    Connection c = connections.get(s);
                    if (c.pump(scratch)) {
                        set.remove(s);
                        connections.remove(s);
                        s.close();
                        finished++;
                    } else {
                        set.modify(s, c.wantsOutput() ? POLLOUT : POLLIN);
                    }
                }
            }
            return accepted;
        }
    }

    private static final class EpollServer implements Server {
        private final boolean edgeTriggered;

        EpollServer(boolean edgeTriggered) {
            this.edgeTriggered = edgeTriggered;
        }

        @Override
        public int serve(PosixSocket listener, int expected) throws IOException {
            int et = edgeTriggered ? EPOLLET : 0;
            try (Epoll epoll = Epoll.create()) {
                epoll.add(listener, EPOLLIN | et, -1);
                List<Connection> connections = new ArrayList<>();
                Epoll.EpollEvents events = new Epoll.EpollEvents(32);
                ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
                int finished = 0;
                while (finished < expected) {
                    int n = epoll.epoll_wait(events, 5_000);
                    if (n == 0) {
                        throw new AssertionError("no progress for 5 s: accepted " + connections.size() + ", finished " + finished);
                    }
                    for (int i = 0; i < n; i++) {
                        long id = events.data(i);
                        if (id == -1) {
                            for (PosixSocket s; (s = listener.accept4(null, SOCK_NONBLOCK)) != null; ) {
                                connections.add(new Connection(s));
                                // Edge-triggered registration watches both directions once; level-triggered
                                // watches input until output backs up.
                                epoll.add(s, edgeTriggered ? EPOLLIN | EPOLLOUT | et : EPOLLIN, connections.size() - 1);
                            }
                            continue;
                        }
                        Connection c = connections.get((int) id);
                        if (c == null) {
                            continue;
                        }
                        if (c.pump(scratch)) {
                            epoll.delete(c.socket);
                            c.socket.close();
                            connections.set((int) id, null);
                            finished++;
                        } else if (!edgeTriggered) {
                            epoll.modify(c.socket, c.wantsOutput() ? EPOLLOUT : EPOLLIN, id);
                        }
                    }
                }
                return connections.size();
            }
        }
    }
}
