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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>As C, a registration carries one {@code long} of data. To be handed back an object instead, as with
 * {@link java.nio.channels.SelectionKey#attach}, {@link #register} a socket: it returns a {@link Registration}
 * holding the socket and an attachment, and {@link EpollEvents#registration(int)} finds it again for each event,
 * so an event loop needs no table of its own.
 *
 * {@snippet :
 * epoll.register(client, EPOLLIN, new Connection(client));        // any object
 * int n = epoll.epoll_wait(events, 1000);
 * for (int i = 0; i < n; i++) {
 *     Epoll.Registration r = events.registration(i);
 *     Connection c = (Connection) r.attachment();
 *     c.onReadable(r.socket());
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
    /** The {@link #register}ed sockets by the data value the kernel hands back for them. */
    private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
    /**
     * The data values for registrations: counted up from {@code Long.MIN_VALUE}, so they never meet the small
     * non-negative values (indices, descriptor numbers) that code choosing its own data uses.
     */
    private final AtomicLong nextData = new AtomicLong(Long.MIN_VALUE);
    /** The table size at which {@link #register} next drops the registrations of closed sockets. */
    private int sweepAt = SWEEP_MINIMUM;
    private static final int SWEEP_MINIMUM = 64;

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
                target.endCompleted("epoll_ctl");
                Reference.reachabilityFence(socket);
            }
        } finally {
            handle.endCompleted("epoll_ctl");
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
     * Registers a socket with an attachment: {@code epoll_ctl(EPOLL_CTL_ADD, ...)} with a data value chosen
     * here, by which {@link EpollEvents#registration(int)} finds the registration again. The attachment may be
     * replaced later ({@link Registration#attach}), the events changed ({@link Registration#modify}) and the
     * socket removed ({@link Registration#cancel}). A socket closed without {@code cancel} leaves the kernel's
     * list by itself; its registration is dropped from this epoll's table the next time the table has grown.
     *
     * <p>On one epoll instance, use either this or hand-chosen data values that are never negative: the data
     * values given out here start at {@code Long.MIN_VALUE}.
     *
     * @param socket the socket
     * @param events {@code EPOLLIN}, {@code EPOLLOUT}, {@code EPOLLET}, ...
     * @param attachment any object, or {@code null}
     * @return the registration
     * @throws IOException {@code EEXIST} (registered already), ... as C
     */
    public Registration register(PosixSocket socket, int events, Object attachment) throws IOException {
        Objects.requireNonNull(socket, "socket");
        sweepClosed();
        Registration r = new Registration(socket, nextData.getAndIncrement(), events, attachment);
        registrations.put(r.data, r); // before the kernel can report it to a wait in another thread
        try {
            epoll_ctl(SocketConstants.EPOLL_CTL_ADD, socket, events, r.data);
        } catch (IOException | RuntimeException e) {
            registrations.remove(r.data);
            throw e;
        }
        return r;
    }

    /** Drops the registrations of closed sockets once the table has doubled since the last time. */
    private synchronized void sweepClosed() {
        if (registrations.size() >= sweepAt) {
            registrations.values().removeIf(r -> r.socket.isClosed());
            sweepAt = Math.max(SWEEP_MINIMUM, 2 * registrations.size());
        }
    }

    /** {@return how many registrations this epoll's table holds} For the tests. */
    int registrationCount() {
        return registrations.size();
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
            events.source = this;
            return n;
        } finally {
            handle.endCompleted("epoll_wait");
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
            registrations.clear();
            cleanable.clean();
        }
    }

    /**
     * A socket {@link #register}ed with this epoll, with an attachment: what a
     * {@link java.nio.channels.SelectionKey} is to a selector. {@link EpollEvents#registration(int)} hands it
     * back with each event.
     *
     * {@snippet :
     * Epoll.Registration r = epoll.register(socket, EPOLLIN, session);
     * r.modify(EPOLLIN | EPOLLOUT);     // when there is something to write
     * r.cancel();                       // EPOLL_CTL_DEL
     * }
     */
    public final class Registration {
        private final PosixSocket socket;
        private final long data;
        private volatile int events;
        private volatile Object attachment;

        private Registration(PosixSocket socket, long data, int events, Object attachment) {
            this.socket = socket;
            this.data = data;
            this.events = events;
            this.attachment = attachment;
        }

        /** {@return the registered socket} */
        public PosixSocket socket() {
            return socket;
        }

        /** {@return the attachment, or {@code null}} */
        public Object attachment() {
            return attachment;
        }

        /**
         * Replaces the attachment, as {@link java.nio.channels.SelectionKey#attach} does.
         *
         * @param attachment the new attachment, or {@code null}
         * @return the one it replaces
         */
        public Object attach(Object attachment) {
            Object previous = this.attachment;
            this.attachment = attachment;
            return previous;
        }

        /** {@return the events asked for, as last given to {@link #register} or {@link #modify}} */
        public int events() {
            return events;
        }

        /**
         * {@code epoll_ctl(EPOLL_CTL_MOD, ...)}: asks for other events, keeping the attachment.
         *
         * @param events the new events
         * @throws IOException {@code ENOENT} after {@link #cancel}, ... as C
         */
        public void modify(int events) throws IOException {
            epoll_ctl(SocketConstants.EPOLL_CTL_MOD, socket, events, data);
            this.events = events;
        }

        /**
         * {@code epoll_ctl(EPOLL_CTL_DEL, ...)} and out of the epoll's table. A socket already closed has left
         * the kernel's list by itself, so then only the table entry goes.
         *
         * @throws IOException {@code ENOENT} when cancelled twice, ... as C
         */
        public void cancel() throws IOException {
            try {
                if (!socket.isClosed()) {
                    delete(socket);
                }
            } catch (SocketClosedException closedMeanwhile) {
                // left the kernel's list with its close
            } finally {
                registrations.remove(data, this);
            }
        }

        /** {@return the socket, the events and the attachment} */
        @Override
        public String toString() {
            return "Epoll.Registration[" + socket + ", events=0x" + Integer.toHexString(events) + ", attachment="
                    + attachment + "]";
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
        /** The epoll that filled these events last, whose table {@link #registration} reads. */
        Epoll source;

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

        /**
         * The {@link Registration} of the socket an event is for, when it was {@link Epoll#register}ed.
         *
         * @param i 0 to the last wait's result - 1
         * @return the registration, or {@code null} for a socket added with a data value of its own or cancelled
         *         since
         */
        public Registration registration(int i) {
            long data = data(i);
            return source == null ? null : source.registrations.get(data);
        }

        MemorySegment segment() {
            return segment;
        }
    }
}
