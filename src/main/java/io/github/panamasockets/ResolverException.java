package io.github.panamasockets;

import io.github.panamasockets.internal.ErrnoExceptions;
import java.io.Serial;
import java.net.UnknownHostException;

/**
 * A failed {@code getaddrinfo} or {@code getnameinfo}. These calls do not report through errno: they return an
 * {@code EAI_*} code ({@link SocketConstants#EAI_NONAME}, {@link SocketConstants#EAI_AGAIN}, ...), and only
 * {@link SocketConstants#EAI_SYSTEM} says "look at errno". The message names the call, the code's name and
 * value, {@code gai_strerror}'s text and what was asked:
 * {@code getaddrinfo: EAI_NONAME (-2) Name or service not known [node "no-such-host", service "80"]}.
 *
 * <p>It is an {@link UnknownHostException}, so code written for {@code java.net} catches it, and a
 * {@link PosixError}: {@link #call()} is {@code "getaddrinfo"} or {@code "getnameinfo"}; {@link #errno()} is the
 * errno behind {@code EAI_SYSTEM} and 0 for every other code, since those set no errno; {@link #errnoName()}
 * is the EAI name, the symbol a caller compares against. For {@code EAI_SYSTEM} the message names both the
 * EAI code and the errno; {@link Errno#name(int) Errno.name(errno())} gives the errno's name alone.
 *
 * {@snippet :
 * try {
 *     Netdb.getaddrinfo("no-such-host.invalid", "80", AddrInfo.Hints.of(AF_UNSPEC, SOCK_STREAM));
 * } catch (ResolverException e) {
 *     if (e.eai() == EAI_NONAME) { ... }   // getaddrinfo: EAI_NONAME (-2) Name or service not known [...]
 * }
 * }
 */
public class ResolverException extends UnknownHostException implements PosixError {
    @Serial private static final long serialVersionUID = 1L;

    /** The C function that failed. */
    private final String call;
    /** The {@code EAI_*} code it returned. */
    private final int eai;
    /** The errno it set. */
    private final int errno;

    /**
     * A resolver failure.
     *
     * @param call {@code "getaddrinfo"} or {@code "getnameinfo"}
     * @param eai the {@code EAI_*} code it returned
     * @param errno the errno it left; kept for {@code EAI_SYSTEM} only, where it means something
     * @param detail what was asked (node and service, or the address), or {@code null}
     */
    public ResolverException(String call, int eai, int errno, String detail) {
        super(ErrnoExceptions.eaiMessage(call, eai, errno, detail));
        this.call = call;
        this.eai = eai;
        this.errno = eai == SocketConstants.EAI_SYSTEM ? errno : 0;
    }

    /** {@return the {@code EAI_*} code, e.g. {@link SocketConstants#EAI_NONAME} (-2 with glibc)} */
    public int eai() {
        return eai;
    }

    /** {@return the code's symbolic name, e.g. {@code "EAI_NONAME"}; {@code "EAI <n>"} for a code glibc does not define} */
    public String eaiName() {
        return ErrnoExceptions.eaiName(eai);
    }

    /** {@return {@code gai_strerror}'s text for the code, e.g. {@code "Name or service not known"}} */
    public String description() {
        return Netdb.gai_strerror(eai);
    }

    /** {@return the errno behind {@code EAI_SYSTEM}; 0 for every other code} */
    @Override public int errno() { return errno; }

    /** {@return the EAI name, as {@link #eaiName()}: a resolver failure's symbol is its EAI code} */
    @Override public String errnoName() { return eaiName(); }

    @Override public String call() { return call; }
}
