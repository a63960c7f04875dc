package io.github.panamasockets.examples;

import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;

import io.github.panamasockets.AddrInfo;
import io.github.panamasockets.Netdb;
import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.ResolverException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The classic UDP "talker", ported line for line with {@link PosixSocket}: it finds the host's datagram address
 * with {@code getaddrinfo}, makes a socket for the first entry that allows one, sends the message in one
 * {@code sendto} and says how many bytes went. Its partner is {@link UdpListener}. The C it ports is in the
 * comments, call for call; exit statuses are C's.
 *
 * <p>Changes, marked {@code CHANGE}: the port is an argument, and the output streams are parameters. Give it an
 * address literal or {@code localhost} unless a name lookup on the network is intended.
 */
public final class UdpTalker {
    private UdpTalker() {}

    /**
     * Runs the talker.
     *
     * @param argv C's {@code argv} without the program name: the host, the port (CHANGE) and the message
     * @param out standard output (CHANGE)
     * @param err standard error (CHANGE)
     * @return the exit status: 0, 1 for usage or a failed {@code getaddrinfo}, 2 when no socket could be made
     * @throws IOException where the C program would {@code perror} and exit ({@code sendto})
     */
    public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        PosixSocket sockfd = null;                                                       // int sockfd;
        if (argv.length != 3) {                                                          // if (argc != 3) {
            err.println("usage: talker hostname port message");                          //     fprintf(stderr, "usage: talker hostname message\n");
            return 1;                                                                    //     exit(1); }
        }
        AddrInfo.Hints hints = AddrInfo.Hints.of(AF_UNSPEC, SOCK_DGRAM);                 // memset(&hints, 0, sizeof hints); ai_family = AF_UNSPEC; ai_socktype = SOCK_DGRAM;
        List<AddrInfo> servinfo;
        try {
            servinfo = Netdb.getaddrinfo(argv[0], argv[1], hints);                       // if ((rv = getaddrinfo(argv[1], SERVERPORT, &hints, &servinfo)) != 0) {
        } catch (ResolverException e) {
            err.println("getaddrinfo: " + Netdb.gai_strerror(e.eai()));                  //     fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(rv));
            return 1;                                                                    //     return 1; }
        }
        AddrInfo p = null;
        for (AddrInfo entry : servinfo) {                                                // for (p = servinfo; p != NULL; p = p->ai_next) {
            try {
                sockfd = PosixSocket.socket(entry.family(), entry.socktype(), entry.protocol()); // if ((sockfd = socket(...)) == -1) {
            } catch (IOException e) {
                err.println("talker: socket: " + e.getMessage());                        //         perror("talker: socket");
                continue;                                                                //         continue; }
            }
            p = entry;
            break;                                                                       //     break; }
        }
        if (sockfd == null) {                                                            // if (p == NULL) {
            err.println("talker: failed to create socket");                              //     fprintf(stderr, "talker: failed to create socket\n");
            return 2;                                                                    //     return 2; }
        }
        try (PosixSocket s = sockfd) {
            byte[] message = argv[2].getBytes(StandardCharsets.UTF_8);
            int numbytes = s.sendto(message, 0, message.length, 0, p.address());         // if ((numbytes = sendto(sockfd, argv[2], strlen(argv[2]), 0,
                                                                                         //         p->ai_addr, p->ai_addrlen)) == -1) -> exception
                                                                                         // freeaddrinfo(servinfo): getaddrinfo freed it already
            out.println("talker: sent " + numbytes + " bytes to " + argv[0]);            // printf("talker: sent %d bytes to %s\n", numbytes, argv[1]);
        }                                                                                // close(sockfd);
        return 0;                                                                        // return 0;
    }

    /**
     * The program's {@code main}.
     *
     * @param args the host, the port and the message
     * @throws IOException as {@link #run}
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }
}
