package io.github.panamasockets.internal;

import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.MSG_NOSIGNAL;
import static io.github.panamasockets.SocketConstants.MSG_PEEK;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.Errno;
import io.github.panamasockets.SockaddrIn;
import io.github.panamasockets.SockaddrIn6;
import io.github.panamasockets.SocketConstants;
import io.github.panamasockets.SockaddrUn;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The pieces of a trace line that are decoded in Java rather than printed as numbers and pointers. */
class TraceFormatTest {
    @Test
    void ipv6AddressesAreWrittenAsPeopleWriteThem() {
        assertEquals("{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", "
                + "&sin6_addr), sin6_scope_id=0}", decode(SockaddrIn6.of("::1", 443).segment(), 28));
        assertTrue(decode(SockaddrIn6.of("2001:db8:0:0:1:0:0:1", 80).segment(), 28).contains("\"2001:db8::1:0:0:1\""));
        assertTrue(decode(SockaddrIn6.of("::", 0).segment(), 28).contains("htons(0), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::\""));
        SockaddrIn6 scoped = SockaddrIn6.of("fe80::1", 5, 3);
        scoped.sin6_flowinfo(io.github.panamasockets.ArpaInet.htonl(0xABCDE));
        assertEquals("{sa_family=AF_INET6, sin6_port=htons(5), sin6_flowinfo=htonl(703710), inet_pton(AF_INET6, "
                + "\"fe80::1\", &sin6_addr), sin6_scope_id=3}", decode(scoped.segment(), 28));
    }

    @Test
    void unixAddressesShowPathAbstractNameOrNone() {
        SockaddrUn path = SockaddrUn.of("/tmp/x.sock");
        assertEquals("{sa_family=AF_UNIX, sun_path=\"/tmp/x.sock\"}", decode(path.segment(), path.length()));
        SockaddrUn abstractName = SockaddrUn.abstractName("panama");
        assertEquals("{sa_family=AF_UNIX, sun_path=@\"panama\"}", decode(abstractName.segment(), abstractName.length()));
        assertEquals("{sa_family=AF_UNIX}", decode(path.segment(), 2));
    }

    @Test
    void memoryShorterThanItsLengthIsNeverRead() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment four = arena.allocate(4);
            assertEquals("0x" + Long.toHexString(four.address()), decode(four, 16));
            assertEquals("NULL", decode(MemorySegment.NULL, 16));
        }
    }

    @Test
    void flagsAreNamed() {
        assertEquals("SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC", CNames.socketType(SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC));
        assertEquals("SOCK_CLOEXEC", CNames.socketType(SOCK_CLOEXEC));
        assertEquals("MSG_PEEK|MSG_DONTWAIT|MSG_NOSIGNAL", CNames.msgFlags(MSG_PEEK | MSG_DONTWAIT | MSG_NOSIGNAL));
        assertEquals("0", CNames.msgFlags(0));
        assertEquals("MSG_PEEK|0x80000000", CNames.msgFlags(MSG_PEEK | 0x80000000));
    }

    @Test
    void theScopesASendmsgHoldsAreNotShownAsArguments() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(NativeCall.CAPTURE_STATE_LAYOUT);
            MemorySegment msg = arena.allocate(Structs.MSGHDR);
            msg.set(java.lang.foreign.ValueLayout.JAVA_LONG, Structs.MSG_IOVLEN, 2);
            String expected = "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iovlen=2, msg_controllen=0, msg_flags=0}, MSG_NOSIGNAL) = 5";
            assertEquals(expected, TraceFormat.line("sendmsg", new Object[] {state, 3, msg, MSG_NOSIGNAL}, 5L, 0));
            assertEquals(expected, TraceFormat.line("sendmsg",
                    new Object[] {state, 3, msg, MSG_NOSIGNAL, arena.allocate(8), MemorySegment.NULL}, 5L, 0));
        }
    }

    @Test
    void ipv4AddressesAsStraceWritesThem() {
        SockaddrIn sa = SockaddrIn.of("127.0.0.1", 8080);
        assertEquals("{sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}", decode(sa.segment(), 16));
        assertEquals("{sa_family=AF_NETLINK, sa_data=<10 bytes>}", decode(netlink(), 12));
    }

    private static MemorySegment netlink() {
        MemorySegment m = Arena.ofAuto().allocate(12);
        m.set(ValueLayout.JAVA_SHORT, 0, (short) SocketConstants.AF_NETLINK);
        return m;
    }

    /** One line per call kind: each argument that is a C constant, flag set or structure is shown by name. */
    @Test
    void eachCallKindNamesItsConstantsAndStructs() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(NativeCall.CAPTURE_STATE_LAYOUT);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            SockaddrIn sa = SockaddrIn.of("127.0.0.1", 8080);
            String v4 = "{sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}";

            MemorySegment cred = arena.allocate(Structs.UCRED);
            cred.set(ValueLayout.JAVA_INT, Structs.UCRED_PID, 42);
            len.set(ValueLayout.JAVA_INT, 0, (int) Structs.UCRED.byteSize());
            assertEquals("getsockopt(7, SOL_SOCKET, SO_PEERCRED, {pid=42, uid=0, gid=0}, [12]) = 0",
                    line("getsockopt", st, 7, SocketConstants.SOL_SOCKET, SocketConstants.SO_PEERCRED, cred, len, 0));
            MemorySegment one = arena.allocate(ValueLayout.JAVA_INT);
            one.set(ValueLayout.JAVA_INT, 0, 1);
            assertEquals("setsockopt(5, SOL_TCP, TCP_NODELAY, [1], 4) = 0",
                    line("setsockopt", st, 5, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, one, 4, 0));
            assertEquals("setsockopt(5, SOL_IPV6, IPV6_V6ONLY, [1], 4) = 0",
                    line("setsockopt", st, 5, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY, one, 4, 0));
            assertEquals("setsockopt(5, SOL_IP, IP_ADD_MEMBERSHIP, [1], 4) = 0",
                    line("setsockopt", st, 5, SocketConstants.IPPROTO_IP, SocketConstants.IP_ADD_MEMBERSHIP, one, 4, 0));
            MemorySegment linger = arena.allocate(Structs.LINGER);
            linger.set(ValueLayout.JAVA_INT, Structs.L_ONOFF, 1);
            linger.set(ValueLayout.JAVA_INT, Structs.L_LINGER, 5);
            assertEquals("setsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0",
                    line("setsockopt", st, 5, SocketConstants.SOL_SOCKET, SocketConstants.SO_LINGER, linger, 8, 0));
            MemorySegment tv = arena.allocate(Structs.TIMEVAL);
            tv.set(ValueLayout.JAVA_LONG, Structs.TV_SEC, 2);
            assertEquals("setsockopt(5, SOL_SOCKET, SO_RCVTIMEO, {tv_sec=2, tv_usec=0}, 16) = 0",
                    line("setsockopt", st, 5, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVTIMEO, tv, 16, 0));
            assertEquals("setsockopt(5, 999, 77, [1], 4) = 0", line("setsockopt", st, 5, 999, 77, one, 4, 0));

            assertEquals("shutdown(5, SHUT_WR) = 0", line("shutdown", st, 5, SocketConstants.SHUT_WR, 0));
            assertEquals("shutdown(5, SHUT_RDWR) = -1 ENOTCONN (Transport endpoint is not connected)",
                    TraceFormat.line("shutdown", new Object[] {st, 5, SocketConstants.SHUT_RDWR}, -1, Errno.ENOTCONN));

            len.set(ValueLayout.JAVA_INT, 0, 16);
            assertEquals("getpeername(7, " + v4 + ", [16]) = 0", line("getpeername", st, 7, sa.segment(), len, 0));
            assertEquals("connect(6, " + v4 + ", 16) = 0", line("connect", st, 6, sa.segment(), 16, 0));
            len.set(ValueLayout.JAVA_INT, 0, 128);
            MemorySegment room = arena.allocate(128);
            assertEquals("getpeername(7, 0x" + Long.toHexString(room.address()) + ", [128]) = -1 ENOTCONN (Transport endpoint is not connected)",
                    TraceFormat.line("getpeername", new Object[] {st, 7, room, len}, -1, Errno.ENOTCONN));
            assertEquals("sendto(6, <3 bytes>, 3, MSG_DONTWAIT|MSG_NOSIGNAL, " + v4 + ", 16) = 3",
                    line("sendto", st, 6, arena.allocate(3), 3L, SocketConstants.MSG_DONTWAIT | MSG_NOSIGNAL, sa.segment(), 16, 3L));
            assertEquals("recv(6, <2 bytes>, 64, MSG_PEEK) = 2", line("recv", st, 6, arena.allocate(64), 64L, MSG_PEEK, 2L));

            MemorySegment msg = arena.allocate(Structs.MSGHDR);
            msg.set(ValueLayout.ADDRESS, Structs.MSG_NAME, sa.segment());
            msg.set(ValueLayout.JAVA_INT, Structs.MSG_NAMELEN, 16);
            msg.set(ValueLayout.JAVA_LONG, Structs.MSG_IOVLEN, 1);
            msg.set(ValueLayout.JAVA_INT, Structs.MSG_FLAGS, SocketConstants.MSG_TRUNC);
            assertEquals("recvmsg(6, {msg_name=" + v4 + ", msg_namelen=16, msg_iovlen=1, msg_controllen=0, "
                    + "msg_flags=MSG_TRUNC}, MSG_CMSG_CLOEXEC) = 9",
                    line("recvmsg", st, 6, msg, SocketConstants.MSG_CMSG_CLOEXEC, 9L));

            assertEquals("fcntl(3, F_GETFL) = 2050", line("fcntl", st, 3, SocketConstants.F_GETFL, 2050));
            assertEquals("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
                    line("fcntl", st, 3, SocketConstants.F_SETFL, SocketConstants.O_NONBLOCK | 2, 0));
            assertEquals("fcntl(3, F_SETFD, FD_CLOEXEC) = 0", line("fcntl", st, 3, SocketConstants.F_SETFD, SocketConstants.FD_CLOEXEC, 0));
            one.set(ValueLayout.JAVA_INT, 0, 1234);
            assertEquals("ioctl(3, FIONREAD, [1234]) = 0", line("ioctl", st, 3, (long) SocketConstants.FIONREAD, one, 0));
            assertEquals("ioctl(3, SIOCOUTQ, [1234]) = 0", line("ioctl", st, 3, (long) SocketConstants.SIOCOUTQ, one, 0));
            MemorySegment pair = arena.allocate(8);
            pair.set(ValueLayout.JAVA_INT, 0, 3);
            pair.set(ValueLayout.JAVA_INT, 4, 4);
            assertEquals("pipe2([3, 4], O_NONBLOCK|O_CLOEXEC) = 0",
                    line("pipe2", st, pair, SocketConstants.O_NONBLOCK | SocketConstants.O_CLOEXEC, 0));
            assertEquals("dup3(9, 5, O_CLOEXEC) = 5", line("dup3", st, 9, 5, SocketConstants.O_CLOEXEC, 5));
            assertEquals("epoll_ctl(8, EPOLL_CTL_ADD, 5, 0x" + Long.toHexString(pair.address()) + ") = 0",
                    line("epoll_ctl", st, 8, SocketConstants.EPOLL_CTL_ADD, 5, pair, 0));

            MemorySegment fds = arena.allocate(Structs.POLLFD.byteSize() * 2);
            fds.set(ValueLayout.JAVA_INT, Structs.POLLFD_FD, 3);
            fds.set(ValueLayout.JAVA_SHORT, Structs.POLLFD_EVENTS, (short) (SocketConstants.POLLIN | SocketConstants.POLLOUT));
            fds.set(ValueLayout.JAVA_SHORT, Structs.POLLFD_REVENTS, (short) SocketConstants.POLLIN);
            fds.set(ValueLayout.JAVA_INT, Structs.POLLFD.byteSize() + Structs.POLLFD_FD, -1);
            assertEquals("poll([{fd=3, events=POLLIN|POLLOUT}, {fd=-1, events=0}], 2, 100) = 1 ([{fd=3, revents=POLLIN}])",
                    line("poll", st, fds, 2L, 100, 1));
        }
    }

    /** A trace line for a call that returned {@code result}, with errno 0. */
    private static String line(String name, Object... argsThenResult) {
        Object[] args = java.util.Arrays.copyOf(argsThenResult, argsThenResult.length - 1);
        return TraceFormat.line(name, args, argsThenResult[argsThenResult.length - 1], 0);
    }

    private static String decode(MemorySegment m, int length) {
        return TraceFormat.sockaddr(m, length);
    }
}
