package io.github.panamasockets.internal;

import static io.github.panamasockets.SocketConstants.MSG_DONTWAIT;
import static io.github.panamasockets.SocketConstants.MSG_NOSIGNAL;
import static io.github.panamasockets.SocketConstants.MSG_PEEK;
import static io.github.panamasockets.SocketConstants.SOCK_CLOEXEC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;
import static io.github.panamasockets.SocketConstants.SOCK_NONBLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.panamasockets.SockaddrIn6;
import io.github.panamasockets.SockaddrUn;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The pieces of a trace line that are decoded in Java rather than printed as numbers and pointers. */
class TraceFormatTest {
    @Test
    void ipv6AddressesAreWrittenAsPeopleWriteThem() {
        assertEquals("{AF_INET6 [::1]:443}", decode(SockaddrIn6.of("::1", 443).segment(), 28));
        assertEquals("{AF_INET6 [2001:db8::1:0:0:1]:80}", decode(SockaddrIn6.of("2001:db8:0:0:1:0:0:1", 80).segment(), 28));
        assertEquals("{AF_INET6 [::]:0}", decode(SockaddrIn6.of("::", 0).segment(), 28));
        assertEquals("{AF_INET6 [fe80::1]:5}", decode(SockaddrIn6.of("fe80::1", 5).segment(), 28));
    }

    @Test
    void unixAddressesShowPathAbstractNameOrNone() {
        SockaddrUn path = SockaddrUn.of("/tmp/x.sock");
        assertEquals("{AF_UNIX \"/tmp/x.sock\"}", decode(path.segment(), path.length()));
        SockaddrUn abstractName = SockaddrUn.abstractName("panama");
        assertEquals("{AF_UNIX @panama}", decode(abstractName.segment(), abstractName.length()));
        assertEquals("{AF_UNIX (unnamed)}", decode(path.segment(), 2));
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
            String expected = "sendmsg(3, {msg_namelen=0, msg_iovlen=2, msg_controllen=0}, MSG_NOSIGNAL) = 5";
            assertEquals(expected, TraceFormat.line("sendmsg", new Object[] {state, 3, msg, MSG_NOSIGNAL}, 5L, 0));
            assertEquals(expected, TraceFormat.line("sendmsg",
                    new Object[] {state, 3, msg, MSG_NOSIGNAL, arena.allocate(8), MemorySegment.NULL}, 5L, 0));
        }
    }

    private static String decode(MemorySegment m, int length) {
        return TraceFormat.sockaddr(m, length);
    }
}
