/**
 * panama-sockets: the Berkeley sockets API for Java 22+, through the Foreign Function and Memory API.
 *
 * <p>{@code io.github.panamasockets} is the idiomatic layer: {@link io.github.panamasockets.PosixSocket},
 * the typed addresses and the errno-carrying exceptions. {@code io.github.panamasockets.bindings.linux.x86_64}
 * and {@code io.github.panamasockets.bindings.linux.aarch64} are jextract's raw output for the socket headers of
 * each platform, exported as-is for jshell exploration; use the one of the platform you run on.
 *
 * <p>Grant native access to this module: {@code --enable-native-access=io.github.panamasockets}.
 *
 * <p>Not exported: {@code io.github.panamasockets.internal}, the machinery, and
 * {@code io.github.panamasockets.examples}, the C seed program's port, which {@code java -jar} runs.
 */
module io.github.panamasockets {
    // jdk.net.ExtendedSocketOptions: TCP_KEEPIDLE, TCP_QUICKACK, SO_PEERCRED, ... map onto PosixSocket options.
    requires jdk.net;

    exports io.github.panamasockets;
    exports io.github.panamasockets.bindings.linux.x86_64;
    exports io.github.panamasockets.bindings.linux.aarch64;
}
