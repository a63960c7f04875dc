package io.github.panamasockets.internal;

import io.github.panamasockets.TcpInfo;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

/**
 * {@code TCP_INFO}: reads {@code struct tcp_info} into a {@link TcpInfo}. The kernel fills in as much of the
 * struct as it has and reports that length; each field is read only when it lies wholly inside it, and is
 * {@code -1} otherwise, so an older kernel's shorter struct reads correctly.
 */
public final class TcpInfoCodec implements OptionCodec<TcpInfo> {
    /** The one instance. */
    public static final TcpInfoCodec INSTANCE = new TcpInfoCodec();

    /** The fields of {@link TcpInfo} after the window scales, in the order of its components. */
    private static final String[] FIELDS = {
        "tcpi_rto", "tcpi_ato", "tcpi_snd_mss", "tcpi_rcv_mss",
        "tcpi_unacked", "tcpi_sacked", "tcpi_lost", "tcpi_retrans", "tcpi_fackets",
        "tcpi_last_data_sent", "tcpi_last_ack_sent", "tcpi_last_data_recv", "tcpi_last_ack_recv",
        "tcpi_pmtu", "tcpi_rcv_ssthresh", "tcpi_rtt", "tcpi_rttvar", "tcpi_snd_ssthresh", "tcpi_snd_cwnd",
        "tcpi_advmss", "tcpi_reordering", "tcpi_rcv_rtt", "tcpi_rcv_space", "tcpi_total_retrans",
        "tcpi_pacing_rate", "tcpi_max_pacing_rate", "tcpi_bytes_acked", "tcpi_bytes_received",
        "tcpi_segs_out", "tcpi_segs_in", "tcpi_notsent_bytes", "tcpi_min_rtt",
        "tcpi_data_segs_in", "tcpi_data_segs_out", "tcpi_delivery_rate", "tcpi_busy_time",
        "tcpi_rwnd_limited", "tcpi_sndbuf_limited", "tcpi_delivered", "tcpi_delivered_ce",
        "tcpi_bytes_sent", "tcpi_bytes_retrans", "tcpi_dsack_dups", "tcpi_reord_seen",
        "tcpi_rcv_ooopack", "tcpi_snd_wnd",
    };
    private static final String[] BYTE_FIELDS = {
        "tcpi_state", "tcpi_ca_state", "tcpi_retransmits", "tcpi_probes", "tcpi_backoff", "tcpi_options",
    };
    private static final long[] OFFSETS = new long[FIELDS.length];
    private static final long[] SIZES = new long[FIELDS.length];
    private static final long[] BYTE_OFFSETS = new long[BYTE_FIELDS.length];

    static {
        for (int i = 0; i < FIELDS.length; i++) {
            MemoryLayout.PathElement field = MemoryLayout.PathElement.groupElement(FIELDS[i]);
            OFFSETS[i] = Structs.TCP_INFO.byteOffset(field);
            SIZES[i] = Structs.TCP_INFO.select(field).byteSize();
        }
        for (int i = 0; i < BYTE_FIELDS.length; i++) {
            BYTE_OFFSETS[i] = Structs.TCP_INFO.byteOffset(MemoryLayout.PathElement.groupElement(BYTE_FIELDS[i]));
        }
    }

    private TcpInfoCodec() {}

    /**
     * {@link TcpInfo#toString()}: the fields the kernel filled in, each as its C type holds it: unsigned values
     * in unsigned decimal, and an all-ones value, which the kernel writes for "none" or "no limit"
     * ({@code min_rtt} before the first sample, {@code pacing_rate} without a limit), as {@code ~0}, for the
     * 32-bit and the 64-bit fields alike. Fields beyond what the kernel filled in are left out.
     *
     * @param info the value
     * @return {@code TcpInfo[state=1, ca_state=0, ..., min_rtt=~0, ..., length=232]}
     */
    public static String text(TcpInfo info) {
        java.lang.reflect.RecordComponent[] components = TcpInfo.class.getRecordComponents();
        java.util.StringJoiner j = new java.util.StringJoiner(", ", "TcpInfo[", "]");
        int firstLong = components.length - 1 - FIELDS.length;
        for (int c = 0; c < components.length; c++) {
            Object value;
            try {
                value = components[c].getAccessor().invoke(info);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e); // the public accessors of a public record
            }
            String shown;
            if (c < firstLong || c == components.length - 1) {
                int v = (Integer) value;
                shown = v < 0 && c != components.length - 1 ? null : Integer.toString(v); // -1: not filled in
            } else {
                int i = c - firstLong;
                long v = (Long) value;
                if (OFFSETS[i] + SIZES[i] > info.length()) {
                    shown = null;
                } else if (SIZES[i] == Long.BYTES) {
                    shown = v == -1 ? "~0" : Long.toUnsignedString(v);
                } else {
                    shown = v == 0xFFFF_FFFFL ? "~0" : Long.toString(v);
                }
            }
            if (shown != null) {
                j.add(components[c].getName() + "=" + shown);
            }
        }
        return j.toString();
    }

    @Override
    public Class<TcpInfo> type() {
        return TcpInfo.class;
    }

    @Override
    public long capacity() {
        return Structs.TCP_INFO.byteSize();
    }

    @Override
    public MemorySegment encode(String option, TcpInfo value, SegmentAllocator allocator) {
        throw new AssertionError(option + " is read-only; nothing writes it");
    }

    @Override
    public TcpInfo decode(String option, MemorySegment value, int length) {
        int[] b = new int[BYTE_FIELDS.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = BYTE_OFFSETS[i] < length ? Byte.toUnsignedInt(value.get(ValueLayout.JAVA_BYTE, BYTE_OFFSETS[i])) : -1;
        }
        int wscale = Structs.TCPI_WSCALE < length
                ? Byte.toUnsignedInt(value.get(ValueLayout.JAVA_BYTE, Structs.TCPI_WSCALE)) : -1;
        int sndWscale = wscale < 0 ? -1 : wscale & 0x0F;
        int rcvWscale = wscale < 0 ? -1 : wscale >>> 4;
        long[] f = new long[FIELDS.length];
        for (int i = 0; i < f.length; i++) {
            if (OFFSETS[i] + SIZES[i] > length) {
                f[i] = -1;
            } else if (SIZES[i] == Long.BYTES) {
                f[i] = value.get(ValueLayout.JAVA_LONG, OFFSETS[i]);
            } else {
                f[i] = Integer.toUnsignedLong(value.get(ValueLayout.JAVA_INT, OFFSETS[i]));
            }
        }
        return new TcpInfo(b[0], b[1], b[2], b[3], b[4], b[5], sndWscale, rcvWscale,
                f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14],
                f[15], f[16], f[17], f[18], f[19], f[20], f[21], f[22], f[23], f[24], f[25], f[26], f[27], f[28],
                f[29], f[30], f[31], f[32], f[33], f[34], f[35], f[36], f[37], f[38], f[39], f[40], f[41], f[42],
                f[43], f[44], f[45],
                length);
    }
}
