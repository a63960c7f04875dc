package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sockets the hostile data-call properties share, made once per property so that each case costs a few
 * system calls: a connected stream pair and a pair of bound datagram sockets, all Unix domain (delivery happens
 * inside the sending call, so a non-blocking receive right after it finds the data), every one non-blocking so
 * that no case ever waits; and a socket that is already closed.
 */
final class HostilePeers implements AutoCloseable {
    /** The side the calls under test use, and its peer. */
    final PosixSocket a;
    final PosixSocket b;
    /** Datagram sockets with abstract names: {@code u1} sends to {@code u2}. */
    final PosixSocket u1;
    final PosixSocket u2;
    final SockaddrUn u1Name;
    final SockaddrUn u2Name;
    final PosixSocket closed;

    HostilePeers() throws IOException {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        a = pair[0];
        b = pair[1];
        a.setBlocking(false);
        b.setBlocking(false);
        String tag = "panama-hostile-" + ProcessHandle.current().pid() + "-" + ThreadLocalRandom.current().nextInt(1 << 30);
        u1Name = SockaddrUn.abstractName(tag + "-1");
        u2Name = SockaddrUn.abstractName(tag + "-2");
        u1 = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
        u2 = PosixSocket.socket(AF_UNIX, SOCK_DGRAM, 0);
        u1.bind(u1Name);
        u2.bind(u2Name);
        u1.setBlocking(false);
        u2.setBlocking(false);
        closed = PosixSocket.socket(AF_UNIX, SOCK_STREAM, 0);
        closed.close();
    }

    /** The byte at {@code i} of any data the properties send: never {@link Canary#GUARD}. */
    static byte data(int i) {
        return (byte) (i % 100);
    }

    static byte[] data(int from, int to) {
        byte[] d = new byte[Math.max(0, to - from)];
        for (int i = 0; i < d.length; i++) {
            d[i] = data(from + i);
        }
        return d;
    }

    /** Everything queued on a stream socket, read without waiting. */
    static byte[] drainStream(PosixSocket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = s.recv(buf, MSG_DONTWAIT)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Every datagram queued on a datagram socket, read without waiting. */
    static List<byte[]> drainDatagrams(PosixSocket s) throws IOException {
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = s.recv(buf, MSG_DONTWAIT)) != PosixSocket.WOULD_BLOCK; ) {
            out.add(java.util.Arrays.copyOf(buf, n));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        for (PosixSocket s : List.of(a, b, u1, u2)) {
            s.close();
        }
    }
}
