package io.github.panamasockets;

/**
 * C's {@code struct if_nameindex}: one network interface, as {@link Netdb#if_nameindex} lists them.
 *
 * {@snippet :
 * for (IfNameIndex i : Netdb.if_nameindex()) {          // C: for (p = if_nameindex(); p->if_index != 0; p++)
 *     System.out.println(i.if_index() + ": " + i.if_name());   // 1: lo
 * }
 * }
 *
 * @param if_index the interface index ({@code 1} for {@code lo} on most systems), what {@code sin6_scope_id}
 *                 and {@code IP_MULTICAST_IF} take; C's {@code unsigned int}, never 0
 * @param if_name its name, such as {@code "lo"}
 */
public record IfNameIndex(int if_index, String if_name) {}
