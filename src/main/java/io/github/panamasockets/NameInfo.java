package io.github.panamasockets;

/**
 * What {@link Netdb#getnameinfo} gives for an address: the host and service as text, C's {@code host} and
 * {@code serv} buffers.
 *
 * {@snippet :
 * NameInfo ni = Netdb.getnameinfo(SockaddrIn.of("127.0.0.1", 80), NI_NUMERICHOST | NI_NUMERICSERV);
 * ni.host();      // "127.0.0.1"
 * ni.service();   // "80"
 * }
 *
 * @param host the host name, or the numeric address with {@code NI_NUMERICHOST} (or when no name is known and
 *             {@code NI_NAMEREQD} was not given); a link-local IPv6 address carries its scope, as
 *             {@code "fe80::1%lo"}
 * @param service the service name from {@code /etc/services}, or the port number with {@code NI_NUMERICSERV}
 *                (or when the port has no name)
 */
public record NameInfo(String host, String service) {}
