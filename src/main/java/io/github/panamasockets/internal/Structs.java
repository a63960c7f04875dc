package io.github.panamasockets.internal;

import io.github.panamasockets.bindings.linux.x86_64.addrinfo;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in6;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_storage;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_un;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

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

    /**
     * {@code struct addrinfo}: {@code getaddrinfo}'s hints and the entries of its result list. Read and written
     * through the accessors below, which delegate to the generated ones, so that {@code Netdb} names no
     * generated class.
     */
    public static final MemoryLayout ADDRINFO = addrinfo.layout();

    /** @param ai a {@code struct addrinfo} @return {@code ai_flags} */
    public static int ai_flags(MemorySegment ai) { return addrinfo.ai_flags(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_family} */
    public static int ai_family(MemorySegment ai) { return addrinfo.ai_family(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_socktype} */
    public static int ai_socktype(MemorySegment ai) { return addrinfo.ai_socktype(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_protocol} */
    public static int ai_protocol(MemorySegment ai) { return addrinfo.ai_protocol(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_addrlen} */
    public static int ai_addrlen(MemorySegment ai) { return addrinfo.ai_addrlen(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_addr}, a zero-length pointer segment (or NULL) */
    public static MemorySegment ai_addr(MemorySegment ai) { return addrinfo.ai_addr(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_canonname}, a zero-length pointer segment (or NULL) */
    public static MemorySegment ai_canonname(MemorySegment ai) { return addrinfo.ai_canonname(ai); }
    /** @param ai a {@code struct addrinfo} @return {@code ai_next}, a zero-length pointer segment (or NULL) */
    public static MemorySegment ai_next(MemorySegment ai) { return addrinfo.ai_next(ai); }

    /**
     * Fills in the four fields of {@code getaddrinfo}'s hints; the caller has zeroed the rest, as C requires.
     *
     * @param ai a zeroed {@code struct addrinfo}
     * @param flags {@code ai_flags}
     * @param family {@code ai_family}
     * @param socktype {@code ai_socktype}
     * @param protocol {@code ai_protocol}
     */
    public static void addrinfoHints(MemorySegment ai, int flags, int family, int socktype, int protocol) {
        addrinfo.ai_flags(ai, flags);
        addrinfo.ai_family(ai, family);
        addrinfo.ai_socktype(ai, socktype);
        addrinfo.ai_protocol(ai, protocol);
    }
}
