package io.github.panamasockets;

import java.util.List;

/**
 * What {@link PosixSocket#recvFds} returns, as Python's {@code socket.recv_fds}: the data, the descriptors
 * (owned by the caller: each closes exactly once, also when ignored), the message flags and the sender.
 *
 * {@snippet :
 * RecvFdsResult r = unix.recvFds(64, 4);   // up to 64 bytes and 4 descriptors
 * byte[] data = r.data();
 * for (OwnedFd fd : r.fds()) {
 *     try (PosixSocket received = fd.toSocket()) { ... }
 * }
 * }
 *
 * @param data the bytes received (empty at end of stream)
 * @param fds the descriptors received
 * @param flags {@code msg_flags}; {@code MSG_CTRUNC} means more descriptors were sent than fitted
 * @param from the sender's address, or {@code null}
 */
public record RecvFdsResult(byte[] data, List<OwnedFd> fds, int flags, SockAddr from) {
    /** Copies the list. */
    public RecvFdsResult {
        fds = List.copyOf(fds);
    }
}
