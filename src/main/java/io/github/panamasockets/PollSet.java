package io.github.panamasockets;

import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.Structs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * {@code poll(2)} over a set of sockets: C's {@code struct pollfd} array, kept in native memory and reused from
 * call to call, with the sockets it stands for.
 *
 * {@snippet :
 * PollSet set = new PollSet();
 * set.add(listener, POLLIN);
 * set.add(client, POLLIN | POLLOUT);
 * if (set.poll(1000) > 0) {
 *     if ((set.revents(client) & POLLIN) != 0) { ... }
 * }
 * }
 *
 * <p>During {@link #poll} each socket's descriptor is held as for any other call, so a socket closed meanwhile
 * keeps its number until the poll returns, and a socket already closed is not polled: its {@code revents} is
 * {@code POLLNVAL}, as C reports for a descriptor that is not open. A set is meant for one thread (an event
 * loop); it is not safe for concurrent use.
 */
public final class PollSet {
    private static final long ENTRY = Structs.POLLFD.byteSize();
    private static final int POLLNVAL = SocketConstants.POLLNVAL;

    private final Map<PosixSocket, Integer> index = new IdentityHashMap<>();
    private PosixSocket[] sockets = new PosixSocket[16];
    private MemorySegment fds = Arena.ofAuto().allocate(ENTRY * 16, 8);
    private int size;

    /** An empty set. */
    public PollSet() {}

    /**
     * Adds a socket, or changes its events when it is in the set already.
     *
     * @param socket the socket
     * @param events {@code POLLIN}, {@code POLLOUT}, {@code POLLPRI}, {@code POLLRDHUP}, or'ed together
     */
    public void add(PosixSocket socket, int events) {
        Integer i = index.get(socket);
        if (i != null) {
            setEvents(i, events);
            return;
        }
        if (size == sockets.length) {
            grow();
        }
        sockets[size] = socket;
        setEvents(size, events);
        fds.set(ValueLayout.JAVA_SHORT, size * ENTRY + Structs.POLLFD_REVENTS, (short) 0);
        index.put(socket, size);
        size++;
    }

    /**
     * Changes the events a socket in the set waits for.
     *
     * @param socket a socket in the set
     * @param events the new events; 0 keeps it in the set but waits for nothing but errors and hang-ups
     * @throws IllegalArgumentException when it is not in the set
     */
    public void modify(PosixSocket socket, int events) {
        setEvents(indexOf(socket), events);
    }

    /**
     * Removes a socket from the set.
     *
     * @param socket the socket
     * @return whether it was in the set
     */
    public boolean remove(PosixSocket socket) {
        Integer i = index.remove(socket);
        if (i == null) {
            return false;
        }
        int last = size - 1;
        if (i != last) {
            // The last entry takes the free slot, so the array stays dense for poll().
            sockets[i] = sockets[last];
            MemorySegment.copy(fds, last * ENTRY, fds, i * ENTRY, ENTRY);
            index.put(sockets[i], i);
        }
        sockets[last] = null;
        size = last;
        return true;
    }

    /** {@return how many sockets are in the set} */
    public int size() {
        return size;
    }

    /**
     * {@return the socket at that position}
     *
     * @param i 0 to {@code size() - 1}
     */
    public PosixSocket socket(int i) {
        java.util.Objects.checkIndex(i, size);
        return sockets[i];
    }

    /**
     * {@return the events that position reported in the last {@link #poll}}
     *
     * @param i 0 to {@code size() - 1}
     */
    public int revents(int i) {
        java.util.Objects.checkIndex(i, size);
        return Short.toUnsignedInt(fds.get(ValueLayout.JAVA_SHORT, i * ENTRY + Structs.POLLFD_REVENTS));
    }

    /**
     * The events a socket reported.
     *
     * @param socket a socket in the set
     * @return the events it reported in the last {@link #poll}
     */
    public int revents(PosixSocket socket) {
        return revents(indexOf(socket));
    }

    /**
     * {@code poll(2)}: waits until a socket of the set is ready, or the timeout passes.
     *
     * @param timeoutMillis -1 to wait without limit, 0 to return at once, or milliseconds
     * @return how many sockets reported events (0 when the timeout passed); read them with {@link #revents}
     * @throws IOException when {@code poll} fails
     */
    public int poll(int timeoutMillis) throws IOException {
        int held = 0;
        int closed = 0;
        try {
            for (; held < size; held++) {
                long at = held * ENTRY;
                try {
                    fds.set(ValueLayout.JAVA_INT, at + Structs.POLLFD_FD, sockets[held].handle().begin("poll"));
                } catch (SocketClosedException e) {
                    // A negative fd is skipped by poll(2); the entry then reports POLLNVAL, as C would.
                    fds.set(ValueLayout.JAVA_INT, at + Structs.POLLFD_FD, -1);
                    closed++;
                }
                fds.set(ValueLayout.JAVA_SHORT, at + Structs.POLLFD_REVENTS, (short) 0);
            }
            // A closed socket's entry reports POLLNVAL at once, as C's poll does for a descriptor that is not open;
            // poll(2) skips the -1 the entry holds, so it must not be left to wait for the others.
            int ready = Libc.poll(fds, size, closed > 0 ? 0 : timeoutMillis);
            if (closed > 0) {
                for (int i = 0; i < size; i++) {
                    if (fds.get(ValueLayout.JAVA_INT, i * ENTRY + Structs.POLLFD_FD) == -1) {
                        fds.set(ValueLayout.JAVA_SHORT, i * ENTRY + Structs.POLLFD_REVENTS, (short) POLLNVAL);
                    }
                }
                ready += closed;
            }
            return ready;
        } finally {
            for (int i = 0; i < held; i++) {
                if (fds.get(ValueLayout.JAVA_INT, i * ENTRY + Structs.POLLFD_FD) != -1) {
                    sockets[i].handle().endCompleted("poll");
                }
            }
        }
    }

    /**
     * {@link #poll(int)} with a {@link Duration}.
     *
     * @param timeout {@code null} to wait without limit, or how long to wait (rounded up to milliseconds)
     * @return as {@link #poll(int)}
     * @throws IOException when {@code poll} fails
     */
    public int poll(Duration timeout) throws IOException {
        if (timeout == null) {
            return poll(-1);
        }
        long millis = (timeout.toNanos() + 999_999) / 1_000_000;
        return poll((int) Math.min(Integer.MAX_VALUE, Math.max(0, millis)));
    }

    private void setEvents(int i, int events) {
        fds.set(ValueLayout.JAVA_SHORT, i * ENTRY + Structs.POLLFD_EVENTS, (short) events);
    }

    private int indexOf(PosixSocket socket) {
        Integer i = index.get(socket);
        if (i == null) {
            throw new IllegalArgumentException("not in this poll set: " + socket);
        }
        return i;
    }

    private void grow() {
        int capacity = sockets.length * 2;
        MemorySegment bigger = Arena.ofAuto().allocate(ENTRY * capacity, 8);
        MemorySegment.copy(fds, 0, bigger, 0, size * ENTRY);
        fds = bigger;
        sockets = java.util.Arrays.copyOf(sockets, capacity);
    }
}
