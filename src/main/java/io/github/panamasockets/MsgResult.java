package io.github.panamasockets;

import java.util.List;

/**
 * What {@code recvmsg} reports besides the data, as C's {@code struct msghdr} after the call.
 *
 * {@snippet :
 * MsgResult r = s.recvmsg(List.of(IoBuffer.of(buf)), 0, 0);
 * if (r.isTruncated()) { ... }          // MSG_TRUNC: the datagram was longer than buf
 * SockAddr sender = r.from();
 * }
 *
 * @param bytes the return value: bytes received (0 at end of stream or for an empty datagram); with
 *              {@code MSG_TRUNC} in the flags given, a datagram's real length, which may exceed the buffers;
 *              {@link PosixSocket#WOULD_BLOCK} when a non-blocking call found nothing
 * @param flags {@code msg_flags}: {@code MSG_TRUNC} (the datagram was longer than the buffers),
 *              {@code MSG_CTRUNC} (control data did not fit), {@code MSG_EOR}, {@code MSG_OOB}, {@code MSG_ERRQUEUE}
 * @param from the sender's address ({@code msg_name}), or {@code null} when the kernel gave none (a connected
 *             stream)
 * @param control the ancillary messages, decoded
 */
public record MsgResult(int bytes, int flags, SockAddr from, List<ControlMessage> control) {
    /** An empty result for a call that would have blocked. */
    static final MsgResult WOULD_BLOCK = new MsgResult(PosixSocket.WOULD_BLOCK, 0, null, List.of());

    /** Copies the control list. */
    public MsgResult {
        control = List.copyOf(control);
    }

    /** {@return whether {@code MSG_TRUNC} is set: the datagram did not fit and its tail was discarded} */
    public boolean isTruncated() {
        return (flags & SocketConstants.MSG_TRUNC) != 0;
    }

    /** {@return whether {@code MSG_CTRUNC} is set: control data did not fit (descriptors beyond it were closed by the kernel)} */
    public boolean isControlTruncated() {
        return (flags & SocketConstants.MSG_CTRUNC) != 0;
    }

    /** {@return every descriptor received with {@code SCM_RIGHTS}, in order; the caller owns them} */
    public List<OwnedFd> fds() {
        return control.stream()
                .filter(m -> m instanceof ControlMessage.Rights)
                .flatMap(m -> ((ControlMessage.Rights) m).received().stream())
                .toList();
    }
}
