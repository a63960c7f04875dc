/*
 * Umbrella header for panama-sockets' generated bindings.
 *
 * jextract reads this one file; the allow-list in <platform>.args decides which of the
 * symbols it reaches become Java. Compile with -D_GNU_SOURCE (set in the args file):
 * without it glibc hides accept4, sendmmsg/recvmmsg, struct ucred, struct in6_pktinfo,
 * SCM_CREDENTIALS and strerrorname_np.
 */

/* The five socket headers. */
#include <sys/types.h>

/*
 * With _GNU_SOURCE, glibc declares the sockaddr parameters of bind, connect, accept, sendto, recvfrom,
 * getsockname and getpeername as a GCC "transparent union" (__SOCKADDR_ARG). jextract would bind that as
 * a union passed by value, so the raw functions would not take a plain sockaddr pointer. glibc falls back
 * to `struct sockaddr *` when __GNUC_PREREQ(2, 7) is false; make it false for sys/socket.h alone, then
 * restore glibc's own definition (from <features.h>) for every other header.
 */
#undef __GNUC_PREREQ
#define __GNUC_PREREQ(maj, min) 0
#include <sys/socket.h>
#undef __GNUC_PREREQ
#define __GNUC_PREREQ(maj, min) ((__GNUC__ << 16) + __GNUC_MINOR__ >= ((maj) << 16) + (min))
#include <netinet/in.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netdb.h>

/* What a socket program needs besides. */
#include <unistd.h>          /* close, read, write, dup, dup2, pipe2, getpid, getuid, getgid */
#include <errno.h>           /* the E* constants */
#include <string.h>          /* strerrorname_np, strerrordesc_np: errno names and texts */
#include <fcntl.h>           /* fcntl, F_*, O_*, FD_CLOEXEC */
#include <poll.h>            /* poll, struct pollfd, POLL* */
#include <sys/epoll.h>       /* epoll_create1, epoll_ctl, epoll_wait */
#include <sys/eventfd.h>     /* eventfd: a wake-up descriptor */
#include <sys/ioctl.h>       /* ioctl, FIONREAD */
#include <sys/uio.h>         /* struct iovec, readv, writev */
#include <sys/sendfile.h>    /* sendfile */
#include <sys/stat.h>        /* fchmod, umask */
#include <sys/time.h>        /* struct timeval (SO_RCVTIMEO, SO_SNDTIMEO) */
#include <netinet/tcp.h>     /* TCP_* options, struct tcp_info */
#include <netinet/udp.h>     /* UDP_SEGMENT, UDP_GRO */
#include <net/if.h>          /* if_nametoindex, if_indextoname */
#include <linux/errqueue.h>  /* struct sock_extended_err (IP_RECVERR) */
#include <linux/net_tstamp.h>/* SOF_TIMESTAMPING_* */
#include <linux/sockios.h>   /* SIOCINQ, SIOCOUTQ */

/*
 * Waking a blocked thread. The call driver interrupts a thread blocked inside a system call (accept, connect,
 * recv, send, poll) by sending it a signal whose handler does nothing and is installed without SA_RESTART, so
 * the call returns EINTR; this is how the JDK's own NIO wakes such a thread (pthread_kill with __SIGRTMAX - 2).
 */
#include <signal.h>          /* sigaction, struct sigaction, SA_RESTART, SA_SIGINFO, __SIGRTMAX */
#include <pthread.h>         /* pthread_self; pthread_kill (declared in bits/sigthread.h via signal.h) */
