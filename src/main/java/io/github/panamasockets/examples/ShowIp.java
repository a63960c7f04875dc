package io.github.panamasockets.examples;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;

import io.github.panamasockets.AddrInfo;
import io.github.panamasockets.ArpaInet;
import io.github.panamasockets.Netdb;
import io.github.panamasockets.ResolverException;
import io.github.panamasockets.SockaddrIn;
import io.github.panamasockets.SockaddrIn6;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The classic "show the addresses of a host" program of every sockets tutorial, ported line for line: it asks
 * {@code getaddrinfo} for a host's stream-socket addresses, of any family, and prints each with
 * {@code inet_ntop}. The C it ports is in the comments, call for call; exit statuses are C's (1 for usage, 2 for a
 * resolver failure). One change, marked {@code CHANGE}: the output streams are parameters, for the test.
 *
 * <p>Give it an address literal or {@code localhost} unless a name lookup on the network is intended: any other
 * name goes to the system's resolver, as it would in C.
 */
public final class ShowIp {
    private ShowIp() {}

    /**
     * Runs the program.
     *
     * @param argv C's {@code argv} without the program name: one host
     * @param out standard output (CHANGE: a parameter)
     * @param err standard error (CHANGE: a parameter)
     * @return the exit status: 0, 1 for usage, 2 when {@code getaddrinfo} fails
     * @throws IOException when {@code inet_ntop} fails, which C would not check
     */
    public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        List<AddrInfo> res;                                                      // struct addrinfo hints, *res, *p;
                                                                                 // char ipstr[INET6_ADDRSTRLEN];
        if (argv.length != 1) {                                                  // if (argc != 2) {
            err.println("usage: showip hostname");                               //     fprintf(stderr, "usage: showip hostname\n");
            return 1;                                                            //     return 1; }
        }
        AddrInfo.Hints hints = AddrInfo.Hints.of(AF_UNSPEC, SOCK_STREAM);        // memset(&hints, 0, sizeof hints); hints.ai_family = AF_UNSPEC;
                                                                                 // hints.ai_socktype = SOCK_STREAM;
        try {
            res = Netdb.getaddrinfo(argv[0], null, hints);                       // if ((status = getaddrinfo(argv[1], NULL, &hints, &res)) != 0) {
        } catch (ResolverException e) {
            err.println("getaddrinfo: " + Netdb.gai_strerror(e.eai()));          //     fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(status));
            return 2;                                                            //     return 2; }
        }

        out.println("IP addresses for " + argv[0] + ":");                        // printf("IP addresses for %s:\n\n", argv[1]);
        out.println();

        for (AddrInfo p : res) {                                                 // for (p = res; p != NULL; p = p->ai_next) {
            MemorySegment addr;                                                  //     void *addr;
            String ipver;                                                        //     char *ipver;
            if (p.family() == AF_INET) {                                         //     if (p->ai_family == AF_INET) {
                SockaddrIn ipv4 = (SockaddrIn) p.address();                      //         struct sockaddr_in *ipv4 = (struct sockaddr_in *)p->ai_addr;
                addr = ipv4.sin_addr();                                          //         addr = &(ipv4->sin_addr);
                ipver = "IPv4";                                                  //         ipver = "IPv4";
            } else {                                                             //     } else {
                SockaddrIn6 ipv6 = (SockaddrIn6) p.address();                    //         struct sockaddr_in6 *ipv6 = (struct sockaddr_in6 *)p->ai_addr;
                addr = ipv6.sin6_addr();                                         //         addr = &(ipv6->sin6_addr);
                ipver = "IPv6";                                                  //         ipver = "IPv6"; }
            }
            String ipstr = ArpaInet.inet_ntop(p.family(), addr);                 //     inet_ntop(p->ai_family, addr, ipstr, sizeof ipstr);
            out.println("  " + ipver + ": " + ipstr);                            //     printf("  %s: %s\n", ipver, ipstr);
        }                                                                        // }
                                                                                 // freeaddrinfo(res): getaddrinfo freed it already
        return 0;                                                                // return 0;
    }

    /**
     * The program's {@code main}.
     *
     * @param args one host
     * @throws IOException as {@link #run}
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }
}
