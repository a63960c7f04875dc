package io.github.panamasockets;

import static io.github.panamasockets.OptionTestSupport.assertErrno;
import static io.github.panamasockets.OptionTestSupport.assumeKernelAccepts;
import static io.github.panamasockets.OptionTestSupport.sysctlText;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketOptionsTest.assertFlag;
import static io.github.panamasockets.SocketOptionsTest.assertInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.internal.Structs;
import io.github.panamasockets.internal.TcpInfoCodec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code IPPROTO_TCP} options, on loopback TCP sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketOptionsTcpTest {
    private final OptionTestSupport sockets = new OptionTestSupport();

    @AfterEach
    void closeSockets() throws IOException {
        sockets.close();
    }

    @Test
    void tcpNodelay() throws Exception {
        assertFlag(sockets.tcp4(), StandardSocketOptions.TCP_NODELAY, IPPROTO_TCP, SocketConstants.TCP_NODELAY);
        assertFlag(sockets.tcp6(), StandardSocketOptions.TCP_NODELAY, IPPROTO_TCP, SocketConstants.TCP_NODELAY);
    }

    @Test
    void keepaliveTimesThroughTheJdkNames() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertInt(s, ExtendedSocketOptions.TCP_KEEPIDLE, IPPROTO_TCP, SocketConstants.TCP_KEEPIDLE, 30, 30);
        assertInt(s, ExtendedSocketOptions.TCP_KEEPINTERVAL, IPPROTO_TCP, SocketConstants.TCP_KEEPINTVL, 5, 5);
        assertInt(s, ExtendedSocketOptions.TCP_KEEPCOUNT, IPPROTO_TCP, SocketConstants.TCP_KEEPCNT, 4, 4);
        assertErrno(Errno.EINVAL, "TCP_KEEPCOUNT", () -> s.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 0));
    }

    @Test
    void tcpQuickack() throws Exception {
        assertFlag(sockets.tcp4(), ExtendedSocketOptions.TCP_QUICKACK, IPPROTO_TCP, SocketConstants.TCP_QUICKACK);
    }

    @Test
    void tcpUserTimeout() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertEquals(0, s.getOption(PosixSocketOptions.TCP_USER_TIMEOUT));
        assertInt(s, PosixSocketOptions.TCP_USER_TIMEOUT, IPPROTO_TCP, SocketConstants.TCP_USER_TIMEOUT, 5000, 5000);
    }

    @Test
    void tcpCork() throws Exception {
        assertFlag(sockets.tcp4(), PosixSocketOptions.TCP_CORK, IPPROTO_TCP, SocketConstants.TCP_CORK);
    }

    @Test
    void tcpNotsentLowatIsZeroUntilSet() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertEquals(0, s.getOption(PosixSocketOptions.TCP_NOTSENT_LOWAT), "0: net.ipv4.tcp_notsent_lowat applies");
        assertInt(s, PosixSocketOptions.TCP_NOTSENT_LOWAT, IPPROTO_TCP, SocketConstants.TCP_NOTSENT_LOWAT, 16384, 16384);
    }

    @Test
    void tcpCongestion() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertEquals(sysctlText("net/ipv4/tcp_congestion_control"), s.getOption(PosixSocketOptions.TCP_CONGESTION));
        s.setOption(PosixSocketOptions.TCP_CONGESTION, "reno"); // built in and always allowed
        assertEquals("reno", s.getOption(PosixSocketOptions.TCP_CONGESTION));
        assertErrno(Errno.ENOENT, "TCP_CONGESTION", () -> s.setOption(PosixSocketOptions.TCP_CONGESTION, "nosuchcc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.setOption(PosixSocketOptions.TCP_CONGESTION, "sixteen-bytes-xx"));
        assertTrue(e.getMessage().contains("TCP_CONGESTION") && e.getMessage().contains("15"), e.getMessage());
        assertErrno(Errno.ENOENT, "TCP_CONGESTION",
                () -> s.setOption(PosixSocketOptions.TCP_CONGESTION, "fifteen-bytes-x"));
    }

    @Test
    void tcpMaxsegReadsBackBeforeConnecting() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertInt(s, PosixSocketOptions.TCP_MAXSEG, IPPROTO_TCP, SocketConstants.TCP_MAXSEG, 1000, 1000);
        assertErrno(Errno.EINVAL, "TCP_MAXSEG", () -> s.setOption(PosixSocketOptions.TCP_MAXSEG, 10));
    }

    @Test
    void tcpDeferAcceptRoundsUpToWholeRetransmissions() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertInt(s, PosixSocketOptions.TCP_DEFER_ACCEPT, IPPROTO_TCP, SocketConstants.TCP_DEFER_ACCEPT, 3, 3);
        assertInt(s, PosixSocketOptions.TCP_DEFER_ACCEPT, IPPROTO_TCP, SocketConstants.TCP_DEFER_ACCEPT, 5, 7);
        assertInt(s, PosixSocketOptions.TCP_DEFER_ACCEPT, IPPROTO_TCP, SocketConstants.TCP_DEFER_ACCEPT, 0, 0);
    }

    @Test
    void tcpFastopenQueueLength() throws Exception {
        PosixSocket s = sockets.tcp4();
        assertInt(s, PosixSocketOptions.TCP_FASTOPEN, IPPROTO_TCP, SocketConstants.TCP_FASTOPEN, 5, 5);
    }

    @Test
    void tcpFastopenConnect() throws Throwable {
        PosixSocket s = sockets.tcp4();
        assumeKernelAccepts("TCP_FASTOPEN_CONNECT (client bit of net.ipv4.tcp_fastopen off)",
                () -> s.setOption(PosixSocketOptions.TCP_FASTOPEN_CONNECT, true), Errno.EOPNOTSUPP);
        assertFlag(s, PosixSocketOptions.TCP_FASTOPEN_CONNECT, IPPROTO_TCP, SocketConstants.TCP_FASTOPEN_CONNECT);
    }

    @Test
    void tcpInfoOfAListenerAndAnEstablishedPairThatMovedBytes() throws Exception {
        PosixSocket listener = sockets.listener4();
        assertEquals(SocketConstants.TCP_LISTEN, listener.getOption(PosixSocketOptions.TCP_INFO).state());

        PosixSocket[] pair = sockets.connectedTcp4();
        PosixSocket client = pair[0];
        PosixSocket server = pair[1];
        TcpInfo before = client.getOption(PosixSocketOptions.TCP_INFO);
        assertEquals(SocketConstants.TCP_ESTABLISHED, before.state());
        assertEquals(SocketConstants.TCP_ESTABLISHED, server.getOption(PosixSocketOptions.TCP_INFO).state());
        assertTrue(before.length() >= 104, "at least glibc's struct: " + before.length());
        // Loopback's MTU, but at most 65535: an IPv4 packet's total length is a 16-bit field.
        assertEquals(Math.min(NetworkInterface.getByName("lo").getMTU(), 0xFFFF), before.pmtu(), "path MTU");
        assertTrue(before.snd_mss() > 0 && before.snd_mss() < before.pmtu(), "snd_mss " + before.snd_mss());
        assertTrue(before.rcv_wscale() >= 0 && before.rcv_wscale() <= 14, "rcv_wscale " + before.rcv_wscale());

        int n = 100_000;
        byte[] data = new byte[n];
        Arrays.fill(data, (byte) 'x');
        int sent = 0;
        while (sent < n) {
            sent += client.send(data, sent, n - sent, 0);
        }
        byte[] in = new byte[n];
        int received = 0;
        while (received < n) {
            int r = server.recv(in, received, n - received, 0);
            assertTrue(r > 0, "the stream ended early");
            received += r;
        }

        TcpInfo serverInfo = server.getOption(PosixSocketOptions.TCP_INFO);
        Assumptions.assumeTrue(serverInfo.bytes_received() != -1,
                "this kernel's struct tcp_info has no byte counters: " + serverInfo.length() + " bytes");
        assertEquals(n, serverInfo.bytes_received());
        assertTrue(serverInfo.data_segs_in() >= 1, "data_segs_in " + serverInfo.data_segs_in());

        TcpInfo clientInfo = client.getOption(PosixSocketOptions.TCP_INFO);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // bytes_acked counts the sequence space acknowledged, and the SYN takes one sequence number.
        while (clientInfo.bytes_acked() < n + 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            clientInfo = client.getOption(PosixSocketOptions.TCP_INFO);
        }
        assertEquals(n + 1, clientInfo.bytes_acked(), "all bytes acknowledged, and the SYN");
        assertEquals(n, clientInfo.bytes_sent() - clientInfo.bytes_retrans(), "bytes sent, less retransmissions");
        assertTrue(clientInfo.data_segs_out() >= 1 && clientInfo.segs_out() >= clientInfo.data_segs_out(),
                "segs_out " + clientInfo.segs_out() + " data_segs_out " + clientInfo.data_segs_out());
        assertEquals(0, clientInfo.unacked());
        assertThrows(UnsupportedOperationException.class, () -> sockets.udp4().getOption(PosixSocketOptions.TCP_INFO));
        assertThrows(UnsupportedOperationException.class, () -> client.setOption(PosixSocketOptions.TCP_INFO, before));
    }

    @Test
    void tcpInfoReadsOnlyWhatTheKernelFilledIn() {
        // The layout written by hand for the kernel's tail of struct tcp_info, checked against <linux/tcp.h>.
        assertEquals(232, Structs.TCP_INFO.byteSize());
        assertEquals(104, offset("tcpi_pacing_rate"));
        assertEquals(120, offset("tcpi_bytes_acked"));
        assertEquals(136, offset("tcpi_segs_out"));
        assertEquals(200, offset("tcpi_bytes_sent"));
        assertEquals(228, offset("tcpi_snd_wnd"));

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(Structs.TCP_INFO);
            m.set(ValueLayout.JAVA_BYTE, 0, (byte) SocketConstants.TCP_ESTABLISHED);
            m.set(ValueLayout.JAVA_BYTE, Structs.TCPI_WSCALE, (byte) 0x97); // rcv_wscale 9, snd_wscale 7
            m.set(ValueLayout.JAVA_INT, offset("tcpi_rtt"), 0xFFFF_FFFE);
            m.set(ValueLayout.JAVA_INT, offset("tcpi_total_retrans"), 3);
            m.set(ValueLayout.JAVA_LONG, offset("tcpi_pacing_rate"), 12345);

            TcpInfo old = TcpInfoCodec.INSTANCE.decode("TCP_INFO", m, 104); // a kernel with glibc's struct only
            assertEquals(SocketConstants.TCP_ESTABLISHED, old.state());
            assertEquals(7, old.snd_wscale());
            assertEquals(9, old.rcv_wscale());
            assertEquals(0xFFFF_FFFEL, old.rtt(), "unsigned, widened");
            assertEquals(3, old.total_retrans());
            assertEquals(-1, old.pacing_rate(), "beyond what the kernel reported");
            assertEquals(-1, old.snd_wnd());
            assertEquals(104, old.length());

            TcpInfo full = TcpInfoCodec.INSTANCE.decode("TCP_INFO", m, 232);
            assertEquals(12345, full.pacing_rate());
            assertEquals(0, full.snd_wnd());

            TcpInfo none = TcpInfoCodec.INSTANCE.decode("TCP_INFO", m, 0);
            assertEquals(-1, none.state());
            assertEquals(-1, none.snd_wscale());
            assertFalse(List.of(none.rto(), none.bytes_acked()).stream().anyMatch(v -> v != -1));
        }
    }

    private static long offset(String field) {
        return Structs.TCP_INFO.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
