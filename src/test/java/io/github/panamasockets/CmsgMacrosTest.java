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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.ControlMessage.Credentials;
import io.github.panamasockets.ControlMessage.Raw;
import io.github.panamasockets.ControlMessage.Rights;
import io.github.panamasockets.ControlMessage.TimeToLive;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * that no control buffer can hold, and the parser takes each descriptor out of the buffer it reads, so that one
 * received descriptor never gets two owners.
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

    /**
     * A received descriptor has one owner, or it is closed twice — the second time perhaps another file that has
     * been given the same number meanwhile. The parser takes each descriptor out of the buffer as it adopts it,
     * so parsing the same bytes again finds {@code -1} and gives no second owner.
     */
    @Test
    void parsingTheSameBytesTwiceGivesNoSecondOwner() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64, 8);
            int fd = openDevNull();
            long end = put(buf, 0, SOL_SOCKET, SCM_RIGHTS, ints(fd));
            List<OwnedFd> first = received(ControlMessages.parse(buf, end));
            List<ControlMessage> again = ControlMessages.parse(buf, end);
            List<OwnedFd> second = received(again);
            detachAll(second); // a failing run must not close the number twice either
            try {
                assertEquals(1, first.size());
                assertEquals(fd, number(first.get(0)));
                assertEquals(List.of(), second, "a second owner of descriptor " + fd);
                assertEquals(-1, buf.get(ValueLayout.JAVA_INT, CMSG_DATA_OFFSET()), "the number was taken out of the buffer");
                assertEquals(List.of(new Raw(SOL_SOCKET, SCM_RIGHTS, ints(-1))), again, "the message is still reported");
            } finally {
                closeAll(first);
            }
        }
    }

    /** Two threads parsing the same buffer at once still give each descriptor exactly one owner. */
    @Test
    void twoThreadsParsingOneBufferShareTheDescriptorsOutWithoutOverlap() throws Exception {
        int count = 64;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(CMSG_SPACE(4L * count), 8);
            int[] fds = new int[count];
            for (int i = 0; i < count; i++) {
                fds[i] = openDevNull();
            }
            long end = put(buf, 0, SOL_SOCKET, SCM_RIGHTS, ints(fds));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<List<OwnedFd>>> parsers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                parsers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return received(ControlMessages.parse(buf, end));
                }, threads));
            }
            start.countDown();
            List<OwnedFd> all = new ArrayList<>();
            for (CompletableFuture<List<OwnedFd>> p : parsers) {
                all.addAll(p.get(Loopback.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            Set<Integer> numbers = new HashSet<>();
            List<OwnedFd> duplicates = new ArrayList<>();
            for (OwnedFd fd : all) {
                if (!numbers.add(number(fd))) {
                    duplicates.add(fd);
                }
            }
            detachAll(duplicates);
            all.removeAll(duplicates);
            try {
                assertEquals(List.of(), duplicates, "descriptors owned twice");
                assertEquals(count, all.size());
            } finally {
                closeAll(all);
            }
        } finally {
            threads.shutdown();
        }
    }

    /**
     * A {@code cmsg_len} that runs past the buffer (the kernel never writes one) ends the walk, as C's
     * {@code CMSG_NXTHDR} stops at a header that does not fit: the message is read as truncated, and the messages
     * before it are returned with their descriptors owned. {@code Long.MAX_VALUE} used to overflow the walk into
     * an {@link IndexOutOfBoundsException}, leaving the descriptors already adopted to the garbage collector.
     */
    @Test
    void aCmsgLenPastTheBufferEndsTheWalkAndTheDescriptorsBeforeItAreOwned() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(128, 8);
            for (long hostile : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 3, 1L << 40, 41, 48 - 24 + 1}) {
                buf.fill((byte) 0);
                int fd = openDevNull();
                long at = put(buf, 0, SOL_SOCKET, SCM_RIGHTS, ints(fd));
                put(buf, at, 1234, 5, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
                buf.set(ValueLayout.JAVA_LONG, at, hostile);
                long end = at + CMSG_LEN(8);
                List<ControlMessage> parsed = ControlMessages.parse(buf, end);
                List<OwnedFd> owned = received(parsed);
                try {
                    assertEquals(List.of(fd), owned.stream().map(CmsgMacrosTest::number).toList(), "cmsg_len " + hostile);
                    assertEquals(new Raw(1234, 5, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), parsed.get(1), "cmsg_len " + hostile);
                    assertEquals(2, parsed.size());
                } finally {
                    closeAll(owned);
                }
            }
        }
    }

    /** Numbers that are no descriptor are skipped; they used to make {@code OwnedFd.adopt} throw mid-parse. */
    @Test
    void negativeNumbersInScmRightsAreSkippedAndTheOthersOwned() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64, 8);
            int fd = openDevNull();
            long end = put(buf, 0, SOL_SOCKET, SCM_RIGHTS, ints(-5, fd, Integer.MIN_VALUE));
            List<OwnedFd> owned = received(ControlMessages.parse(buf, end));
            try {
                assertEquals(List.of(fd), owned.stream().map(CmsgMacrosTest::number).toList());
            } finally {
                closeAll(owned);
            }
        }
    }

    /** A read-only buffer cannot give its descriptors up, so it is refused before any is adopted. */
    @Test
    void aReadOnlyBufferWithDescriptorsIsRefusedAndTheNumberLeftInIt() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64, 8);
            int fd = openDevNull();
            long end = put(buf, 0, SOL_SOCKET, SCM_RIGHTS, ints(fd));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ControlMessages.parse(buf.asReadOnly(), end));
            assertTrue(e.getMessage().startsWith("parse: "), e.getMessage());
            List<OwnedFd> owned = received(ControlMessages.parse(buf, end));
            try {
                assertEquals(List.of(fd), owned.stream().map(CmsgMacrosTest::number).toList());
            } finally {
                closeAll(owned);
            }
        }
    }

    private static int openDevNull() throws IOException {
        return OwnedFd.open(Path.of("/dev/null")).detach();
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.nativeOrder());
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static List<OwnedFd> received(List<ControlMessage> parsed) {
        List<OwnedFd> fds = new ArrayList<>();
        for (ControlMessage m : parsed) {
            if (m instanceof Rights r) {
                fds.addAll(r.received());
            }
        }
        return fds;
    }

    private static void detachAll(List<OwnedFd> fds) throws IOException {
        for (OwnedFd fd : fds) {
            fd.detach();
        }
    }

    private static void closeAll(List<OwnedFd> fds) throws IOException {
        for (OwnedFd fd : fds) {
            fd.close();
        }
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
