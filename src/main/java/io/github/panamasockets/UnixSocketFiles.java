package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;

import io.github.panamasockets.internal.CText;
import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The body of {@link PosixSocket#bind(SockaddrUn, Set)}: a Unix socket file with the permissions asked for, and
 * no moment in which anyone else could use it under looser ones.
 *
 * <p>{@code bind(2)} creates the file with mode {@code 0777 & ~umask}, and the umask belongs to the whole
 * process: setting it around the call would race with every other thread creating files. So the mode is set
 * after the file exists, in a way that nobody can use the file before:
 * <ul>
 *   <li><b>Stream and seqpacket sockets</b>: bind at the path, then {@code chmod}. Until {@code listen} nobody
 *       can connect (the kernel refuses with {@code ECONNREFUSED}), and the kernel checks the file's mode at
 *       each {@code connect}, so the first connection already meets the new mode.</li>
 *   <li><b>Datagram sockets</b> can be sent to as soon as they are bound. They are bound inside a directory
 *       of mode 0700 that this method creates beside the target, given the mode there, then linked into place
 *       with {@code link(2)} — atomic, and unlike {@code rename(2)} it fails rather than replace a file
 *       already at the path, as {@code bind} does. The kernel keeps the name the socket was bound under, so
 *       {@code getsockname} (and the source address its peers see) is the temporary name, which no longer
 *       exists: peers must be told the real path.</li>
 * </ul>
 */
final class UnixSocketFiles {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private UnixSocketFiles() {}

    static void bind(PosixSocket socket, SockaddrUn address, Set<PosixFilePermission> permissions) throws IOException {
        Objects.requireNonNull(address, "address");
        Set<PosixFilePermission> mode = Set.copyOf(permissions);
        if (address.isUnnamed() || address.isAbstract()) {
            throw new IllegalArgumentException("bind: permissions apply to a socket file; " + address
                    + " is " + (address.isUnnamed() ? "unnamed" : "an abstract name") + ", which has no file");
        }
        if (socket.isClosed()) {
            throw new SocketClosedException("bind");
        }
        String text = CText.decodeOrNull(address.pathBytes());
        if (text == null) {
            // java.nio.file sets the mode, and no Path made from text names a file whose name is not UTF-8.
            throw new IllegalArgumentException("bind: permissions are set through java.nio.file, which cannot name "
                    + address + ", a path that is not valid UTF-8; bind it without permissions and set the mode by other means");
        }
        Path target = Path.of(text);
        if (socket.type() == SOCK_DGRAM) {
            bindInPrivateDirectory(socket, target, mode);
        } else {
            bindThenChmod(socket, address, target, mode);
        }
    }

    private static void bindThenChmod(PosixSocket socket, SockaddrUn address, Path target, Set<PosixFilePermission> mode)
            throws IOException {
        socket.bind(address);
        try {
            Files.setPosixFilePermissions(target, mode);
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(target, e);
            throw e;
        }
    }

    private static void bindInPrivateDirectory(PosixSocket socket, Path target, Set<PosixFilePermission> mode)
            throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        // The temporary name is the directory, "/.psk" and 8 hex digits, then "/s": 15 bytes more than the directory.
        Path longest = parent.resolve(".psk00000000").resolve("s");
        if (longest.toString().getBytes(StandardCharsets.UTF_8).length > SockaddrUn.MAX_PATH_BYTES) {
            throw new IllegalArgumentException("bind: a datagram socket file is first bound in a temporary directory"
                    + " beside " + target + ", and that name (the directory plus 15 bytes) would not fit in sun_path's "
                    + SockaddrUn.MAX_PATH_BYTES + " bytes");
        }
        Path dir = createPrivateDirectory(parent);
        Path temp = dir.resolve("s");
        try {
            socket.bind(SockaddrUn.of(temp));
            Files.setPosixFilePermissions(temp, mode);
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                throw ErrnoExceptions.of("bind", Errno.EADDRINUSE, target.toString());
            }
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(dir);
        }
    }

    /** A new directory of mode 0700 (or stricter, after the umask) in {@code parent}, named at random. */
    private static Path createPrivateDirectory(Path parent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[4];
            ThreadLocalRandom.current().nextBytes(random);
            Path dir = parent.resolve(".psk" + HexFormat.of().formatHex(random));
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 16) {
                    throw taken;
                }
            }
        }
    }

    private static void deleteAfterFailure(Path target, Exception failure) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
