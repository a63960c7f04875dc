package io.github.panamasockets;

import io.github.panamasockets.internal.Cleaners;
import io.github.panamasockets.internal.FdHandle;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.Scratch;
import io.github.panamasockets.internal.Structs;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

/**
 * An epoll instance ({@code sys/epoll.h}): readiness for many sockets, level- or edge-triggered.
 *
 * {@snippet :
 * try (Epoll epoll = Epoll.create()) {
 *     epoll.add(listener, EPOLLIN, 0);              // data: any long, e.g. an index into your table
 *     EpollEvents events = new EpollEvents(64);
 *     int n = epoll.epoll_wait(events, 1000);
 *     for (int i = 0; i < n; i++) {
 *         long data = events.data(i);
 *         int ready = events.events(i);
 *     }
 * }
 * }
 *
 * <p>The kernel keeps the interest list per open file, not per descriptor number: a socket closed while
 * registered leaves the list by itself. Every {@code epoll_ctl} holds the socket's descriptor as any call does,
 * so a closed socket throws {@link SocketClosedException} instead of touching a reused number. Closing the
 * epoll instance while another thread waits in {@code epoll_wait} takes effect when that wait returns.
 */
public final class Epoll implements AutoCloseable {
    private static final long EVENT_SIZE = Structs.EPOLL_EVENT.byteSize();

    private final FdHandle handle;
    private final Cleaner.Cleanable cleanable;

    private Epoll(int epfd) {
        this.handle = new FdHandle(epfd, false);
        this.cleanable = Cleaners.CLEANER.register(this, handle);
    }

    /**
     * {@code epoll_create1(EPOLL_CLOEXEC)}.
     *
     * @return a new epoll instance
     * @throws IOException {@code EMFILE}, {@code ENOMEM}, ...
     */
    public static Epoll create() throws IOException {
        return new Epoll(Libc.epoll_create1(SocketConstants.EPOLL_CLOEXEC));
    }

    /**
     * {@code epoll_ctl(2)}.
     *
     * @param op {@code EPOLL_CTL_ADD}, {@code EPOLL_CTL_MOD} or {@code EPOLL_CTL_DEL}
     * @param socket the socket
     * @param events {@code EPOLLIN}, {@code EPOLLOUT}, {@code EPOLLRDHUP}, {@code EPOLLET}, {@code EPOLLONESHOT}, ...
     * @param data handed back by {@link #epoll_wait} with the socket's events (C's {@code epoll_data.u64})
     * @throws IOException {@code EEXIST} (added twice), {@code ENOENT} (not registered), ...
     */
    public void epoll_ctl(int op, PosixSocket socket, int events, long data) throws IOException {
        int epfd = handle.begin("epoll_ctl");
        try {
            FdHandle target = socket.handle();
            int fd = target.begin("epoll_ctl");
            try {
                MemorySegment event = Scratch.get().epollEvent;
                event.set(ValueLayout.JAVA_INT_UNALIGNED, Structs.EPOLL_EVENT_EVENTS, events);
                event.set(ValueLayout.JAVA_LONG_UNALIGNED, Structs.EPOLL_EVENT_DATA, data);
                Libc.epoll_ctl(epfd, op, fd, event);
            } finally {
                endCompleted(target);
                Reference.reachabilityFence(socket);
            }
        } finally {
            endCompleted(handle);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code epoll_ctl(EPOLL_CTL_ADD, ...)}.
     *
     * @param socket the socket
     * @param events the events
     * @param data handed back with them
     * @throws IOException as C
     */
    public void add(PosixSocket socket, int events, long data) throws IOException {
        epoll_ctl(SocketConstants.EPOLL_CTL_ADD, socket, events, data);
    }

    /**
     * {@code epoll_ctl(EPOLL_CTL_MOD, ...)}.
     *
     * @param socket the socket
     * @param events the new events
     * @param data handed back with them
     * @throws IOException as C
     */
    public void modify(PosixSocket socket, int events, long data) throws IOException {
        epoll_ctl(SocketConstants.EPOLL_CTL_MOD, socket, events, data);
    }

    /**
     * {@code epoll_ctl(EPOLL_CTL_DEL, ...)}.
     *
     * @param socket the socket
     * @throws IOException as C
     */
    public void delete(PosixSocket socket) throws IOException {
        epoll_ctl(SocketConstants.EPOLL_CTL_DEL, socket, 0, 0);
    }

    /**
     * {@code epoll_wait(2)}: waits for events on the registered sockets.
     *
     * @param events where the events go; up to its capacity are returned
     * @param timeoutMillis -1 to wait without limit, 0 to return at once, or milliseconds
     * @return how many entries of {@code events} were filled (0 when the timeout passed)
     * @throws IOException when {@code epoll_wait} fails
     */
    public int epoll_wait(EpollEvents events, int timeoutMillis) throws IOException {
        int epfd = handle.begin("epoll_wait");
        try {
            int n = Libc.epoll_wait(epfd, events.segment(), events.capacity(), timeoutMillis);
            events.count = n;
            return n;
        } finally {
            endCompleted(handle);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Closes the epoll descriptor; idempotent.
     *
     * @throws IOException when {@code close(2)} fails
     */
    @Override
    public void close() throws IOException {
        try {
            handle.close();
        } finally {
            cleanable.clean();
        }
    }

    private static void endCompleted(FdHandle h) {
        try {
            h.end("epoll", true);
        } catch (ClosedWhileBlockedException impossible) {
            throw new AssertionError(impossible); // a completed call never throws
        }
    }

    /**
     * The event array {@code epoll_wait} fills: C's {@code struct epoll_event[]} in native memory, reused from
     * call to call. Not safe for concurrent use.
     */
    public static final class EpollEvents {
        private final MemorySegment segment;
        private final int capacity;
        int count;

        /**
         * Room for the events of one wait.
         *
         * @param capacity how many events one wait may return (C's {@code maxevents}), at least 1
         */
        public EpollEvents(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("maxevents must be at least 1: " + capacity);
            }
            this.capacity = capacity;
            this.segment = java.lang.foreign.Arena.ofAuto().allocate(EVENT_SIZE * capacity, 8);
        }

        /** {@return the capacity given at construction} */
        public int capacity() {
            return capacity;
        }

        /**
         * {@return the events reported ({@code EPOLLIN}, {@code EPOLLHUP}, ...)}
         *
         * @param i 0 to the last wait's result - 1
         */
        public int events(int i) {
            java.util.Objects.checkIndex(i, count);
            return segment.get(ValueLayout.JAVA_INT_UNALIGNED, i * EVENT_SIZE + Structs.EPOLL_EVENT_EVENTS);
        }

        /**
         * {@return the data registered with the socket}
         *
         * @param i 0 to the last wait's result - 1
         */
        public long data(int i) {
            java.util.Objects.checkIndex(i, count);
            return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + Structs.EPOLL_EVENT_DATA);
        }

        MemorySegment segment() {
            return segment;
        }
    }
}
