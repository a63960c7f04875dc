package io.github.panamasockets;

/**
 * C's {@code struct if_nameindex}: one network interface, as {@link Netdb#if_nameindex} lists them.
 *
 * @param if_index the interface index ({@code 1} for {@code lo} on most systems), what {@code sin6_scope_id}
 *                 and {@code IP_MULTICAST_IF} take; C's {@code unsigned int}, never 0
 * @param if_name its name, such as {@code "lo"}
 */
public record IfNameIndex(int if_index, String if_name) {}
