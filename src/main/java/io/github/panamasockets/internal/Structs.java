package io.github.panamasockets.internal;

import io.github.panamasockets.bindings.linux.x86_64.epoll_event;
import io.github.panamasockets.bindings.linux.x86_64.pollfd;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in6;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_storage;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_un;
import java.lang.foreign.MemoryLayout;

/**
 * The platform facade for struct layouts: sizes and field offsets of the socket address structs, read once
 * from the generated bindings. The address classes use these numbers and never name a generated class, so a
 * platform whose structs differ (BSD's {@code sin_len}) changes this class, not them.
 */
public final class Structs {
    private Structs() {}

    static {
        Platform.check();
    }

    /** {@code struct sockaddr_in}. */
    public static final MemoryLayout SOCKADDR_IN = sockaddr_in.layout();
    public static final long SIN_FAMILY = sockaddr_in.sin_family$offset();
    public static final long SIN_PORT = sockaddr_in.sin_port$offset();
    public static final long SIN_ADDR = sockaddr_in.sin_addr$offset();

    /** {@code struct sockaddr_in6}. */
    public static final MemoryLayout SOCKADDR_IN6 = sockaddr_in6.layout();
    public static final long SIN6_FAMILY = sockaddr_in6.sin6_family$offset();
    public static final long SIN6_PORT = sockaddr_in6.sin6_port$offset();
    public static final long SIN6_FLOWINFO = sockaddr_in6.sin6_flowinfo$offset();
    public static final long SIN6_ADDR = sockaddr_in6.sin6_addr$offset();
    public static final long SIN6_SCOPE_ID = sockaddr_in6.sin6_scope_id$offset();

    /** {@code struct sockaddr_un}. */
    public static final MemoryLayout SOCKADDR_UN = sockaddr_un.layout();
    public static final long SUN_FAMILY = sockaddr_un.sun_family$offset();
    public static final long SUN_PATH = sockaddr_un.sun_path$offset();
    /** Bytes in {@code sun_path}, the terminating NUL included (108 on Linux). */
    public static final int SUN_PATH_SIZE = (int) sockaddr_un.sun_path$layout().byteSize();

    /** {@code struct sockaddr_storage}: room for any address. */
    public static final MemoryLayout SOCKADDR_STORAGE = sockaddr_storage.layout();
    public static final long SS_FAMILY = sockaddr_storage.ss_family$offset();

    /** {@code struct pollfd}. */
    public static final MemoryLayout POLLFD = pollfd.layout();
    public static final long POLLFD_FD = pollfd.fd$offset();
    public static final long POLLFD_EVENTS = pollfd.events$offset();
    public static final long POLLFD_REVENTS = pollfd.revents$offset();

    /** {@code struct epoll_event}: packed on x86_64 (12 bytes), so {@code data} is unaligned. */
    public static final MemoryLayout EPOLL_EVENT = epoll_event.layout();
    public static final long EPOLL_EVENT_EVENTS = epoll_event.events$offset();
    public static final long EPOLL_EVENT_DATA = epoll_event.data$offset();
}
