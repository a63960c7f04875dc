package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A first end-to-end check of sendmsg/recvmsg with mixed buffers and a passed descriptor. */
@Timeout(10)
class MessageSmokeTest {
    @Test
    void mixedBuffersAndOneDescriptor() throws Exception {
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        PosixSocket[] inner = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; PosixSocket x = inner[0]; PosixSocket y = inner[1]) {
            ByteBuffer direct = ByteBuffer.allocateDirect(3).put("def".getBytes()).flip();
            int sent = a.sendmsg(List.of(IoBuffer.of("abc".getBytes()), IoBuffer.of(direct)),
                    List.of(ControlMessage.Rights.of(x)), 0, null);
            assertEquals(6, sent);
            assertFalse(direct.hasRemaining());
            byte[] first = new byte[2];
            ByteBuffer second = ByteBuffer.allocate(10);
            MsgResult r = b.recvmsg(List.of(IoBuffer.of(first), IoBuffer.of(second)), (int) ControlMessages.spaceForFds(4), 0);
            assertEquals(6, r.bytes());
            assertEquals("ab", new String(first, StandardCharsets.US_ASCII));
            assertEquals(4, second.position());
            assertEquals(1, r.fds().size());
            try (PosixSocket passed = r.fds().get(0).toSocket()) {
                assertEquals(AF_UNIX, passed.family());
                passed.send("via passed".getBytes(), 0);
                byte[] got = new byte[32];
                int n = y.recv(got, 0);
                assertEquals("via passed", new String(got, 0, n, StandardCharsets.US_ASCII));
            }
        }
    }
}
