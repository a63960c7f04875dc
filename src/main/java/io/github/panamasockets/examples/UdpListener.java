package io.github.panamasockets.examples;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static io.github.panamasockets.SocketConstants.AI_NUMERICHOST;
import static io.github.panamasockets.SocketConstants.AI_PASSIVE;
import static io.github.panamasockets.SocketConstants.SOCK_DGRAM;

import io.github.panamasockets.AddrInfo;
import io.github.panamasockets.ArpaInet;
import io.github.panamasockets.Netdb;
import io.github.panamasockets.PosixSocket;
import io.github.panamasockets.ResolverException;
import io.github.panamasockets.SockAddr;
import io.github.panamasockets.SockaddrIn;
import io.github.panamasockets.SockaddrIn6;
import io.github.panamasockets.SockaddrStorage;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The classic UDP "listener", ported line for line with {@link PosixSocket}: it binds a datagram socket found with
 * {@code getaddrinfo}, waits for one datagram, prints who sent it, how long it is and what it holds, and exits. Its
 * partner is {@link UdpTalker}. The C it ports is in the comments, call for call.
 *
 * <p>Changes, marked {@code CHANGE}: it binds 127.0.0.1 (with {@code AI_NUMERICHOST}) instead of every address,
 * on the port given (0 lets the kernel choose, read back with {@code getsockname}), and its {@code printf} lines
 * go to a consumer.
 */
public final class UdpListener {
    private UdpListener() {}

    private static final int MAXBUFLEN = 100;                                            // #define MAXBUFLEN 100

    /**
     * Runs the listener.
     *
     * @param port the port to bind; 0 for any free one (CHANGE)
     * @param onBound told the port once the socket is bound (CHANGE)
     * @param printf told each line the C program prints (CHANGE)
     * @return the exit status: 0, 1 when {@code getaddrinfo} fails, 2 when no socket could be bound
     * @throws IOException where the C program would {@code perror} and exit ({@code recvfrom})
     */
    public static int run(int port, IntConsumer onBound, Consumer<String> printf) throws IOException {
        PosixSocket sockfd = null;                                                       // int sockfd;
        byte[] buf = new byte[MAXBUFLEN];                                                // char buf[MAXBUFLEN];
        AddrInfo.Hints hints = AddrInfo.Hints.of(AF_UNSPEC, SOCK_DGRAM)                  // memset(&hints, 0, sizeof hints); ai_family = AF_UNSPEC;
                .withFlags(AI_PASSIVE | AI_NUMERICHOST);                                 // ai_socktype = SOCK_DGRAM; ai_flags = AI_PASSIVE;
        List<AddrInfo> servinfo;
        try {
            servinfo = Netdb.getaddrinfo("127.0.0.1", Integer.toString(port), hints);    // if ((rv = getaddrinfo(NULL, MYPORT, &hints, &servinfo)) != 0) {  CHANGE: 127.0.0.1
        } catch (ResolverException e) {
            System.err.println("getaddrinfo: " + Netdb.gai_strerror(e.eai()));          //     fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(rv));
            return 1;                                                                    //     return 1; }
        }
        for (AddrInfo p : servinfo) {                                                    // for (p = servinfo; p != NULL; p = p->ai_next) {
            try {
                sockfd = PosixSocket.socket(p.family(), p.socktype(), p.protocol());     //     if ((sockfd = socket(p->ai_family, p->ai_socktype, p->ai_protocol)) == -1) {
            } catch (IOException e) {
                System.err.println("listener: socket: " + e.getMessage());               //         perror("listener: socket");
                continue;                                                                //         continue; }
            }
            try {
                sockfd.bind(p.address());                                                //     if (bind(sockfd, p->ai_addr, p->ai_addrlen) == -1) {
            } catch (IOException e) {
                sockfd.close();                                                          //         close(sockfd);
                sockfd = null;
                System.err.println("listener: bind: " + e.getMessage());                 //         perror("listener: bind");
                continue;                                                                //         continue; }
            }
            break;                                                                       //     break; }
        }
        if (sockfd == null) {                                                            // if (p == NULL) {
            System.err.println("listener: failed to bind socket");                       //     fprintf(stderr, "listener: failed to bind socket\n");
            return 2;                                                                    //     return 2; }
        }
                                                                                         // freeaddrinfo(servinfo): getaddrinfo freed it already
        try (PosixSocket s = sockfd) {
            onBound.accept(((SockaddrIn) s.getsockname()).port());                       // CHANGE: say which port
            printf.accept("listener: waiting to recvfrom...");                           // printf("listener: waiting to recvfrom...\n");

            SockaddrStorage theirAddr = SockaddrStorage.allocate();                      // struct sockaddr_storage their_addr; addr_len = sizeof their_addr;
            int numbytes = s.recvfrom(buf, 0, MAXBUFLEN - 1, 0, theirAddr);              // if ((numbytes = recvfrom(sockfd, buf, MAXBUFLEN-1, 0,
                                                                                         //         (struct sockaddr *)&their_addr, &addr_len)) == -1) -> exception
            printf.accept("listener: got packet from "                                   // printf("listener: got packet from %s\n",
                    + ArpaInet.inet_ntop(theirAddr.ss_family(), getInAddr(theirAddr.decode()))); //  inet_ntop(their_addr.ss_family, get_in_addr(...), s, sizeof s));
            printf.accept("listener: packet is " + numbytes + " bytes long");            // printf("listener: packet is %d bytes long\n", numbytes);
            String text = new String(buf, 0, numbytes, StandardCharsets.UTF_8);          // buf[numbytes] = '\0';
            printf.accept("listener: packet contains \"" + text + "\"");                 // printf("listener: packet contains \"%s\"\n", buf);
        }                                                                                // close(sockfd);
        return 0;                                                                        // return 0;
    }

    /** {@code get_in_addr()}: the address inside a {@code sockaddr}, IPv4 or IPv6. */
    private static MemorySegment getInAddr(SockAddr sa) {
        if (sa.family() == AF_INET) {                                                    // if (sa->sa_family == AF_INET)
            return ((SockaddrIn) sa).sin_addr();                                         //     return &(((struct sockaddr_in*)sa)->sin_addr);
        }
        return ((SockaddrIn6) sa).sin6_addr();                                           // return &(((struct sockaddr_in6*)sa)->sin6_addr);
    }
}
