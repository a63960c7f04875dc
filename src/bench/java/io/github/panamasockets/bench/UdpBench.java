package io.github.panamasockets.bench;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;

import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.SockAddr;
import io.github.panamasockets.SockaddrIn;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Small datagrams, one at a time: a 64-byte datagram sent to a socket on 127.0.0.1 and received there, both in
 * the benchmark thread, so that none is ever dropped and the score is datagrams per second.
 *
 * <h2>Batched variants</h2>
 * A batched form ({@code sendmmsg}/{@code recvmmsg}) belongs in a class of its own in this package, built on the
 * states here: its methods take {@link Library} (sockets, destination and an arena for the message vectors) and
 * carry {@code @OperationsPerInvocation(batch)} so that their score is datagrams per second as well, and its
 * {@code nio_direct} baseline is {@code return UdpBench.nioDatagram(s);} so that the report compares it with
 * the same NIO loop. Given a {@link Workload} and {@link Variant}s it appears in the report with no change to
 * {@link BenchReport}.
 */
@Workload(order = 4, title = "UDP, 64-byte datagrams one at a time",
        operation = "Send one 64-byte datagram from an unconnected socket to a receiver on 127.0.0.1, then receive it"
                + " there (blocking); both in the benchmark thread, so none is dropped. Library: `sendto` with a"
                + " `SockAddr`, then `recv`; NIO: `DatagramChannel.send(buffer, InetSocketAddress)`, then `read` (the"
                + " receivers of both are connected to their sender).")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class UdpBench {
    /** Bytes in each datagram. */
    public static final int DATAGRAM = 64;

    /**
     * Two UDP sockets of the library on 127.0.0.1: {@code sender}, unconnected, and {@code receiver}, connected
     * to the sender; {@code target} is the receiver's address. The arena lives as long as the state.
     */
    @State(Scope.Thread)
    public static class Library {
        PosixSocket sender;
        PosixSocket receiver;
        SockAddr target;
        Arena arena;
        MemorySegment out;
        MemorySegment in;
        byte[] outArray;
        byte[] inArray;

        /** Binds both sockets to ports the kernel picks and connects the receiver to the sender. */
        @Setup
        public void open() throws IOException {
            sender = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
            receiver = PosixSocket.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
            sender.bind(SockaddrIn.loopback(0));
            receiver.bind(SockaddrIn.loopback(0));
            receiver.connect(sender.getsockname());
            target = receiver.getsockname();
            arena = Arena.ofConfined();
            out = arena.allocate(DATAGRAM);
            out.fill((byte) 'x');
            in = arena.allocate(DATAGRAM);
            outArray = new byte[DATAGRAM];
            inArray = new byte[DATAGRAM];
        }

        /** Closes both sockets and frees the memory. */
        @TearDown
        public void close() throws IOException {
            sender.close();
            receiver.close();
            arena.close();
        }
    }

    /** The same two sockets as NIO {@link DatagramChannel}s, {@code AF_INET}, blocking. */
    @State(Scope.Thread)
    public static class Nio {
        DatagramChannel sender;
        DatagramChannel receiver;
        InetSocketAddress target;
        ByteBuffer outDirect;
        ByteBuffer inDirect;
        ByteBuffer outHeap;
        ByteBuffer inHeap;

        /** Binds both channels to ports the kernel picks and connects the receiver to the sender. */
        @Setup
        public void open() throws IOException {
            sender = DatagramChannel.open(StandardProtocolFamily.INET);
            receiver = DatagramChannel.open(StandardProtocolFamily.INET);
            sender.bind(new InetSocketAddress(Loopback.ipv4Loopback(), 0));
            receiver.bind(new InetSocketAddress(Loopback.ipv4Loopback(), 0));
            receiver.connect(sender.getLocalAddress());
            target = (InetSocketAddress) receiver.getLocalAddress();
            outDirect = ByteBuffer.allocateDirect(DATAGRAM);
            inDirect = ByteBuffer.allocateDirect(DATAGRAM);
            outHeap = ByteBuffer.allocate(DATAGRAM);
            inHeap = ByteBuffer.allocate(DATAGRAM);
        }

        /** Closes both channels. */
        @TearDown
        public void close() throws IOException {
            sender.close();
            receiver.close();
        }
    }

    /**
     * One datagram through the library, native memory both ways.
     *
     * @param s the sockets
     * @return the received length, {@link #DATAGRAM}
     * @throws IOException as the calls fail
     */
    public static int libraryDatagram(Library s) throws IOException {
        s.sender.sendto(s.out, 0, s.target);
        return s.receiver.recv(s.in, 0);
    }

    /**
     * One datagram through NIO, direct buffers both ways.
     *
     * @param s the channels
     * @return the received length, {@link #DATAGRAM}
     * @throws IOException as the calls fail
     */
    public static int nioDatagram(Nio s) throws IOException {
        s.sender.send(s.outDirect.clear(), s.target);
        return s.receiver.read(s.inDirect.clear());
    }

    /** @return the received length */
    @Benchmark
    @Variant("MemorySegment")
    public int library_segment(Library s) throws IOException {
        return libraryDatagram(s);
    }

    /** @return the received length */
    @Benchmark
    @Variant("byte[]")
    public int library_heap(Library s) throws IOException {
        s.sender.sendto(s.outArray, 0, DATAGRAM, 0, s.target);
        return s.receiver.recv(s.inArray, 0);
    }

    /** @return the received length */
    @Benchmark
    @Variant("direct ByteBuffer")
    public int nio_direct(Nio s) throws IOException {
        return nioDatagram(s);
    }

    /** @return the received length */
    @Benchmark
    @Variant("heap ByteBuffer")
    public int nio_heap(Nio s) throws IOException {
        s.sender.send(s.outHeap.clear(), s.target);
        return s.receiver.read(s.inHeap.clear());
    }
}
