package io.github.panamasockets;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.Libc;
import io.github.panamasockets.internal.LibcNames;
import io.github.panamasockets.internal.NativeCall;
import io.github.panamasockets.internal.Structs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * C's {@code <netdb.h>} name resolution, with the C names: {@link #getaddrinfo}, {@link #getnameinfo},
 * {@link #gai_strerror}; the service and protocol databases ({@link #getservbyname}, {@link #getservbyport},
 * {@link #getprotobyname}, {@link #getprotobynumber}); and the local names a network program asks for beside
 * them: {@link #gethostname} ({@code <unistd.h>}) and the interfaces of {@code <net/if.h>}
 * ({@link #if_nametoindex}, {@link #if_indextoname}, {@link #if_nameindex}). {@code freeaddrinfo} and
 * {@code if_freenameindex} have no Java form: each call copies its result out and frees C's memory before it
 * returns, whatever happens.
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
 *
 * <p>The other lookups never reach the network: the host name and the interfaces are the kernel's, and services
 * and protocols come from {@code /etc/services} and {@code /etc/protocols} (through the C library's re-entrant
 * {@code _r} forms, so threads never share a result). Where C returns {@code NULL} for "no such entry" they return
 * {@code null}; where C fails with errno they throw the library's exception for it.
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
        String canonname = canon.address() == 0 ? null : cString(canon);
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

    /** The first room given to an {@code _r} lookup; doubled on {@code ERANGE} up to {@link #MAX_ENTRY_ROOM}. */
    private static final int ENTRY_ROOM = 1024;
    private static final int MAX_ENTRY_ROOM = 1 << 20;
    private static final int HOST_NAME_ROOM = 256; // HOST_NAME_MAX (64) and its NUL, with room to spare

    /**
     * {@code gethostname(2)}: this machine's host name, as the kernel holds it ({@code uname -n}); nothing is
     * looked up.
     *
     * @return the name
     * @throws IOException as C's {@code gethostname} fails
     */
    public static String gethostname() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(HOST_NAME_ROOM);
            LibcNames.gethostname(name, HOST_NAME_ROOM - 1); // the last byte stays NUL even if glibc truncates
            return name.getString(0);
        }
    }

    /**
     * {@code if_nametoindex(3)}: an interface's index, for {@code sin6_scope_id}, {@code IP_MULTICAST_IF},
     * {@code SO_BINDTOIFINDEX}.
     *
     * @param ifname the interface's name, such as {@code "lo"}
     * @return its index, never 0
     * @throws IOException {@code ENODEV} when there is no such interface (where C returns 0)
     * @throws IllegalArgumentException when the name contains a NUL or cannot be encoded
     */
    public static int if_nametoindex(String ifname) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = CText.allocate("if_nametoindex", "the interface name", ifname, arena);
            return LibcNames.if_nametoindex(name, CText.quote(ifname));
        }
    }

    /**
     * {@code if_indextoname(3)}: an interface's name.
     *
     * @param ifindex the index, C's {@code unsigned int}
     * @return the name, such as {@code "lo"}
     * @throws IOException {@code ENXIO} when no interface has that index (where C returns {@code NULL})
     */
    public static String if_indextoname(int ifindex) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(SocketConstants.IF_NAMESIZE);
            LibcNames.if_indextoname(ifindex, name);
            return name.getString(0);
        }
    }

    /**
     * {@code if_nameindex(3)}: every network interface, in the kernel's order. The C array is freed
     * ({@code if_freenameindex}) before this returns.
     *
     * @return the interfaces
     * @throws IOException as C's {@code if_nameindex} fails ({@code ENOBUFS}, ...)
     */
    public static List<IfNameIndex> if_nameindex() throws IOException {
        MemorySegment array = LibcNames.if_nameindex();
        try {
            long size = Structs.IF_NAMEINDEX.byteSize();
            List<IfNameIndex> list = new ArrayList<>();
            for (long i = 0; ; i++) {
                MemorySegment entry = array.reinterpret((i + 1) * size).asSlice(i * size, size);
                int index = entry.get(ValueLayout.JAVA_INT, Structs.IF_INDEX);
                MemorySegment name = entry.get(ValueLayout.ADDRESS, Structs.IF_NAME);
                if (index == 0 && name.equals(MemorySegment.NULL)) {
                    return List.copyOf(list); // the array ends with an all-zero entry
                }
                list.add(new IfNameIndex(index, cString(name)));
            }
        } finally {
            LibcNames.if_freenameindex(array);
        }
    }

    /**
     * {@code getservbyname(3)}: the entry of {@code /etc/services} for a service name.
     *
     * @param name the service, such as {@code "http"}, or one of its aliases
     * @param proto {@code "tcp"}, {@code "udp"}, or {@code null} for any protocol
     * @return the entry, or {@code null} when there is none (C's {@code NULL})
     * @throws IOException when the database cannot be read
     * @throws IllegalArgumentException when a text contains a NUL or cannot be encoded
     */
    public static ServEnt getservbyname(String name, String proto) throws IOException {
        Objects.requireNonNull(name, "name");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = CText.allocate("getservbyname", "the service name", name, arena);
            MemorySegment cProto = proto == null ? MemorySegment.NULL : CText.allocate("getservbyname", "the protocol", proto, arena);
            return entry("getservbyname_r", arena, Structs.SERVENT.byteSize(),
                    (result, buf, room, out) -> LibcNames.getservbyname_r(cName, cProto, result, buf, room, out),
                    Netdb::servent);
        }
    }

    /**
     * {@code getservbyport(3)}: the entry of {@code /etc/services} for a port.
     *
     * @param port the port in network byte order, as C takes it: {@code getservbyport(htons(80), "tcp")}
     * @param proto {@code "tcp"}, {@code "udp"}, or {@code null} for any protocol
     * @return the entry, or {@code null} when there is none (C's {@code NULL})
     * @throws IOException when the database cannot be read
     * @throws IllegalArgumentException when the protocol contains a NUL or cannot be encoded
     */
    public static ServEnt getservbyport(int port, String proto) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cProto = proto == null ? MemorySegment.NULL : CText.allocate("getservbyport", "the protocol", proto, arena);
            return entry("getservbyport_r", arena, Structs.SERVENT.byteSize(),
                    (result, buf, room, out) -> LibcNames.getservbyport_r(port, cProto, result, buf, room, out),
                    Netdb::servent);
        }
    }

    /**
     * {@code getprotobyname(3)}: the entry of {@code /etc/protocols} for a protocol name.
     *
     * @param name the protocol, such as {@code "tcp"}
     * @return the entry, or {@code null} when there is none (C's {@code NULL})
     * @throws IOException when the database cannot be read
     * @throws IllegalArgumentException when the name contains a NUL or cannot be encoded
     */
    public static ProtoEnt getprotobyname(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = CText.allocate("getprotobyname", "the protocol name", name, arena);
            return entry("getprotobyname_r", arena, Structs.PROTOENT.byteSize(),
                    (result, buf, room, out) -> LibcNames.getprotobyname_r(cName, result, buf, room, out),
                    Netdb::protoent);
        }
    }

    /**
     * {@code getprotobynumber(3)}: the entry of {@code /etc/protocols} for a protocol number.
     *
     * @param proto the number, such as 17 ({@code IPPROTO_UDP})
     * @return the entry, or {@code null} when there is none (C's {@code NULL})
     * @throws IOException when the database cannot be read
     */
    public static ProtoEnt getprotobynumber(int proto) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return entry("getprotobynumber_r", arena, Structs.PROTOENT.byteSize(),
                    (result, buf, room, out) -> LibcNames.getprotobynumber_r(proto, result, buf, room, out),
                    Netdb::protoent);
        }
    }

    /** One call of a re-entrant lookup: {@code (result_buf, buf, buflen, result)}, returning 0 or an error number. */
    @FunctionalInterface
    private interface Lookup {
        int call(MemorySegment resultBuf, MemorySegment buf, long buflen, MemorySegment result);
    }

    /**
     * Runs an {@code _r} lookup with room that doubles while the C library answers {@code ERANGE}, and decodes
     * the entry it found while the room is still allocated; {@code null} when it found none.
     */
    private static <T> T entry(String call, Arena arena, long structSize, Lookup lookup,
                               java.util.function.Function<MemorySegment, T> decode) throws IOException {
        MemorySegment result = arena.allocate(structSize, 8);
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        for (int room = ENTRY_ROOM; ; room *= 2) {
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment buf = scratch.allocate(room, 8);
                int error = lookup.call(result, buf, room, out);
                if (error == Errno.ERANGE && room < MAX_ENTRY_ROOM) {
                    continue;
                }
                if (error != 0) {
                    throw NativeCall.failReturned(call, error, null);
                }
                return out.get(ValueLayout.ADDRESS, 0).equals(MemorySegment.NULL) ? null : decode.apply(result);
            }
        }
    }

    private static ServEnt servent(MemorySegment s) {
        return new ServEnt(cString(s.get(ValueLayout.ADDRESS, Structs.S_NAME)),
                cStrings(s.get(ValueLayout.ADDRESS, Structs.S_ALIASES)),
                s.get(ValueLayout.JAVA_INT, Structs.S_PORT) & 0xFFFF,
                cString(s.get(ValueLayout.ADDRESS, Structs.S_PROTO)));
    }

    private static ProtoEnt protoent(MemorySegment p) {
        return new ProtoEnt(cString(p.get(ValueLayout.ADDRESS, Structs.P_NAME)),
                cStrings(p.get(ValueLayout.ADDRESS, Structs.P_ALIASES)),
                p.get(ValueLayout.JAVA_INT, Structs.P_PROTO));
    }

    /** A NUL-terminated string the C library wrote; the length is only a bound for reading up to the NUL. */
    private static String cString(MemorySegment pointer) {
        return pointer.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    /** A NULL-terminated array of C strings ({@code char **}), such as {@code s_aliases}. */
    private static List<String> cStrings(MemorySegment array) {
        List<String> strings = new ArrayList<>();
        long step = ValueLayout.ADDRESS.byteSize();
        for (long i = 0; ; i++) {
            MemorySegment p = array.reinterpret((i + 1) * step).get(ValueLayout.ADDRESS, i * step);
            if (p.equals(MemorySegment.NULL)) {
                return strings;
            }
            strings.add(cString(p));
        }
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
