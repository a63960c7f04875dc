/**
 * jextract's raw bindings for the socket headers of Linux aarch64 with glibc ({@code <sys/socket.h>},
 * {@code <netinet/in.h>}, {@code <sys/un.h>}, {@code <arpa/inet.h>}, {@code <netdb.h>}, {@code <poll.h>},
 * {@code <sys/epoll.h>}, ...): every function, struct layout and constant as jextract writes them, for
 * exploring in jshell ({@code socket(AF_INET(), SOCK_STREAM(), 0)}). A function here returns C's {@code -1}
 * but cannot see errno; {@code io.github.panamasockets.Posix} makes the same calls with errno thrown, and
 * {@code io.github.panamasockets.PosixSocket} is the idiomatic API.
 *
 * <p>Loaded on Linux aarch64 only; on other machines its layouts and constants can be read (the tests compare
 * them with clang's), but its functions are never linked.
 *
 * <p>The classes of this package are generated from {@code jextract-config/} by
 * {@code scripts/generate-bindings} and never edited by hand; this description is the one hand-written file
 * of the package, kept apart from the generated sources.
 */
package io.github.panamasockets.bindings.linux.aarch64;
