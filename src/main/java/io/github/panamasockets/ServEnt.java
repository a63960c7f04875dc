package io.github.panamasockets;

import java.util.List;

/**
 * C's {@code struct servent}: one entry of {@code /etc/services}, as {@link Netdb#getservbyname} and
 * {@link Netdb#getservbyport} find it. A copy: nothing refers to C's memory.
 *
 * {@snippet :
 * ServEnt se = Netdb.getservbyname("http", "tcp");   // C: struct servent *se = getservbyname("http", "tcp");
 * int port = ntohs(se.s_port());                     // 80
 * }
 *
 * @param s_name the official name, such as {@code "http"}
 * @param s_aliases the other names, such as {@code ["www"]}
 * @param s_port the port in network byte order, as C keeps it (0..65535): {@code ntohs} it, or use {@link #port()}
 * @param s_proto the protocol, such as {@code "tcp"}
 */
public record ServEnt(String s_name, List<String> s_aliases, int s_port, String s_proto) {
    /** The aliases, copied. */
    public ServEnt {
        s_aliases = List.copyOf(s_aliases);
    }

    /** {@return the port in host byte order: {@code ntohs(s_port)}} */
    public int port() {
        return ArpaInet.ntohs(s_port);
    }
}
