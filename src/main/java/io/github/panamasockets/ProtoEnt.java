package io.github.panamasockets;

import java.util.List;

/**
 * C's {@code struct protoent}: one entry of {@code /etc/protocols}, as {@link Netdb#getprotobyname} and
 * {@link Netdb#getprotobynumber} find it. A copy: nothing refers to C's memory.
 *
 * {@snippet :
 * ProtoEnt pe = Netdb.getprotobyname("tcp");   // C: struct protoent *pe = getprotobyname("tcp");
 * int proto = pe.p_proto();                    // 6, IPPROTO_TCP
 * }
 *
 * @param p_name the official name, such as {@code "tcp"}
 * @param p_aliases the other names, such as {@code ["TCP"]}
 * @param p_proto the protocol number, such as 6
 */
public record ProtoEnt(String p_name, List<String> p_aliases, int p_proto) {
    /** The aliases, copied. */
    public ProtoEnt {
        p_aliases = List.copyOf(p_aliases);
    }
}
