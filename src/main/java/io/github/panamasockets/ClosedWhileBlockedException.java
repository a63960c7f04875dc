package io.github.panamasockets;

import java.io.Serial;

/**
 * The socket was closed by another thread while this thread was inside a call on it, as the JDK's
 * {@link java.nio.channels.AsynchronousCloseException} reports for channels. The call's own result (an
 * {@code EINVAL} from {@code accept}, an end of stream from {@code recv}) was an artefact of the close and is
 * not reported.
 *
 * {@snippet :
 * try {
 *     int n = s.recv(buf, 0);                  // another thread calls s.close() meanwhile
 * } catch (ClosedWhileBlockedException e) {
 *     // not a failure of the connection: this socket is being shut down on purpose
 * }
 * }
 */
public class ClosedWhileBlockedException extends SocketClosedException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * The exception for a call that a close from another thread ended.
     *
     * @param call the method that was in progress
     */
    public ClosedWhileBlockedException(String call) {
        super(call, call + ": socket was closed while the call was in progress (EBADF)");
    }
}
