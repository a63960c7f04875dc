package io.github.panamasockets;

import static io.github.panamasockets.GeneratedCases.assertPosixError;
import static io.github.panamasockets.GeneratedCases.between;
import static io.github.panamasockets.GeneratedCases.hostileInt;
import static io.github.panamasockets.GeneratedCases.oneIn;
import static io.github.panamasockets.GeneratedCases.pick;
import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.IPPROTO_IP;
import static io.github.panamasockets.SocketConstants.IPPROTO_IPV6;
import static io.github.panamasockets.SocketConstants.IPPROTO_TCP;
import static io.github.panamasockets.SocketConstants.IPPROTO_UDP;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_SEQPACKET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Generated hostile socket options: raw {@code getsockopt}/{@code setsockopt} at the levels the library supports
 * ({@code SOL_SOCKET}, {@code IPPROTO_TCP}, {@code IPPROTO_IP}, {@code IPPROTO_IPV6}, {@code IPPROTO_UDP}),
 * with option values of any size from 0 bytes to 64 KiB — far too small, a little short, oversized — in native,
 * heap, read-only and closed-arena memory, and the {@code int} forms with any value, on every supported kind
 * of socket (open and closed).
 *
 * <p>Expected: success, or an exception implementing {@link PosixError} naming the call, or
 * {@link IllegalArgumentException} (heap memory, or read-only memory to write into),
 * {@link IllegalStateException} (a closed arena), {@link SocketClosedException}; and guard bytes intact around
 * every value the kernel writes.
 *
 * <p>Raw options are C's and trust what they are given: a few carry pointers the kernel follows
 * ({@code SO_ATTACH_FILTER}, {@code TCP_ZEROCOPY_RECEIVE}). So the generated values never hold a usable
 * user-space address: a small int (below the lowest address Linux maps) followed by one repeated byte, which
 * makes any 8-byte field either 0, below 64 KiB, or non-canonical. And options that act beyond the socket are
 * left out: multicast joins (which send IGMP/MLD reports on the machine's interfaces), IPsec policies, TCP-AO
 * keys, {@code TCP_ULP} and {@code TCP_CONGESTION} (which ask the kernel to load modules by name),
 * {@code SO_RESERVE_MEM}, {@code SO_PEERPIDFD}, flow-label leases, and netfilter's option numbers (64 and up
 * at the IP levels). The sockets are never used for traffic.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileOptionPropertiesTest {
    private static final GeneratedCases CASES = new GeneratedCases("options");
    private static final int MAX = 65536;
    private static final int SOCKETS = 8;
    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64, 104, 128, 232, 256, 512, 1024, 4096, MAX};

    /** Per level: the highest option number tried, and the numbers left out (see the class comment). */
    private static final Map<Integer, Integer> HIGHEST = Map.of(SOL_SOCKET, 80, IPPROTO_TCP, 37, IPPROTO_IP, 63,
            IPPROTO_IPV6, 80, IPPROTO_UDP, 110);
    private static final Map<Integer, Set<Integer>> LEFT_OUT = Map.of(
            SOL_SOCKET, Set.of(SocketConstants.SO_RESERVE_MEM, 77 /* SO_PEERPIDFD */),
            IPPROTO_TCP, Set.of(SocketConstants.TCP_ULP, SocketConstants.TCP_CONGESTION),
            IPPROTO_IP, Set.of(SocketConstants.IP_IPSEC_POLICY, SocketConstants.IP_XFRM_POLICY, 35, 36, 37, 38, 39, 40, 41, 42,
                    43, 44, 45, 46, 47, 48),
            IPPROTO_IPV6, Set.of(SocketConstants.IPV6_ADD_MEMBERSHIP, SocketConstants.IPV6_DROP_MEMBERSHIP,
                    SocketConstants.IPV6_JOIN_ANYCAST, SocketConstants.IPV6_LEAVE_ANYCAST, 32 /* IPV6_FLOWLABEL_MGR */,
                    SocketConstants.IPV6_IPSEC_POLICY, SocketConstants.IPV6_XFRM_POLICY, 42, 43, 44, 45, 46, 47, 48,
                    64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74),
            IPPROTO_UDP, Set.of());
    private static final int[] LEVELS = {SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_UDP};

    @AfterAll
    static void report() {
        System.out.printf("hostile input: options ran %,d generated cases%n", CASES.count());
    }

    enum Op { GET, SET, GET_INT, SET_INT }

    enum Memory { NATIVE, HEAP, READ_ONLY, CLOSED_ARENA }

    record OptionCase(int socket, boolean closed, Op op, int level, int optname, int size, Memory memory, int value,
                      byte fill, int misalign) {}

    private static int optname(RandomnessSource rs, int level) {
        if (oneIn(rs, 20) && (level == SOL_SOCKET || level == IPPROTO_TCP || level == IPPROTO_UDP)) {
            return hostileInt(rs, 1000); // no such option
        }
        int name = between(rs, 0, HIGHEST.get(level));
        return LEFT_OUT.get(level).contains(name) ? 0 : name;
    }

    private static final Gen<OptionCase> OPTION_CASES = rs -> {
        int level = pick(rs, LEVELS);
        Op op = pick(rs, List.of(Op.values()));
        Memory memory = between(rs, 0, 9) < 7 ? Memory.NATIVE : pick(rs, List.of(Memory.values()));
        int value = op == Op.SET_INT ? hostileInt(rs, 1 << 16) : between(rs, 0, 65535);
        byte fill = (byte) pick(rs, 0, 0, 1, 0x41, 0x7f, 0x80, 0xff, between(rs, 0, 255));
        return new OptionCase(between(rs, 0, SOCKETS - 1), oneIn(rs, 20), op, level, optname(rs, level),
                oneIn(rs, 3) ? between(rs, 0, 300) : pick(rs, SIZES), memory, value, fill, between(rs, 0, 15));
    };

    /** Every supported kind of socket, unconnected, and one connected TCP client; remade now and then. */
    private static List<PosixSocket> sockets(List<PosixSocket> toClose) throws IOException {
        List<PosixSocket> s = new ArrayList<>();
        s.add(PosixSocket.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
        s.add(PosixSocket.socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0));
        s.add(PosixSocket.socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0));
        s.add(PosixSocket.socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0));
        s.add(PosixSocket.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
        s.add(PosixSocket.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0));
        s.add(PosixSocket.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0));
        try (PosixSocket listener = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            listener.bind(SockaddrIn.loopback(0));
            listener.listen(1);
            PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
            client.connect(listener.getsockname());
            s.add(client);
            toClose.add(listener.accept());
        }
        toClose.addAll(s);
        return s;
    }

    @Test
    void rawOptionsOfAnySizeAtEveryLevel() throws Exception {
        List<PosixSocket> toClose = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            Canary canary = new Canary(arena, MAX);
            PosixSocket closed = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
            closed.close();
            List<List<PosixSocket>> current = new ArrayList<>(List.of(sockets(toClose)));
            int[] cases = {0};
            CASES.forAll("rawOptionsOfAnySizeAtEveryLevel", 10_000, OPTION_CASES, c -> {
                if (++cases[0] % 500 == 0) { // undo whatever the options did to the sockets
                    closeAll(toClose);
                    current.set(0, sockets(toClose));
                }
                option(canary, c.closed ? closed : current.get(0).get(c.socket), c);
            });
        } finally {
            closeAll(toClose);
        }
    }

    /**
     * Closes with {@code SO_LINGER {1, 0}} first: a generated {@code SO_LINGER} with a long linger time makes
     * {@code close} of the connected socket wait that long (as C's does) when its FIN cannot be acknowledged —
     * which other generated options (a TCP-MD5 key the peer does not have, repair mode) can bring about.
     */
    private static void closeAll(List<PosixSocket> sockets) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment abort = arena.allocate(8);
            abort.set(ValueLayout.JAVA_INT, 0, 1);
            abort.set(ValueLayout.JAVA_INT, 4, 0);
            for (PosixSocket s : sockets) {
                try {
                    s.setsockopt(SOL_SOCKET, SocketConstants.SO_LINGER, abort);
                } catch (IOException notForThisSocket) {
                    // a Unix socket: close never lingers there
                }
                s.close();
            }
        }
        sockets.clear();
    }

    private static void option(Canary canary, PosixSocket s, OptionCase c) throws IOException {
        MemorySegment value = null;
        if (c.op == Op.GET || c.op == Op.SET) {
            value = switch (c.memory) {
                case NATIVE, READ_ONLY -> canary.body(c.size, c.misalign);
                case HEAP -> MemorySegment.ofArray(new byte[c.size]);
                case CLOSED_ARENA -> {
                    Arena gone = Arena.ofConfined();
                    MemorySegment m = gone.allocate(Math.max(1, c.size)).asSlice(0, c.size);
                    gone.close();
                    yield m;
                }
            };
            if (c.memory != Memory.CLOSED_ARENA) {
                value.fill(c.fill);
                if (c.size >= 4) {
                    value.set(ValueLayout.JAVA_INT_UNALIGNED, 0, c.value); // 0..65535: never a usable address
                }
            }
            if (c.memory == Memory.READ_ONLY) {
                value = value.asReadOnly();
            }
        }
        Class<? extends Exception> expected = expectedFailure(c, s.isClosed());
        try {
            switch (c.op) {
                case GET -> s.getsockopt(c.level, c.optname, value);
                case SET -> s.setsockopt(c.level, c.optname, value);
                case GET_INT -> s.getsockopt(c.level, c.optname);
                case SET_INT -> s.setsockopt(c.level, c.optname, c.value);
            }
            if (expected != null) {
                fail("succeeded where " + expected.getSimpleName() + " was due: " + c);
            }
        } catch (IOException e) {
            if (expected != null && !expected.isInstance(e)) {
                fail("expected " + expected.getSimpleName() + ", got " + e + ": " + c);
            }
            if (!(e instanceof SocketClosedException)) {
                assertPosixError(e, c.op == Op.GET || c.op == Op.GET_INT ? "getsockopt" : "setsockopt");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (expected == null || !expected.isInstance(e)) {
                fail("expected " + (expected == null ? "success or an errno" : expected.getSimpleName()) + ", got " + e + ": " + c);
            }
        }
        if (c.op == Op.GET && c.memory == Memory.NATIVE) {
            canary.assertGuardsIntact(c);
        }
        if (c.op == Op.SET && c.memory != Memory.HEAP && c.memory != Memory.CLOSED_ARENA) {
            canary.assertGuardsIntact(c);
        }
    }

    /** The exception a case must end in when its arguments are wrong, in the order checked; {@code null} otherwise. */
    private static Class<? extends Exception> expectedFailure(OptionCase c, boolean closed) {
        if (c.op == Op.GET && (c.memory == Memory.HEAP || c.memory == Memory.READ_ONLY)) {
            return IllegalArgumentException.class;
        }
        if (c.op == Op.SET && c.memory == Memory.HEAP) {
            return IllegalArgumentException.class;
        }
        if (closed) {
            return SocketClosedException.class;
        }
        if ((c.op == Op.GET || c.op == Op.SET) && c.memory == Memory.CLOSED_ARENA) {
            return IllegalStateException.class;
        }
        return null;
    }
}
