package io.github.panamasockets.examples;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.AF_UNSPEC;
import static io.github.panamasockets.SocketConstants.AI_NUMERICHOST;
import static io.github.panamasockets.SocketConstants.AI_PASSIVE;
import static io.github.panamasockets.SocketConstants.POLLHUP;
import static io.github.panamasockets.SocketConstants.POLLIN;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static io.github.panamasockets.SocketConstants.SOL_SOCKET;
import static io.github.panamasockets.SocketConstants.SO_REUSEADDR;

import io.github.panamasockets.AddrInfo;
import io.github.panamasockets.ArpaInet;
import io.github.panamasockets.Errno;
import io.github.panamasockets.Netdb;
import io.github.panamasockets.Posix;
import io.github.panamasockets.ResolverException;
import io.github.panamasockets.bindings.linux.x86_64.pollfd;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_in6;
import io.github.panamasockets.bindings.linux.x86_64.sockaddr_storage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The classic {@code poll(2)} chat server, ported line for line on {@code int} descriptors with {@link Posix}: one
 * listening socket and every client in one {@code struct pollfd} array that grows as clients come; what a client
 * sends goes to every other client; a client that hangs up is closed and removed. The C it ports is in the
 * comments, call for call; a failed call prints {@code perror}'s line and goes on, as the C does.
 *
 * <p>Changes, marked {@code CHANGE}: it listens on 127.0.0.1 (with {@code AI_NUMERICHOST}) instead of every
 * address, on the port given (0 lets the kernel choose, read back with {@code getsockname}); it returns once a given
 * number of clients have come and hung up, instead of looping forever; and its {@code printf} lines go to a
 * consumer. One difference is the JVM's, not the port's: a send to a client that has gone fails with
 * {@code EPIPE} (printed by {@code perror}) where the C process would be killed by {@code SIGPIPE}.
 *
 * <p>The structs are the generated x86_64 classes ({@code pollfd}, {@code sockaddr_*}), as the porting guide shows
 * a C programmer: the library has no platform-neutral public accessor for a raw {@code struct pollfd} array
 * ({@link io.github.panamasockets.PollSet} is its object form), and these four layouts are the same on every
 * supported platform, as the recorded clang facts of each show.
 */
public final class PollServer {
    private PollServer() {}

    /** {@code get_listener_socket()}: a listening socket, or -1. */
    private static int getListenerSocket(int port) throws IOException {
        int listener = -1;                                                              // int listener;
        MemorySegment yes = Arena.ofAuto().allocateFrom(ValueLayout.JAVA_INT, 1);       // int yes = 1;
        AddrInfo.Hints hints = AddrInfo.Hints.of(AF_UNSPEC, SOCK_STREAM)                // memset(&hints, 0, sizeof hints); ai_family = AF_UNSPEC;
                .withFlags(AI_PASSIVE | AI_NUMERICHOST);                                // ai_socktype = SOCK_STREAM; ai_flags = AI_PASSIVE;
        java.util.List<AddrInfo> ai;
        try {
            ai = Netdb.getaddrinfo("127.0.0.1", Integer.toString(port), hints);         // getaddrinfo(NULL, PORT, &hints, &ai)   CHANGE: 127.0.0.1, the port given
        } catch (ResolverException e) {
            System.err.println("pollserver: " + Netdb.gai_strerror(e.eai()));           // fprintf(stderr, "pollserver: %s\n", gai_strerror(rv));
            return -1;                                                                  // exit(1);
        }
        AddrInfo found = null;
        for (AddrInfo p : ai) {                                                         // for (p = ai; p != NULL; p = p->ai_next) {
            try {
                listener = Posix.socket(p.family(), p.socktype(), p.protocol());        //     listener = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
            } catch (IOException e) {
                continue;                                                               //     if (listener < 0) continue;
            }
            Posix.setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, yes, Integer.BYTES);   //     setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(int));
            try {
                Posix.bind(listener, p.address().segment(), p.address().length());      //     if (bind(listener, p->ai_addr, p->ai_addrlen) < 0) {
            } catch (IOException e) {
                Posix.close(listener);                                                  //         close(listener);
                continue;                                                               //         continue; }
            }
            found = p;
            break;                                                                      //     break; }
        }
                                                                                        // freeaddrinfo(ai): getaddrinfo freed it already
        if (found == null) {                                                            // if (p == NULL) return -1;
            return -1;
        }
        Posix.listen(listener, 10);                                                     // if (listen(listener, 10) == -1) return -1;
        return listener;                                                                // return listener;
    }

    /** {@code get_in_addr()}: the address inside a {@code sockaddr}, IPv4 or IPv6. */
    private static MemorySegment getInAddr(MemorySegment sa) {
        if (sockaddr_storage.ss_family(sa) == AF_INET) {                                // if (sa->sa_family == AF_INET)
            return sockaddr_in.sin_addr(sa);                                            //     return &(((struct sockaddr_in*)sa)->sin_addr);
        }
        return sockaddr_in6.sin6_addr(sa);                                              // return &(((struct sockaddr_in6*)sa)->sin6_addr);
    }

    /**
     * Runs the server.
     *
     * @param port the port to listen on; 0 for any free one (CHANGE)
     * @param clients how many clients to serve: it returns once that many have connected and hung up (CHANGE)
     * @param onListening told the port once the socket listens (CHANGE)
     * @param printf told each line the C program prints (CHANGE)
     * @throws IOException where the C program would exit: no listening socket, or {@code poll} failing
     */
    public static void run(int port, int clients, IntConsumer onListening, Consumer<String> printf) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment remoteaddr = sockaddr_storage.allocate(arena);                // struct sockaddr_storage remoteaddr;
            MemorySegment addrlen = arena.allocate(ValueLayout.JAVA_INT);               // socklen_t addrlen;
            MemorySegment buf = arena.allocate(256);                                    // char buf[256];
            int fdCount = 0;                                                            // int fd_count = 0;
            int fdSize = 5;                                                             // int fd_size = 5;
            MemorySegment pfds = pollfd.allocateArray(fdSize, arena);                   // struct pollfd *pfds = malloc(sizeof *pfds * fd_size);

            int listener = getListenerSocket(port);                                     // listener = get_listener_socket();
            if (listener == -1) {                                                       // if (listener == -1) {
                throw new IOException("error getting listening socket");                //     fprintf(stderr, "error getting listening socket\n"); exit(1); }
            }
            onListening.accept(boundPort(listener, arena));                             // CHANGE: say which port

            pollfd.fd(pollfd.asSlice(pfds, 0), listener);                               // pfds[0].fd = listener;
            pollfd.events(pollfd.asSlice(pfds, 0), (short) POLLIN);                     // pfds[0].events = POLLIN;
            fdCount = 1;                                                                // fd_count = 1;

            int hungUp = 0;
            while (hungUp < clients) {                                                  // for (;;) {   CHANGE: until the clients have come and gone
                Posix.poll(pfds, fdCount, -1);                                          //     int poll_count = poll(pfds, fd_count, -1);  -1: perror, exit -> exception
                for (int i = 0; i < fdCount; i++) {                                     //     for (int i = 0; i < fd_count; i++) {
                    MemorySegment pi = pollfd.asSlice(pfds, i);
                    if ((pollfd.revents(pi) & (POLLIN | POLLHUP)) != 0) {               //         if (pfds[i].revents & (POLLIN | POLLHUP)) {
                        if (pollfd.fd(pi) == listener) {                                //             if (pfds[i].fd == listener) {
                            addrlen.set(ValueLayout.JAVA_INT, 0, (int) remoteaddr.byteSize()); //         addrlen = sizeof remoteaddr;
                            int newfd;
                            try {
                                newfd = Posix.accept(listener, remoteaddr, addrlen);    //                 newfd = accept(listener, (struct sockaddr *)&remoteaddr, &addrlen);
                            } catch (IOException e) {
                                Errno.perror("accept", e);                              //                 if (newfd == -1) perror("accept");
                                continue;
                            }
                            if (fdCount == fdSize) {                                    //                 add_to_pfds(&pfds, newfd, &fd_count, &fd_size):
                                fdSize *= 2;                                            //                     if (*fd_count == *fd_size) { *fd_size *= 2;
                                MemorySegment bigger = pollfd.allocateArray(fdSize, arena); //                 *pfds = realloc(*pfds, sizeof(**pfds) * (*fd_size)); }
                                bigger.copyFrom(pfds);
                                pfds = bigger;
                            }
                            pollfd.fd(pollfd.asSlice(pfds, fdCount), newfd);            //                     (*pfds)[*fd_count].fd = newfd;
                            pollfd.events(pollfd.asSlice(pfds, fdCount), (short) POLLIN); //                  (*pfds)[*fd_count].events = POLLIN;
                            pollfd.revents(pollfd.asSlice(pfds, fdCount), (short) 0);   //                     (*pfds)[*fd_count].revents = 0;
                            fdCount++;                                                  //                     (*fd_count)++;
                            printf.accept("pollserver: new connection from "            //                 printf("pollserver: new connection from %s on socket %d\n",
                                    + ArpaInet.inet_ntop(sockaddr_storage.ss_family(remoteaddr), //              inet_ntop(remoteaddr.ss_family,
                                            getInAddr(remoteaddr))                      //                           get_in_addr((struct sockaddr*)&remoteaddr), remoteIP, INET6_ADDRSTRLEN),
                                    + " on socket " + newfd);                           //                       newfd);
                        } else {                                                        //             } else {
                            int senderFd = pollfd.fd(pi);                               //                 int sender_fd = pfds[i].fd;
                            long nbytes;
                            try {
                                nbytes = Posix.recv(senderFd, buf, buf.byteSize(), 0);  //                 int nbytes = recv(pfds[i].fd, buf, sizeof buf, 0);
                            } catch (IOException e) {
                                Errno.perror("recv", e);                                //                 if (nbytes < 0) perror("recv");
                                nbytes = -1;
                            }
                            if (nbytes <= 0) {                                          //                 if (nbytes <= 0) {
                                if (nbytes == 0) {                                      //                     if (nbytes == 0)
                                    printf.accept("pollserver: socket " + senderFd + " hung up"); //           printf("pollserver: socket %d hung up\n", sender_fd);
                                }
                                Posix.close(senderFd);                                  //                     close(pfds[i].fd);
                                pollfd.asSlice(pfds, i).copyFrom(pollfd.asSlice(pfds, fdCount - 1)); //       del_from_pfds: pfds[i] = pfds[*fd_count - 1];
                                fdCount--;                                              //                     (*fd_count)--;
                                i--;                                                    //                     i--;  (look at the entry moved here)
                                hungUp++;                                               //                     CHANGE: count it
                            } else {                                                    //                 } else {
                                for (int j = 0; j < fdCount; j++) {                     //                     for (int j = 0; j < fd_count; j++) {
                                    int destFd = pollfd.fd(pollfd.asSlice(pfds, j));    //                         int dest_fd = pfds[j].fd;
                                    if (destFd != listener && destFd != senderFd) {     //                         if (dest_fd != listener && dest_fd != sender_fd) {
                                        try {
                                            Posix.send(destFd, buf, nbytes, 0);         //                             if (send(dest_fd, buf, nbytes, 0) == -1)
                                        } catch (IOException e) {
                                            Errno.perror("send", e);                    //                                 perror("send");
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < fdCount; i++) {                                         // CHANGE: the C never gets here;
                Posix.close(pollfd.fd(pollfd.asSlice(pfds, i)));                        // close the listener and any client left
            }
        }
    }

    /** CHANGE: the port the kernel chose, read with {@code getsockname}. */
    private static int boundPort(int listener, Arena arena) throws IOException {
        MemorySegment sa = sockaddr_storage.allocate(arena);
        MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) sa.byteSize());
        Posix.getsockname(listener, sa, len);
        return ArpaInet.ntohs(Short.toUnsignedInt(sockaddr_in.sin_port(sa)));          // sin_port and sin6_port share their place
    }
}
