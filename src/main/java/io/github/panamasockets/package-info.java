/**
 * The Berkeley sockets API, idiomatic Java: {@link io.github.panamasockets.PosixSocket} is one socket whose
 * methods are the C calls of the same names ({@code socket}, {@code bind}, {@code listen}, {@code accept},
 * {@code connect}, {@code send}, {@code recv}, ...), and a {@link java.io.Closeable}.
 *
 * <ul>
 *   <li><b>Addresses</b>: {@link io.github.panamasockets.SockaddrIn}, {@link io.github.panamasockets.SockaddrIn6},
 *       {@link io.github.panamasockets.SockaddrUn} and {@link io.github.panamasockets.SockaddrStorage}, structs in
 *       native memory with C's field names that convert to and from the JDK's {@code InetSocketAddress} and
 *       {@code UnixDomainSocketAddress}; {@link io.github.panamasockets.ArpaInet} has {@code htons},
 *       {@code inet_pton} and the rest of {@code <arpa/inet.h>}.</li>
 *   <li><b>Constants</b>: {@link io.github.panamasockets.SocketConstants} and {@link io.github.panamasockets.Errno},
 *       named as in C, read from the generated bindings of the platform.</li>
 *   <li><b>Errors</b>: a C failure is an exception naming the call and the errno, implementing
 *       {@link io.github.panamasockets.PosixError} and extending the JDK's class where one fits.</li>
 *   <li><b>Readiness</b>: {@link io.github.panamasockets.PollSet} ({@code poll}) and
 *       {@link io.github.panamasockets.Epoll} ({@code epoll}, with attachments).</li>
 *   <li><b>Messages</b>: {@code sendmsg}/{@code recvmsg} with ancillary data as
 *       {@link io.github.panamasockets.ControlMessage} records, descriptors as
 *       {@link io.github.panamasockets.OwnedFd}s, batches with {@link io.github.panamasockets.MmsgBatch}.</li>
 *   <li><b>Options</b>: the JDK's {@code SocketOption}s and {@link io.github.panamasockets.PosixSocketOptions}.</li>
 *   <li><b>Names</b>: {@link io.github.panamasockets.Netdb} ({@code getaddrinfo}, {@code getnameinfo}).</li>
 *   <li><b>Java I/O</b>: {@link io.github.panamasockets.PosixSocketChannel} and the socket's streams.</li>
 * </ul>
 *
 * {@snippet :
 * import static io.github.panamasockets.SocketConstants.*;
 *
 * try (PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
 *     s.connect(SockaddrIn.of("127.0.0.1", 8080));
 *     s.send("hello".getBytes(), 0);
 * }
 * }
 *
 * <p>The library needs native access: {@code --enable-native-access=io.github.panamasockets} on the module
 * path, {@code --enable-native-access=ALL-UNNAMED} on the class path; without it, under
 * {@code --illegal-native-access=deny}, the first use throws {@link io.github.panamasockets.NativeAccessError}.
 */
package io.github.panamasockets;
