package io.github.panamasockets;

/**
 * What owns a file descriptor in this library: a {@link PosixSocket} or an {@link OwnedFd}. Descriptors are
 * passed to other processes ({@code SCM_RIGHTS}) as their owners, never as bare numbers, so the library can
 * hold each one open for the duration of the call.
 *
 * {@snippet :
 * List<DescriptorOwner> toPass = List.of(listeningSocket, OwnedFd.open(Path.of("/etc/hostname")));
 * unix.sendFds(List.of(IoBuffer.of(new byte[] {1})), toPass);
 * }
 */
public sealed interface DescriptorOwner permits PosixSocket, OwnedFd {
    /** {@return whether the descriptor was closed or given up} */
    boolean isClosed();
}
