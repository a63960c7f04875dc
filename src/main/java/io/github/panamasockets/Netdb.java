package io.github.panamasockets;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.Structs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * C's {@code <netdb.h>} name resolution, with the C names: {@link #getaddrinfo}, {@link #getnameinfo},
 * {@link #gai_strerror}. {@code freeaddrinfo} has no Java form: {@code getaddrinfo} copies its result out
 * and frees the C list before it returns, whatever happens.
 *
 * {@snippet :
 * List<AddrInfo> list = Netdb.getaddrinfo("localhost", "8080", AddrInfo.Hints.of(AF_UNSPEC, SOCK_STREAM));
 * NameInfo ni = Netdb.getnameinfo(SockaddrIn.of("127.0.0.1", 80), NI_NUMERICHOST | NI_NUMERICSERV);
 * }
 *
 * <p>The resolver is the C library's, configured by {@code /etc/nsswitch.conf}: {@code /etc/hosts}, DNS,
 * mDNS, whatever the system uses. A name that is not an address literal may therefore cause network traffic
 * and block for as long as the resolver's timeouts allow; {@code AI_NUMERICHOST} and {@code NI_NUMERICHOST}
 * rule that out. Both calls block the calling thread (and, for a virtual thread, its carrier) while they run.
 * Failures are {@link ResolverException}s, which are {@link java.net.UnknownHostException}s carrying the
 * {@code EAI_*} code.
 */
public final class Netdb {
    private Netdb() {}

    /** Decodes one C entry; {@link #entry} in production, a failing one in the test of the cleanup. */
    @FunctionalInterface
    interface EntryDecoder {
        AddrInfo decode(MemorySegment ai);
    }

    /**
     * {@code getaddrinfo(3)}: the addresses for a host and service, in the order the resolver prefers (RFC 6724,
     * adjusted by {@code /etc/gai.conf}); try them in that order.
     *
     * @param node a host name or address literal ({@code "localhost"}, {@code "127.0.0.1"}, {@code "::1"},
     *             {@code "fe80::1%eth0"}), or {@code null} for the wildcard address with {@code AI_PASSIVE} and
     *             the loopback address without it
     * @param service a service name from {@code /etc/services} ({@code "http"}) or a port number
     *                ({@code "8080"}), or {@code null} for port 0; at least one of node and service is needed
     * @param hints what to look for, or {@code null} for C's default (any family and type, with
     *              {@code AI_V4MAPPED | AI_ADDRCONFIG} in glibc)
     * @return the entries, never empty, with addresses copied out of C's list
     * @throws ResolverException for every {@code EAI_*} code: {@code EAI_NONAME} (unknown name, or a non-numeric
     *         node with {@code AI_NUMERICHOST}), {@code EAI_AGAIN} (try later), {@code EAI_SERVICE},
     *         {@code EAI_FAMILY}, {@code EAI_SOCKTYPE}, {@code EAI_BADFLAGS}, {@code EAI_SYSTEM} (with its
     *         errno), ...
     * @throws IllegalArgumentException when node or service contains a NUL character, which C would cut the
     *         text at, or a character UTF-8 cannot encode (an unpaired surrogate), which Java would replace with
     *         {@code '?'}: the resolver would answer a question other than the one asked
     */
    public static List<AddrInfo> getaddrinfo(String node, String service, AddrInfo.Hints hints)
            throws ResolverException {
        return getaddrinfo(node, service, hints, Netdb::entry);
    }

    /** As the public form, decoding each entry with {@code decoder}; the list is freed however it ends. */
    static List<AddrInfo> getaddrinfo(String node, String service, AddrInfo.Hints hints, EntryDecoder decoder)
            throws ResolverException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cNode = node == null ? MemorySegment.NULL : CText.allocate("getaddrinfo", "the node", node, arena);
            MemorySegment cService = service == null ? MemorySegment.NULL
                    : CText.allocate("getaddrinfo", "the service", service, arena);
            MemorySegment cHints = MemorySegment.NULL;
            if (hints != null) {
                cHints = arena.allocate(Structs.ADDRINFO);
                cHints.fill((byte) 0); // C requires every other field zero (or NULL)
                Structs.addrinfoHints(cHints, hints.flags(), hints.family(), hints.socktype(), hints.protocol());
            }
            MemorySegment res = arena.allocate(ValueLayout.ADDRESS);
            Libc.getaddrinfo(cNode, cService, cHints, res, new Query(node, service));
            MemorySegment head = res.get(ValueLayout.ADDRESS, 0);
            try {
                return decodeList(head, decoder);
            } finally {
                Libc.freeaddrinfo(head);
            }
        }
    }

    private static List<AddrInfo> decodeList(MemorySegment head, EntryDecoder decoder) {
        List<AddrInfo> entries = new ArrayList<>();
        long size = Structs.ADDRINFO.byteSize();
        for (MemorySegment p = head; p.address() != 0; ) {
            MemorySegment ai = p.reinterpret(size);
            entries.add(decoder.decode(ai));
            p = Structs.ai_next(ai);
        }
        return List.copyOf(entries);
    }

    /** One C entry as an {@link AddrInfo}, copying the address and the canonical name into Java's memory. */
    static AddrInfo entry(MemorySegment ai) {
        MemorySegment addr = Structs.ai_addr(ai);
        int addrlen = addr.address() == 0 ? 0 : Structs.ai_addrlen(ai);
        SockAddr address = SockAddr.decode(addr.reinterpret(addrlen), addrlen); // a copy: the list is freed next
        MemorySegment canon = Structs.ai_canonname(ai);
        // glibc's strings are NUL-terminated; the length is only a bound for reading up to the NUL.
        String canonname = canon.address() == 0 ? null : canon.reinterpret(Integer.MAX_VALUE).getString(0);
        return new AddrInfo(Structs.ai_flags(ai), Structs.ai_family(ai), Structs.ai_socktype(ai),
                Structs.ai_protocol(ai), address, canonname);
    }

    /**
     * {@code getnameinfo(3)}: the host and service of an address, as names or as numbers.
     *
     * @param address an {@code AF_INET} or {@code AF_INET6} address ({@code AF_UNIX} too, as glibc allows)
     * @param flags {@code NI_NUMERICHOST}, {@code NI_NUMERICSERV}, {@code NI_NAMEREQD}, {@code NI_NOFQDN},
     *              {@code NI_DGRAM}, or'ed together; without {@code NI_NUMERICHOST} the host is looked up
     *              (in {@code /etc/hosts}, then DNS as {@code /etc/nsswitch.conf} says)
     * @return the host and service texts
     * @throws ResolverException {@code EAI_NONAME} (no name and {@code NI_NAMEREQD}), {@code EAI_FAMILY},
     *         {@code EAI_BADFLAGS}, {@code EAI_AGAIN}, {@code EAI_SYSTEM}, ...
     */
    public static NameInfo getnameinfo(SockAddr address, int flags) throws ResolverException {
        Objects.requireNonNull(address, "address");
        int hostlen = SocketConstants.NI_MAXHOST;
        int servlen = SocketConstants.NI_MAXSERV;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(hostlen);
            MemorySegment serv = arena.allocate(servlen);
            Libc.getnameinfo(address.segment(), address.length(), host, hostlen, serv, servlen, flags, address);
            return new NameInfo(host.getString(0), serv.getString(0));
        }
    }

    /**
     * {@code gai_strerror(3)}: the C library's text for an {@code EAI_*} code.
     *
     * @param code an {@code EAI_*} code, such as {@link SocketConstants#EAI_NONAME}
     * @return its text, such as {@code "Name or service not known"}; {@code "Unknown error"} for other values
     */
    public static String gai_strerror(int code) {
        return Libc.gai_strerror(code);
    }

    /** What was asked, formatted for an exception only when there is one. */
    private record Query(String node, String service) {
        @Override
        public String toString() {
            return "node " + quote(node) + ", service " + quote(service);
        }

        private static String quote(String s) {
            return s == null ? "NULL" : "\"" + s + "\"";
        }
    }
}
