package io.github.panamasockets;

import io.github.panamasockets.bindings.linux.x86_64.sockets_h;
import io.github.panamasockets.internal.Libc;

/**
 * The errno values, named as in C ({@code ECONNREFUSED}, {@code EADDRINUSE}, ...), and their symbolic names
 * and texts, as {@code strerrorname_np(3)} and {@code strerrordesc_np(3)} give them.
 *
 * <p>Every exception this library throws for a failed call implements {@link PosixError} and carries the
 * errno; compare it with these constants: {@code if (e.errno() == Errno.ECONNRESET) ...}. Like
 * {@link SocketConstants}, the values are read from the current platform's generated bindings.
 *
 * {@snippet :
 * try {
 *     s.send(data, 0);
 * } catch (PosixSocketException e) {
 *     if (e.errno() == Errno.EPIPE) { ... }                        // the peer has gone
 *     System.err.println(Errno.name(e.errno()) + ": " + Errno.description(e.errno()));  // EPIPE: Broken pipe
 * }
 * }
 */
public final class Errno {
    private Errno() {}

    static {
        io.github.panamasockets.internal.Platform.check();
    }

    /**
     * The symbolic name of an errno value, such as {@code "ECONNREFUSED"}; for a value the C library does not
     * know, {@code "errno <n>"}. Where two names share a value ({@code EAGAIN} and {@code EWOULDBLOCK}) the C
     * library's choice is returned.
     *
     * @param errno an errno value
     * @return its name, never {@code null}
     */
    public static String name(int errno) {
        return Libc.errnoName(errno);
    }

    /**
     * The C library's text for an errno value, such as {@code "Connection refused"}, as {@code perror(3)}
     * would print it.
     *
     * @param errno an errno value
     * @return its description, never {@code null}
     */
    public static String description(int errno) {
        return Libc.errnoDescription(errno);
    }

    /**
     * {@code strerror(3)}: the C library's text for an errno value, a {@code String} rather than C's pointer
     * into a static table. The same as {@link #description}, under the C name.
     *
     * @param errnum an errno value
     * @return its text, such as {@code "Invalid argument"} for 22; {@code "Unknown error <n>"} for others
     */
    public static String strerror(int errnum) {
        return description(errnum);
    }

    /**
     * {@code perror(3)} for a ported C program: prints {@code "s: text"} and a newline to {@code System.err},
     * where C's text is {@code strerror(errno)}. Java has no errno to read after the fact, so the failure is
     * passed: the errno of a {@link PosixError}, the message of any other exception.
     *
     * {@snippet :
     * try {
     *     s.connect(sa);
     * } catch (IOException e) {
     *     Errno.perror("connect", e);      // C: perror("connect");   prints "connect: Connection refused"
     *     System.exit(1);                   // C: exit(EXIT_FAILURE);
     * }
     * }
     *
     * @param s the prefix, as C's argument; {@code null} or empty prints the text alone, as C does
     * @param failure what failed
     */
    public static void perror(String s, Throwable failure) {
        String text = failure instanceof PosixError p ? description(p.errno()) : String.valueOf(failure.getMessage());
        System.err.println(s == null || s.isEmpty() ? text : s + ": " + text);
    }

    /** C's {@code E2BIG}. */
    public static final int E2BIG = sockets_h.E2BIG();
    /** C's {@code EACCES}. */
    public static final int EACCES = sockets_h.EACCES();
    /** C's {@code EADDRINUSE}. */
    public static final int EADDRINUSE = sockets_h.EADDRINUSE();
    /** C's {@code EADDRNOTAVAIL}. */
    public static final int EADDRNOTAVAIL = sockets_h.EADDRNOTAVAIL();
    /** C's {@code EADV}. */
    public static final int EADV = sockets_h.EADV();
    /** C's {@code EAFNOSUPPORT}. */
    public static final int EAFNOSUPPORT = sockets_h.EAFNOSUPPORT();
    /** C's {@code EAGAIN}. */
    public static final int EAGAIN = sockets_h.EAGAIN();
    /** C's {@code EALREADY}. */
    public static final int EALREADY = sockets_h.EALREADY();
    /** C's {@code EBADE}. */
    public static final int EBADE = sockets_h.EBADE();
    /** C's {@code EBADF}. */
    public static final int EBADF = sockets_h.EBADF();
    /** C's {@code EBADFD}. */
    public static final int EBADFD = sockets_h.EBADFD();
    /** C's {@code EBADMSG}. */
    public static final int EBADMSG = sockets_h.EBADMSG();
    /** C's {@code EBADR}. */
    public static final int EBADR = sockets_h.EBADR();
    /** C's {@code EBADRQC}. */
    public static final int EBADRQC = sockets_h.EBADRQC();
    /** C's {@code EBADSLT}. */
    public static final int EBADSLT = sockets_h.EBADSLT();
    /** C's {@code EBFONT}. */
    public static final int EBFONT = sockets_h.EBFONT();
    /** C's {@code EBUSY}. */
    public static final int EBUSY = sockets_h.EBUSY();
    /** C's {@code ECANCELED}. */
    public static final int ECANCELED = sockets_h.ECANCELED();
    /** C's {@code ECHILD}. */
    public static final int ECHILD = sockets_h.ECHILD();
    /** C's {@code ECHRNG}. */
    public static final int ECHRNG = sockets_h.ECHRNG();
    /** C's {@code ECOMM}. */
    public static final int ECOMM = sockets_h.ECOMM();
    /** C's {@code ECONNABORTED}. */
    public static final int ECONNABORTED = sockets_h.ECONNABORTED();
    /** C's {@code ECONNREFUSED}. */
    public static final int ECONNREFUSED = sockets_h.ECONNREFUSED();
    /** C's {@code ECONNRESET}. */
    public static final int ECONNRESET = sockets_h.ECONNRESET();
    /** C's {@code EDEADLK}. */
    public static final int EDEADLK = sockets_h.EDEADLK();
    /** C's {@code EDEADLOCK}. */
    public static final int EDEADLOCK = sockets_h.EDEADLOCK();
    /** C's {@code EDESTADDRREQ}. */
    public static final int EDESTADDRREQ = sockets_h.EDESTADDRREQ();
    /** C's {@code EDOM}. */
    public static final int EDOM = sockets_h.EDOM();
    /** C's {@code EDOTDOT}. */
    public static final int EDOTDOT = sockets_h.EDOTDOT();
    /** C's {@code EDQUOT}. */
    public static final int EDQUOT = sockets_h.EDQUOT();
    /** C's {@code EEXIST}. */
    public static final int EEXIST = sockets_h.EEXIST();
    /** C's {@code EFAULT}. */
    public static final int EFAULT = sockets_h.EFAULT();
    /** C's {@code EFBIG}. */
    public static final int EFBIG = sockets_h.EFBIG();
    /** C's {@code EHOSTDOWN}. */
    public static final int EHOSTDOWN = sockets_h.EHOSTDOWN();
    /** C's {@code EHOSTUNREACH}. */
    public static final int EHOSTUNREACH = sockets_h.EHOSTUNREACH();
    /** C's {@code EHWPOISON}. */
    public static final int EHWPOISON = sockets_h.EHWPOISON();
    /** C's {@code EIDRM}. */
    public static final int EIDRM = sockets_h.EIDRM();
    /** C's {@code EILSEQ}. */
    public static final int EILSEQ = sockets_h.EILSEQ();
    /** C's {@code EINPROGRESS}. */
    public static final int EINPROGRESS = sockets_h.EINPROGRESS();
    /** C's {@code EINTR}. */
    public static final int EINTR = sockets_h.EINTR();
    /** C's {@code EINVAL}. */
    public static final int EINVAL = sockets_h.EINVAL();
    /** C's {@code EIO}. */
    public static final int EIO = sockets_h.EIO();
    /** C's {@code EISCONN}. */
    public static final int EISCONN = sockets_h.EISCONN();
    /** C's {@code EISDIR}. */
    public static final int EISDIR = sockets_h.EISDIR();
    /** C's {@code EISNAM}. */
    public static final int EISNAM = sockets_h.EISNAM();
    /** C's {@code EKEYEXPIRED}. */
    public static final int EKEYEXPIRED = sockets_h.EKEYEXPIRED();
    /** C's {@code EKEYREJECTED}. */
    public static final int EKEYREJECTED = sockets_h.EKEYREJECTED();
    /** C's {@code EKEYREVOKED}. */
    public static final int EKEYREVOKED = sockets_h.EKEYREVOKED();
    /** C's {@code EL2HLT}. */
    public static final int EL2HLT = sockets_h.EL2HLT();
    /** C's {@code EL2NSYNC}. */
    public static final int EL2NSYNC = sockets_h.EL2NSYNC();
    /** C's {@code EL3HLT}. */
    public static final int EL3HLT = sockets_h.EL3HLT();
    /** C's {@code EL3RST}. */
    public static final int EL3RST = sockets_h.EL3RST();
    /** C's {@code ELIBACC}. */
    public static final int ELIBACC = sockets_h.ELIBACC();
    /** C's {@code ELIBBAD}. */
    public static final int ELIBBAD = sockets_h.ELIBBAD();
    /** C's {@code ELIBEXEC}. */
    public static final int ELIBEXEC = sockets_h.ELIBEXEC();
    /** C's {@code ELIBMAX}. */
    public static final int ELIBMAX = sockets_h.ELIBMAX();
    /** C's {@code ELIBSCN}. */
    public static final int ELIBSCN = sockets_h.ELIBSCN();
    /** C's {@code ELNRNG}. */
    public static final int ELNRNG = sockets_h.ELNRNG();
    /** C's {@code ELOOP}. */
    public static final int ELOOP = sockets_h.ELOOP();
    /** C's {@code EMEDIUMTYPE}. */
    public static final int EMEDIUMTYPE = sockets_h.EMEDIUMTYPE();
    /** C's {@code EMFILE}. */
    public static final int EMFILE = sockets_h.EMFILE();
    /** C's {@code EMLINK}. */
    public static final int EMLINK = sockets_h.EMLINK();
    /** C's {@code EMSGSIZE}. */
    public static final int EMSGSIZE = sockets_h.EMSGSIZE();
    /** C's {@code EMULTIHOP}. */
    public static final int EMULTIHOP = sockets_h.EMULTIHOP();
    /** C's {@code ENAMETOOLONG}. */
    public static final int ENAMETOOLONG = sockets_h.ENAMETOOLONG();
    /** C's {@code ENAVAIL}. */
    public static final int ENAVAIL = sockets_h.ENAVAIL();
    /** C's {@code ENETDOWN}. */
    public static final int ENETDOWN = sockets_h.ENETDOWN();
    /** C's {@code ENETRESET}. */
    public static final int ENETRESET = sockets_h.ENETRESET();
    /** C's {@code ENETUNREACH}. */
    public static final int ENETUNREACH = sockets_h.ENETUNREACH();
    /** C's {@code ENFILE}. */
    public static final int ENFILE = sockets_h.ENFILE();
    /** C's {@code ENOANO}. */
    public static final int ENOANO = sockets_h.ENOANO();
    /** C's {@code ENOBUFS}. */
    public static final int ENOBUFS = sockets_h.ENOBUFS();
    /** C's {@code ENOCSI}. */
    public static final int ENOCSI = sockets_h.ENOCSI();
    /** C's {@code ENODATA}. */
    public static final int ENODATA = sockets_h.ENODATA();
    /** C's {@code ENODEV}. */
    public static final int ENODEV = sockets_h.ENODEV();
    /** C's {@code ENOENT}. */
    public static final int ENOENT = sockets_h.ENOENT();
    /** C's {@code ENOEXEC}. */
    public static final int ENOEXEC = sockets_h.ENOEXEC();
    /** C's {@code ENOKEY}. */
    public static final int ENOKEY = sockets_h.ENOKEY();
    /** C's {@code ENOLCK}. */
    public static final int ENOLCK = sockets_h.ENOLCK();
    /** C's {@code ENOLINK}. */
    public static final int ENOLINK = sockets_h.ENOLINK();
    /** C's {@code ENOMEDIUM}. */
    public static final int ENOMEDIUM = sockets_h.ENOMEDIUM();
    /** C's {@code ENOMEM}. */
    public static final int ENOMEM = sockets_h.ENOMEM();
    /** C's {@code ENOMSG}. */
    public static final int ENOMSG = sockets_h.ENOMSG();
    /** C's {@code ENONET}. */
    public static final int ENONET = sockets_h.ENONET();
    /** C's {@code ENOPKG}. */
    public static final int ENOPKG = sockets_h.ENOPKG();
    /** C's {@code ENOPROTOOPT}. */
    public static final int ENOPROTOOPT = sockets_h.ENOPROTOOPT();
    /** C's {@code ENOSPC}. */
    public static final int ENOSPC = sockets_h.ENOSPC();
    /** C's {@code ENOSR}. */
    public static final int ENOSR = sockets_h.ENOSR();
    /** C's {@code ENOSTR}. */
    public static final int ENOSTR = sockets_h.ENOSTR();
    /** C's {@code ENOSYS}. */
    public static final int ENOSYS = sockets_h.ENOSYS();
    /** C's {@code ENOTBLK}. */
    public static final int ENOTBLK = sockets_h.ENOTBLK();
    /** C's {@code ENOTCONN}. */
    public static final int ENOTCONN = sockets_h.ENOTCONN();
    /** C's {@code ENOTDIR}. */
    public static final int ENOTDIR = sockets_h.ENOTDIR();
    /** C's {@code ENOTEMPTY}. */
    public static final int ENOTEMPTY = sockets_h.ENOTEMPTY();
    /** C's {@code ENOTNAM}. */
    public static final int ENOTNAM = sockets_h.ENOTNAM();
    /** C's {@code ENOTRECOVERABLE}. */
    public static final int ENOTRECOVERABLE = sockets_h.ENOTRECOVERABLE();
    /** C's {@code ENOTSOCK}. */
    public static final int ENOTSOCK = sockets_h.ENOTSOCK();
    /** C's {@code ENOTSUP}. */
    public static final int ENOTSUP = sockets_h.ENOTSUP();
    /** C's {@code ENOTTY}. */
    public static final int ENOTTY = sockets_h.ENOTTY();
    /** C's {@code ENOTUNIQ}. */
    public static final int ENOTUNIQ = sockets_h.ENOTUNIQ();
    /** C's {@code ENXIO}. */
    public static final int ENXIO = sockets_h.ENXIO();
    /** C's {@code EOPNOTSUPP}. */
    public static final int EOPNOTSUPP = sockets_h.EOPNOTSUPP();
    /** C's {@code EOVERFLOW}. */
    public static final int EOVERFLOW = sockets_h.EOVERFLOW();
    /** C's {@code EOWNERDEAD}. */
    public static final int EOWNERDEAD = sockets_h.EOWNERDEAD();
    /** C's {@code EPERM}. */
    public static final int EPERM = sockets_h.EPERM();
    /** C's {@code EPFNOSUPPORT}. */
    public static final int EPFNOSUPPORT = sockets_h.EPFNOSUPPORT();
    /** C's {@code EPIPE}. */
    public static final int EPIPE = sockets_h.EPIPE();
    /** C's {@code EPROTO}. */
    public static final int EPROTO = sockets_h.EPROTO();
    /** C's {@code EPROTONOSUPPORT}. */
    public static final int EPROTONOSUPPORT = sockets_h.EPROTONOSUPPORT();
    /** C's {@code EPROTOTYPE}. */
    public static final int EPROTOTYPE = sockets_h.EPROTOTYPE();
    /** C's {@code ERANGE}. */
    public static final int ERANGE = sockets_h.ERANGE();
    /** C's {@code EREMCHG}. */
    public static final int EREMCHG = sockets_h.EREMCHG();
    /** C's {@code EREMOTE}. */
    public static final int EREMOTE = sockets_h.EREMOTE();
    /** C's {@code EREMOTEIO}. */
    public static final int EREMOTEIO = sockets_h.EREMOTEIO();
    /** C's {@code ERESTART}. */
    public static final int ERESTART = sockets_h.ERESTART();
    /** C's {@code ERFKILL}. */
    public static final int ERFKILL = sockets_h.ERFKILL();
    /** C's {@code EROFS}. */
    public static final int EROFS = sockets_h.EROFS();
    /** C's {@code ESHUTDOWN}. */
    public static final int ESHUTDOWN = sockets_h.ESHUTDOWN();
    /** C's {@code ESOCKTNOSUPPORT}. */
    public static final int ESOCKTNOSUPPORT = sockets_h.ESOCKTNOSUPPORT();
    /** C's {@code ESPIPE}. */
    public static final int ESPIPE = sockets_h.ESPIPE();
    /** C's {@code ESRCH}. */
    public static final int ESRCH = sockets_h.ESRCH();
    /** C's {@code ESRMNT}. */
    public static final int ESRMNT = sockets_h.ESRMNT();
    /** C's {@code ESTALE}. */
    public static final int ESTALE = sockets_h.ESTALE();
    /** C's {@code ESTRPIPE}. */
    public static final int ESTRPIPE = sockets_h.ESTRPIPE();
    /** C's {@code ETIME}. */
    public static final int ETIME = sockets_h.ETIME();
    /** C's {@code ETIMEDOUT}. */
    public static final int ETIMEDOUT = sockets_h.ETIMEDOUT();
    /** C's {@code ETOOMANYREFS}. */
    public static final int ETOOMANYREFS = sockets_h.ETOOMANYREFS();
    /** C's {@code ETXTBSY}. */
    public static final int ETXTBSY = sockets_h.ETXTBSY();
    /** C's {@code EUCLEAN}. */
    public static final int EUCLEAN = sockets_h.EUCLEAN();
    /** C's {@code EUNATCH}. */
    public static final int EUNATCH = sockets_h.EUNATCH();
    /** C's {@code EUSERS}. */
    public static final int EUSERS = sockets_h.EUSERS();
    /** C's {@code EWOULDBLOCK}. */
    public static final int EWOULDBLOCK = sockets_h.EWOULDBLOCK();
    /** C's {@code EXDEV}. */
    public static final int EXDEV = sockets_h.EXDEV();
    /** C's {@code EXFULL}. */
    public static final int EXFULL = sockets_h.EXFULL();
}
