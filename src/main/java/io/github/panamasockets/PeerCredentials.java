package io.github.panamasockets;

/**
 * C's {@code struct ucred}: the process at the other end of a Unix domain socket, as
 * {@link PosixSocketOptions#SO_PEERCRED} reads it. The values are those of the peer when it called
 * {@code connect}, {@code listen} or {@code socketpair}, not its current ones.
 *
 * <p>The JDK's {@code jdk.net.ExtendedSocketOptions.SO_PEERCRED} gives the same user and group as principals,
 * without the process id; both work on a {@link PosixSocket}. {@link PosixSocket#peerCredentials()} is the
 * shortcut.
 *
 * {@snippet :
 * // serve only callers running as this process's own user
 * PosixSocket client = listener.accept();
 * PeerCredentials peer = client.peerCredentials();
 * if (peer.uid() != myUid) {
 *     client.close();
 * }
 * }
 *
 * @param pid the peer's process id ({@code pid})
 * @param uid its effective user id ({@code uid})
 * @param gid its effective group id ({@code gid})
 */
public record PeerCredentials(int pid, int uid, int gid) {
}
