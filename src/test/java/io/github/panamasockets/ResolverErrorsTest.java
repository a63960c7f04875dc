package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_INET6;
import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static io.github.panamasockets.SocketConstants.AI_CANONNAME;
import static io.github.panamasockets.SocketConstants.AI_NUMERICHOST;
import static io.github.panamasockets.SocketConstants.AI_NUMERICSERV;
import static io.github.panamasockets.SocketConstants.EAI_ADDRFAMILY;
import static io.github.panamasockets.SocketConstants.EAI_AGAIN;
import static io.github.panamasockets.SocketConstants.EAI_BADFLAGS;
import static io.github.panamasockets.SocketConstants.EAI_FAIL;
import static io.github.panamasockets.SocketConstants.EAI_FAMILY;
import static io.github.panamasockets.SocketConstants.EAI_MEMORY;
import static io.github.panamasockets.SocketConstants.EAI_NONAME;
import static io.github.panamasockets.SocketConstants.EAI_SERVICE;
import static io.github.panamasockets.SocketConstants.EAI_SOCKTYPE;
import static io.github.panamasockets.SocketConstants.EAI_SYSTEM;
import static io.github.panamasockets.SocketConstants.NI_NUMERICHOST;
import static io.github.panamasockets.SocketConstants.NI_NUMERICSERV;
import static io.github.panamasockets.SocketConstants.SOCK_RAW;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.internal.FaultInjection;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every resolver failure becomes a {@link ResolverException}, asserted by type, EAI code and name, and
 * message. The codes glibc produces without a lookup (bad flags, family, socket type, service, a
 * non-numeric node with {@code AI_NUMERICHOST}) come from real calls; the others ({@code EAI_AGAIN},
 * {@code EAI_FAIL}, {@code EAI_MEMORY}, {@code EAI_SYSTEM}) from the fault-injection seam, whose result is
 * what the call returns.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResolverErrorsTest {
    @AfterEach
    void dropFaults() {
        FaultInjection.clear();
    }

    /** Asserts the type, the code, its name and the message's parts; returns the exception. */
    private static ResolverException assertEai(int eai, String name, String call, Executable action, String... inMessage) {
        UnknownHostException thrown = assertThrows(UnknownHostException.class, action);
        ResolverException e = assertInstanceOf(ResolverException.class, thrown);
        assertInstanceOf(PosixError.class, e);
        assertEquals(eai, e.eai());
        assertEquals(name, e.eaiName());
        assertEquals(name, e.errnoName());
        assertEquals(call, e.call());
        assertEquals(Netdb.gai_strerror(eai), e.description());
        String message = e.getMessage();
        assertTrue(message.startsWith(call + ": " + name + " (" + eai + ") " + Netdb.gai_strerror(eai)), message);
        for (String part : inMessage) {
            assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
        }
        if (eai != EAI_SYSTEM) {
            assertEquals(0, e.errno(), "only EAI_SYSTEM carries an errno");
        }
        return e;
    }

    private static void gai(String node, String service, AddrInfo.Hints hints) throws ResolverException {
        Netdb.getaddrinfo(node, service, hints);
    }

    // ---- from glibc itself, without any lookup

    @Test
    void nonNumericNodeWithNumericHostIsNoname() {
        assertEai(EAI_NONAME, "EAI_NONAME", "getaddrinfo",
                () -> gai("not-a-number", "80", AddrInfo.Hints.of(AF_UNSPEC, SOCK_STREAM).withFlags(AI_NUMERICHOST)),
                "[node \"not-a-number\", service \"80\"]");
    }

    @Test
    void serviceNameWithNumericServIsNonameInGlibc() {
        // POSIX leaves the code open; glibc answers EAI_NONAME, not EAI_SERVICE, for a name with AI_NUMERICSERV.
        assertEai(EAI_NONAME, "EAI_NONAME", "getaddrinfo",
                () -> gai("127.0.0.1", "http", AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM)), "service \"http\"");
    }

    @Test
    void neitherNodeNorServiceIsNoname() {
        assertEai(EAI_NONAME, "EAI_NONAME", "getaddrinfo",
                () -> gai(null, null, AddrInfo.Hints.of(AF_INET, 0)), "[node NULL, service NULL]");
    }

    @Test
    void portForRawSocketsIsService() {
        assertEai(EAI_SERVICE, "EAI_SERVICE", "getaddrinfo",
                () -> gai("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET, SOCK_RAW)), "service \"80\"");
    }

    @Test
    void unknownServiceNameIsService() {
        // Looked up in /etc/services (or found missing): never a network query.
        assertEai(EAI_SERVICE, "EAI_SERVICE", "getaddrinfo",
                () -> gai("127.0.0.1", "no-such-service-here", AddrInfo.Hints.of(AF_INET, SOCK_STREAM).withFlags(AI_NUMERICHOST)),
                "no-such-service-here");
    }

    @Test
    void canonnameWithoutNodeIsBadflags() {
        assertEai(EAI_BADFLAGS, "EAI_BADFLAGS", "getaddrinfo",
                () -> gai(null, "80", AddrInfo.Hints.of(AF_INET, SOCK_STREAM).withFlags(AI_CANONNAME)));
    }

    @Test
    void unknownFlagBitIsBadflags() {
        assertEai(EAI_BADFLAGS, "EAI_BADFLAGS", "getaddrinfo",
                () -> gai("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM).withFlags(0x10000)));
    }

    @Test
    void unknownFamilyIsFamily() {
        assertEai(EAI_FAMILY, "EAI_FAMILY", "getaddrinfo",
                () -> gai("127.0.0.1", "80", new AddrInfo.Hints(AI_NUMERICHOST, 12345, SOCK_STREAM, 0)));
    }

    @Test
    void unknownSocktypeIsSocktype() {
        assertEai(EAI_SOCKTYPE, "EAI_SOCKTYPE", "getaddrinfo",
                () -> gai("127.0.0.1", "80", new AddrInfo.Hints(AI_NUMERICHOST, AF_INET, 12345, 0)));
    }

    @Test
    void literalOfTheOtherFamilyIsAddrfamily() {
        assertEai(EAI_ADDRFAMILY, "EAI_ADDRFAMILY", "getaddrinfo",
                () -> gai("::1", "80", AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM)));
        assertEai(EAI_ADDRFAMILY, "EAI_ADDRFAMILY", "getaddrinfo",
                () -> gai("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET6, SOCK_STREAM)));
    }

    // ---- through the seam: the codes only a real resolver or a real shortage gives

    @Test
    void againThroughTheSeamThenTheRealCall() throws Exception {
        FaultInjection.inject("getaddrinfo", EAI_AGAIN, Errno.EIO, 1);
        ResolverException e = assertEai(EAI_AGAIN, "EAI_AGAIN", "getaddrinfo",
                () -> gai("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM)),
                "[node \"127.0.0.1\", service \"80\"]");
        assertEquals(0, e.errno(), "an errno left behind with EAI_AGAIN means nothing");
        assertEquals(SockaddrIn.of("127.0.0.1", 80),
                Netdb.getaddrinfo("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM)).get(0).address());
    }

    @Test
    void systemCarriesItsErrno() {
        FaultInjection.inject("getaddrinfo", EAI_SYSTEM, Errno.EMFILE, 1);
        ResolverException e = assertEai(EAI_SYSTEM, "EAI_SYSTEM", "getaddrinfo",
                () -> gai("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM)),
                "EMFILE (" + Errno.EMFILE + ") " + Errno.description(Errno.EMFILE));
        assertEquals(Errno.EMFILE, e.errno());
        assertEquals("EAI_SYSTEM", e.errnoName());
        assertEquals("EMFILE", Errno.name(e.errno()));
    }

    @ParameterizedTest(name = "EAI code {0}")
    @ValueSource(strings = {"EAI_NONAME", "EAI_AGAIN", "EAI_SERVICE", "EAI_FAMILY", "EAI_SOCKTYPE", "EAI_BADFLAGS",
            "EAI_FAIL", "EAI_MEMORY", "EAI_SYSTEM", "EAI_ADDRFAMILY", "EAI_NODATA", "EAI_OVERFLOW"})
    void everyCodeGetsItsName(String name) throws Exception {
        int eai = SocketConstants.class.getField(name).getInt(null);
        FaultInjection.inject("getaddrinfo", eai, Errno.ENOMEM, 1);
        assertEai(eai, name, "getaddrinfo",
                () -> gai("127.0.0.1", "80", AddrInfo.Hints.numeric(AF_INET, SOCK_STREAM)), "127.0.0.1");
    }

    @Test
    void failAndMemoryAreDistinct() {
        FaultInjection.inject("getaddrinfo", EAI_FAIL, 0, 1);
        FaultInjection.inject("getaddrinfo", EAI_MEMORY, 0, 1);
        assertEai(EAI_FAIL, "EAI_FAIL", "getaddrinfo", () -> gai("127.0.0.1", "80", null));
        assertEai(EAI_MEMORY, "EAI_MEMORY", "getaddrinfo", () -> gai("127.0.0.1", "80", null));
    }

    @Test
    void unknownCodeIsNamedByNumber() {
        FaultInjection.inject("getaddrinfo", -12345, 0, 1);
        assertEai(-12345, "EAI -12345", "getaddrinfo", () -> gai("127.0.0.1", "80", null));
    }

    // ---- getnameinfo

    @Test
    void getnameinfoOfAnUnknownFamilyIsFamily() {
        SockaddrStorage ss = SockaddrStorage.allocate().ss_family(12345);
        assertEai(EAI_FAMILY, "EAI_FAMILY", "getnameinfo",
                () -> Netdb.getnameinfo(ss, NI_NUMERICHOST | NI_NUMERICSERV), "sockaddr(family=12345");
    }

    @Test
    void getnameinfoWithAnUnknownFlagIsBadflags() {
        assertEai(EAI_BADFLAGS, "EAI_BADFLAGS", "getnameinfo",
                () -> Netdb.getnameinfo(SockaddrIn.of("127.0.0.1", 80), NI_NUMERICHOST | 0x10000), "[127.0.0.1:80]");
    }

    @Test
    void getnameinfoAgainThroughTheSeam() {
        FaultInjection.inject("getnameinfo", EAI_AGAIN, 0, 1);
        assertEai(EAI_AGAIN, "EAI_AGAIN", "getnameinfo",
                () -> Netdb.getnameinfo(SockaddrIn6.of("::1", 443), NI_NUMERICHOST), "[::1]:443");
    }
}
