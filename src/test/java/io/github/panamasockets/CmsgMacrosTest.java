package io.github.panamasockets;

import static io.github.panamasockets.ControlMessages.CMSG_ALIGN;
import static io.github.panamasockets.ControlMessages.CMSG_DATA_OFFSET;
import static io.github.panamasockets.ControlMessages.CMSG_LEN;
import static io.github.panamasockets.ControlMessages.CMSG_SPACE;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_IP;
import static io.github.panamasockets.SocketConstants.IP_RECVTTL;
import static io.github.panamasockets.SocketConstants.IP_TTL;
import static io.github.panamasockets.SocketConstants.SCM_CREDENTIALS;
import static io.github.panamasockets.SocketConstants.SCM_RIGHTS;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_PASSCRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.panamasockets.ControlMessage.Credentials;
import io.github.panamasockets.ControlMessage.Raw;
import io.github.panamasockets.ControlMessage.Rights;
import io.github.panamasockets.ControlMessage.TimeToLive;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code CMSG_*} macros written in Java, against glibc's values on x86_64 and against what the kernel
 * accepts: control buffers built by {@link ControlMessages} for odd and even descriptor counts pass exactly
 * that many descriptors (a {@code cmsg_len} padded to {@code CMSG_SPACE} would pass descriptor 0 as well), the
 * kernel's exact-length check for {@code IP_TTL} takes {@code CMSG_LEN(sizeof(int))} and refuses more, two
 * messages in one buffer are both read, and the parser stops at a malformed header. The macros refuse lengths
 * that no control buffer can hold.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CmsgMacrosTest {
    @Test
    void macrosHaveGlibcsValuesOnX86_64() {
        // sizeof(struct cmsghdr) == 16 and CMSG_ALIGN rounds to sizeof(size_t) == 8.
        assertEquals(16, CMSG_DATA_OFFSET());
        assertEquals(16, CMSG_LEN(0));
        assertEquals(20, CMSG_LEN(4));     // one descriptor
        assertEquals(24, CMSG_SPACE(4));
        assertEquals(28, CMSG_LEN(12));    // struct ucred, struct in_pktinfo
        assertEquals(32, CMSG_SPACE(12));
        assertEquals(32, CMSG_SPACE(16));  // struct timespec
        assertEquals(36, CMSG_LEN(20));    // struct in6_pktinfo
        assertEquals(40, CMSG_SPACE(20));
        assertEquals(24, CMSG_SPACE(1));   // IP_TOS as the kernel sends it: one byte
        assertEquals(16, CMSG_SPACE(0));
        assertEquals(0, CMSG_ALIGN(0));
        assertEquals(8, CMSG_ALIGN(1));
        assertEquals(24, CMSG_ALIGN(17));
        assertEquals(CMSG_SPACE(4 * 7), ControlMessages.spaceForFds(7));
        assertEquals(48, ControlMessages.spaceForFds(7));
    }

    /**
     * C's macros take a {@code size_t}, so {@code CMSG_LEN(-1)} wraps round to 15 and a huge length overflows;
     * in Java they would return such numbers as they are. A control buffer's length is an {@code int} (and Linux
     * refuses more than {@code INT_MAX}), so a length whose {@code CMSG_SPACE} exceeds an {@code int} is refused.
     */
    @Test
    void macrosRefuseLengthsNoControlBufferCanHold() {
        for (long bad : new long[] {-1, -16, Long.MIN_VALUE, 2_147_483_625L, Integer.MAX_VALUE, 1L << 32, Long.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> CMSG_LEN(bad), () -> "CMSG_LEN(" + bad + ")");
            assertThrows(IllegalArgumentException.class, () -> CMSG_SPACE(bad), () -> "CMSG_SPACE(" + bad + ")");
        }
        // The largest accepted length: its CMSG_SPACE is the largest multiple of 8 that is an int.
        assertEquals(2_147_483_640L, CMSG_SPACE(2_147_483_624L));
        assertEquals(2_147_483_640L, CMSG_LEN(2_147_483_624L));
        assertEquals(2_147_483_640L, ControlMessages.spaceForFds(536_870_906));
        for (int bad : new int[] {-1, Integer.MIN_VALUE, 536_870_907, Integer.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> ControlMessages.spaceForFds(bad), () -> "spaceForFds(" + bad + ")");
        }
        assertThrows(IllegalArgumentException.class, () -> CMSG_ALIGN(-1));
        assertThrows(IllegalArgumentException.class, () -> CMSG_ALIGN(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE - 7, CMSG_ALIGN(Long.MAX_VALUE - 7));
    }

    @Test
    void spaceOfSeveralMessagesIsTheSumOfTheirSpaces() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            List<ControlMessage> two = List.of(Rights.of(a, b, a), new Credentials(1, 2, 3));
            assertEquals(CMSG_SPACE(12) + CMSG_SPACE(12), ControlMessages.space(two));
            assertEquals(64, ControlMessages.space(two));
            assertEquals(CMSG_SPACE(3), ControlMessages.space(List.of(new Raw(1, 2, new byte[3]))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void aBufferForNDescriptorsPassesExactlyN(int n) throws Exception {
        PosixSocket[] channel = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        List<PosixSocket> passed = new ArrayList<>();
        try (PosixSocket a = channel[0]; PosixSocket b = channel[1]) {
            b.setTimeout(Loopback.WAIT);
            for (int i = 0; i < n; i++) {
                passed.add(PosixSocket.socket(AF_INET, SOCK_DGRAM, 0));
            }
            assertEquals(1, a.sendmsg(List.of(IoBuffer.of(new byte[] {1})), List.of(new Rights(passed)), 0, null));
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(new byte[1])), (int) ControlMessages.spaceForFds(n + 2), 0);
            assertFalse(r.isControlTruncated());
            assertEquals(1, r.control().size());
            List<OwnedFd> got = r.fds();
            try {
                assertEquals(n, got.size(), "descriptors received for " + n + " sent");
                for (int i = 0; i < n; i++) {
                    // The same socket (inode) arrives, in order, under a new number.
                    assertEquals(OpenFiles.target(passed.get(i).fileno()), OpenFiles.target(number(got.get(i))));
                }
            } finally {
                for (OwnedFd fd : got) {
                    fd.close();
                }
            }
        } finally {
            for (PosixSocket s : passed) {
                s.close();
            }
        }
    }

    private static int number(OwnedFd fd) {
        return fd.handle().number();
    }

    @Test
    void theKernelTakesExactlyCmsgLenOfAnIntForIpTtl() throws Exception {
        try (PosixSocket sender = Loopback.udp(AF_INET); PosixSocket receiver = Loopback.udp(AF_INET)) {
            receiver.setsockopt(IPPROTO_IP, IP_RECVTTL, 1);
            byte[] ttl9 = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(9).array();
            // A Raw message is encoded with CMSG_LEN(data): the kernel checks cmsg_len == CMSG_LEN(sizeof(int)).
            sender.sendmsg(List.of(IoBuffer.of(new byte[] {7})), List.of(new Raw(IPPROTO_IP, IP_TTL, ttl9)), 0, receiver.getsockname());
            MsgResult r = receiver.recvmsg(List.of(IoBuffer.of(new byte[4])), 64, 0);
            assertEquals(List.of(new TimeToLive(9)), r.control(), "the per-packet TTL was applied");

            byte[] tooLong = new byte[8];
            PosixSocketException e = assertThrows(PosixSocketException.class, () -> sender.sendmsg(
                    List.of(IoBuffer.of(new byte[] {7})), List.of(new Raw(IPPROTO_IP, IP_TTL, tooLong)), 0, receiver.getsockname()));
            assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
        }
    }

    @Test
    void twoMessagesInOneBufferAreBothAcceptedAndParsed() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; PosixSocket extra = PosixSocket.socket(AF_INET, SOCK_DGRAM, 0)) {
            b.setTimeout(Loopback.WAIT);
            b.setsockopt(SOL_SOCKET, SO_PASSCRED, 1);
            int pid = (int) ProcessHandle.current().pid();
            int uid = Integer.parseInt(OpenFiles.status("Uid")), gid = Integer.parseInt(OpenFiles.status("Gid"));
            // Rights with an odd count first, so the credentials start after padding.
            a.sendmsg(List.of(IoBuffer.of(new byte[] {1})),
                    List.of(Rights.of(extra, extra, extra), new Credentials(pid, uid, gid)), 0, null);
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(new byte[1])), 128, 0);
            try {
                assertEquals(3, r.fds().size());
                assertEquals(List.of(new Credentials(pid, uid, gid)),
                        r.control().stream().filter(m -> m instanceof Credentials).toList());
            } finally {
                for (OwnedFd fd : r.fds()) {
                    fd.close();
                }
            }
        }
    }

    @Test
    void parserReadsUnknownMessagesAsRawAndStopsAtAMalformedHeader() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(128, 8);
            long at = 0;
            at = put(buf, at, 1234, 5, new byte[] {1, 2, 3});
            at = put(buf, at, 4321, 6, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9});
            buf.set(ValueLayout.JAVA_LONG, at, 8); // cmsg_len smaller than a header: C's CMSG_NXTHDR stops here
            List<ControlMessage> parsed = ControlMessages.parse(buf, at + CMSG_SPACE(0));
            assertEquals(List.of(new Raw(1234, 5, new byte[] {1, 2, 3}), new Raw(4321, 6, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9})), parsed);
            assertEquals(at, CMSG_SPACE(3) + CMSG_SPACE(9));
            // msg_controllen shorter than the buffer: only what it covers is read.
            assertEquals(1, ControlMessages.parse(buf, CMSG_SPACE(3)).size());
            assertInstanceOf(Raw.class, ControlMessages.parse(buf, CMSG_SPACE(3)).get(0));
        }
    }

    private static long put(MemorySegment buf, long at, int level, int type, byte[] data) {
        buf.set(ValueLayout.JAVA_LONG, at, CMSG_LEN(data.length));
        buf.set(ValueLayout.JAVA_INT, at + 8, level);
        buf.set(ValueLayout.JAVA_INT, at + 12, type);
        MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, at + CMSG_DATA_OFFSET(), data.length);
        return at + CMSG_SPACE(data.length);
    }

    @Test
    void rightsRefusesAnEmptyList() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Rights(List.of()));
        assertEquals(SCM_CREDENTIALS, new Credentials(0, 0, 0).type());
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]) {
            assertEquals(SCM_RIGHTS, Rights.of(a, b).type());
            assertEquals(SOL_SOCKET, Rights.of(a, b).level());
        }
    }
}
