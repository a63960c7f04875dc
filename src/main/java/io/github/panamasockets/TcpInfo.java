package io.github.panamasockets;

/**
 * C's {@code struct tcp_info}: the kernel's view of one TCP connection, as {@link PosixSocketOptions#TCP_INFO}
 * reads it. The components keep the C names without the {@code tcpi_} prefix, as {@code ss -i} and the kernel
 * documentation use them.
 *
 * <p>The kernel has appended fields to this struct over the years and fills in only as much as it has;
 * {@link #length()} says how many bytes that was. A field the kernel did not fill in is {@code -1}. The fields
 * up to {@code total_retrans} are glibc's {@code struct tcp_info} and every supported kernel fills them; the
 * later ones follow {@code <linux/tcp.h>} up to {@code snd_wnd} (Linux 5.4 and newer fill all of them). Fields
 * added after {@code snd_wnd} are not read.
 *
 * <p>Unsigned 32-bit fields are widened to {@code long}, so no value reads as negative; the unsigned 64-bit
 * fields ({@code pacing_rate}, {@code max_pacing_rate}, {@code bytes_acked}, {@code bytes_received},
 * {@code delivery_rate}, {@code busy_time}, {@code rwnd_limited}, {@code sndbuf_limited}, {@code bytes_sent},
 * {@code bytes_retrans}) hold their 64 bits, to be read with {@link Long#toUnsignedString(long)}. {@link #toString()}
 * prints each field as C holds it. Times are in
 * microseconds ({@code rto}, {@code ato}, {@code rtt}, {@code rttvar}, {@code rcv_rtt}, {@code min_rtt},
 * {@code busy_time}, {@code rwnd_limited}, {@code sndbuf_limited}) except the {@code last_*} ones, which are
 * milliseconds ago; rates are bytes per second; {@code snd_cwnd}, {@code snd_ssthresh} and the packet
 * counters count segments.
 *
 * @param state the connection state: {@code SocketConstants.TCP_ESTABLISHED}, {@code TCP_LISTEN}, ...
 * @param ca_state the congestion-avoidance state ({@code TCP_CA_Open} is 0)
 * @param retransmits retransmissions of the current unacknowledged segment
 * @param probes zero-window probes sent without answer
 * @param backoff the exponential backoff of the retransmission timer
 * @param options the TCP options negotiated: a mask of {@code TCPI_OPT_*}
 * @param snd_wscale the window scale the peer announced (a C bitfield, read by offset)
 * @param rcv_wscale the window scale this side announced (a C bitfield, read by offset)
 * @param rto the retransmission timeout, in microseconds
 * @param ato the delayed-acknowledgement timeout, in microseconds
 * @param snd_mss the sending maximum segment size
 * @param rcv_mss the receiving maximum segment size, as estimated
 * @param unacked segments sent and not yet acknowledged
 * @param sacked segments selectively acknowledged
 * @param lost segments considered lost
 * @param retrans segments retransmitted and not yet acknowledged
 * @param fackets forward-acknowledged segments (unused by current kernels, 0)
 * @param last_data_sent milliseconds since data was last sent
 * @param last_ack_sent milliseconds since an acknowledgement was last sent (not kept by Linux, 0)
 * @param last_data_recv milliseconds since data was last received
 * @param last_ack_recv milliseconds since an acknowledgement was last received
 * @param pmtu the path MTU
 * @param rcv_ssthresh the receive-window slow-start threshold
 * @param rtt the smoothed round-trip time, in microseconds
 * @param rttvar the round-trip time's mean deviation, in microseconds
 * @param snd_ssthresh the slow-start threshold, in segments
 * @param snd_cwnd the congestion window, in segments
 * @param advmss the maximum segment size advertised
 * @param reordering the reordering metric
 * @param rcv_rtt the receiver's round-trip time estimate, in microseconds
 * @param rcv_space the receive buffer space the receiver works with
 * @param total_retrans segments retransmitted over the connection's life
 * @param pacing_rate the pacing rate, bytes per second
 * @param max_pacing_rate the maximum pacing rate ({@code SO_MAX_PACING_RATE}), bytes per second; the kernel's
 *                        "no limit" (all bits set) also reads as -1: {@link #length()} tells the two apart
 * @param bytes_acked sequence space acknowledged by the peer (RFC 4898 {@code tcpEStatsAppHCThruOctetsAcked}): the
 *                    bytes sent, plus 1 for the SYN on the side that connected
 * @param bytes_received bytes received and in order (RFC 4898 {@code tcpEStatsAppHCThruOctetsReceived})
 * @param segs_out segments sent, retransmissions and pure acknowledgements included
 * @param segs_in segments received
 * @param notsent_bytes bytes queued and not yet sent
 * @param min_rtt the minimum round-trip time seen, in microseconds
 * @param data_segs_in segments received that carried data
 * @param data_segs_out segments sent that carried data
 * @param delivery_rate the most recent delivery rate, bytes per second
 * @param busy_time microseconds spent with data in flight
 * @param rwnd_limited microseconds spent limited by the peer's receive window
 * @param sndbuf_limited microseconds spent limited by the send buffer
 * @param delivered segments delivered, retransmissions included
 * @param delivered_ce segments delivered with an ECN congestion mark
 * @param bytes_sent bytes sent, retransmissions included (RFC 4898 {@code tcpEStatsPerfHCDataOctetsOut})
 * @param bytes_retrans bytes retransmitted (RFC 4898 {@code tcpEStatsPerfOctetsRetrans})
 * @param dsack_dups duplicate segments reported by D-SACK
 * @param reord_seen reordering events seen
 * @param rcv_ooopack segments received out of order
 * @param snd_wnd the peer's receive window, scaled, in bytes
 * @param length the bytes of the struct the kernel filled in ({@code optlen})
 *
 * {@snippet :
 * TcpInfo info = s.getOption(PosixSocketOptions.TCP_INFO);
 * System.out.println("rtt " + info.rtt() + " us, cwnd " + info.snd_cwnd() + " segments");
 * }
 */
public record TcpInfo(
        int state, int ca_state, int retransmits, int probes, int backoff, int options, int snd_wscale,
        int rcv_wscale,
        long rto, long ato, long snd_mss, long rcv_mss,
        long unacked, long sacked, long lost, long retrans, long fackets,
        long last_data_sent, long last_ack_sent, long last_data_recv, long last_ack_recv,
        long pmtu, long rcv_ssthresh, long rtt, long rttvar, long snd_ssthresh, long snd_cwnd, long advmss,
        long reordering, long rcv_rtt, long rcv_space, long total_retrans,
        long pacing_rate, long max_pacing_rate, long bytes_acked, long bytes_received, long segs_out,
        long segs_in, long notsent_bytes, long min_rtt, long data_segs_in, long data_segs_out,
        long delivery_rate, long busy_time, long rwnd_limited, long sndbuf_limited, long delivered,
        long delivered_ce, long bytes_sent, long bytes_retrans, long dsack_dups, long reord_seen,
        long rcv_ooopack, long snd_wnd,
        int length) {
    /**
     * {@return the fields the kernel filled in, as C holds them: unsigned values in unsigned decimal, and an
     * all-ones value (the kernel's "none" or "no limit": {@code min_rtt} before the first sample,
     * {@code pacing_rate} without a limit) as {@code ~0}, for 32-bit and 64-bit fields alike; fields the kernel
     * did not fill in are left out}
     */
    @Override
    public String toString() {
        return io.github.panamasockets.internal.TcpInfoCodec.text(this);
    }
}
