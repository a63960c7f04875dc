package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

/**
 * What the socket-option tests share: loopback sockets that close themselves, kernel settings read from
 * {@code /proc}, and assertions about errno.
 */
final class OptionTestSupport implements AutoCloseable {
    private final List<PosixSocket> open = new ArrayList<>();

    /** @return a new TCP/IPv4 socket, closed with this object */
    PosixSocket tcp4() throws IOException {
        return keep(PosixSocket.socket(AF_INET, SOCK_STREAM, 0));
    }

    /** @return a new UDP/IPv4 socket, closed with this object */
    PosixSocket udp4() throws IOException {
        return keep(PosixSocket.socket(AF_INET, SOCK_DGRAM, 0));
    }

    /** @return a new TCP/IPv6 socket, closed with this object */
    PosixSocket tcp6() throws IOException {
        return keep(PosixSocket.socket(AF_INET6, SOCK_STREAM, 0));
    }

    /** @return a new UDP/IPv6 socket, closed with this object */
    PosixSocket udp6() throws IOException {
        return keep(PosixSocket.socket(AF_INET6, SOCK_DGRAM, 0));
    }

    /** @return a listening TCP socket on 127.0.0.1 and a kernel-chosen port */
    PosixSocket listener4() throws IOException {
        PosixSocket listener = tcp4();
        listener.bind(SockaddrIn.of("127.0.0.1", 0));
        listener.listen(4);
        return listener;
    }

    /** @return a connected TCP pair on loopback: the client end, then the accepted end */
    PosixSocket[] connectedTcp4() throws IOException {
        PosixSocket listener = listener4();
        PosixSocket client = tcp4();
        client.connect(listener.getsockname());
        PosixSocket server = keep(listener.accept());
        listener.close();
        return new PosixSocket[] {client, server};
    }

    /** @return an {@code AF_UNIX} stream pair */
    PosixSocket[] unixPair() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(SocketConstants.AF_UNIX, SOCK_STREAM, 0);
        keep(pair[0]);
        keep(pair[1]);
        return pair;
    }

    /** @return an {@code AF_UNIX} datagram pair */
    PosixSocket[] unixDatagramPair() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(SocketConstants.AF_UNIX, SOCK_DGRAM, 0);
        keep(pair[0]);
        keep(pair[1]);
        return pair;
    }

    PosixSocket keep(PosixSocket socket) {
        open.add(socket);
        return socket;
    }

    @Override
    public void close() throws IOException {
        for (PosixSocket s : open) {
            s.close();
        }
    }

    /**
     * @param name a path under {@code /proc/sys/}, such as {@code net/core/rmem_max}
     * @return its first number
     */
    static long sysctl(String name) throws IOException {
        return Long.parseLong(sysctlText(name).split("\\s+")[0]);
    }

    /** @return the text of {@code /proc/sys/<name>}, trimmed */
    static String sysctlText(String name) throws IOException {
        // Not Files.readString: it reads a zero-sized file one byte first, and a sysctl file answers a read at a
        // non-zero offset with end of file, so only the first digit would come back.
        return String.join("\n", Files.readAllLines(Path.of("/proc/sys", name))).trim();
    }

    /**
     * Asserts that a call fails with an errno exception of that errno, whose message names the option.
     *
     * @return the exception
     */
    static PosixError assertErrno(int errno, String option, Executable call) {
        IOException e = assertThrows(IOException.class, call);
        PosixError p = assertInstanceOf(PosixError.class, e, e.toString());
        assertEquals(Errno.name(errno), p.errnoName(), e.getMessage());
        assertTrue(e.getMessage().contains(option), () -> "the message names " + option + ": " + e.getMessage());
        return p;
    }

    /**
     * Runs a call; if the kernel refuses it with one of the errnos given, the test is skipped, naming the option
     * and the errno. Any other failure fails the test.
     */
    static void assumeKernelAccepts(String what, Executable call, int... skipErrnos) throws Throwable {
        try {
            call.execute();
        } catch (IOException e) {
            for (int errno : skipErrnos) {
                if (e instanceof PosixError p && p.errno() == errno) {
                    Assumptions.abort("this kernel refuses " + what + ": " + e.getMessage());
                }
            }
            throw e;
        }
    }
}
