package io.github.panamasockets;

/**
 * C's {@code struct ucred}: the credentials of the process at the other end of a Unix socket, as
 * {@code SO_PEERCRED} reports them (taken when it connected, or when the pair was made).
 *
 * {@snippet :
 * Ucred peer = unixConnection.peerCredentials();   // SO_PEERCRED
 * if (peer.uid() != 0) { ... }
 * }
 *
 * @param pid process id
 * @param uid user id
 * @param gid group id
 */
public record Ucred(int pid, int uid, int gid) {
}
