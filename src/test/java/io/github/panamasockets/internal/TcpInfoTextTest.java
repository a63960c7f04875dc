package io.github.panamasockets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.TcpInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpInfo#toString()} prints each field as C holds it: the struct is written here byte by byte, as the kernel
 * would, decoded by {@link TcpInfoCodec}, and its text compared with what {@code printf("%u")}/{@code "%llu"} would
 * print — all ones shown as {@code ~0} at either width, and fields the kernel did not fill in left out.
 */
class TcpInfoTextTest {
    private static long offset(String field) {
        return Structs.TCP_INFO.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    @Test
    void unsignedValuesAreUnsignedAndAllOnesIsNone() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.TCP_INFO);
            s.set(ValueLayout.JAVA_BYTE, offset("tcpi_state"), (byte) 1);
            s.set(ValueLayout.JAVA_LONG, offset("tcpi_pacing_rate"), -1L);                 // ~0ULL: no limit
            s.set(ValueLayout.JAVA_LONG, offset("tcpi_bytes_acked"), Long.MIN_VALUE);      // 2^63, not negative
            s.set(ValueLayout.JAVA_INT, offset("tcpi_min_rtt"), -1);                       // ~0U: no sample yet
            s.set(ValueLayout.JAVA_INT, offset("tcpi_rtt"), 0x8000_0000);                  // 2^31, not negative
            int full = (int) Structs.TCP_INFO.byteSize();
            TcpInfo info = TcpInfoCodec.INSTANCE.decode("TCP_INFO", s, full);
            String text = info.toString();
            assertTrue(text.startsWith("TcpInfo[state=1, ca_state=0, "), text);
            assertTrue(text.contains(", pacing_rate=~0, "), text);
            assertTrue(text.contains(", bytes_acked=9223372036854775808, "), text);
            assertTrue(text.contains(", min_rtt=~0, "), text);
            assertTrue(text.contains(", rtt=2147483648, "), text);
            assertTrue(text.endsWith(", length=" + full + "]"), text);
            assertFalse(text.contains("=-"), text);

            // A kernel that filled in only glibc's part: the later fields are not shown at all.
            int glibc = (int) (offset("tcpi_total_retrans") + 4);
            String shorter = TcpInfoCodec.INSTANCE.decode("TCP_INFO", s, glibc).toString();
            assertTrue(shorter.contains(", total_retrans=0, length=" + glibc + "]"), shorter);
            assertFalse(shorter.contains("pacing_rate"), shorter);
        }
    }
}
