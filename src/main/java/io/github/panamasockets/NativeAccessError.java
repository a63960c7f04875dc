package io.github.panamasockets;

/**
 * Thrown on the first use of the library when the JVM denies it native access
 * ({@code --illegal-native-access=deny}, the JDK's announced default to come), instead of an
 * {@link ExceptionInInitializerError} deep in a class initializer. Its message names the flag to add: on the
 * module path {@code --enable-native-access=io.github.panamasockets}, on the class path
 * {@code --enable-native-access=ALL-UNNAMED}; for an executable jar the manifest attribute
 * {@code Enable-Native-Access: ALL-UNNAMED} does it.
 *
 * <p>It is an {@link Error}, as a missing native library is: the program cannot go on without a change to how
 * it is started, and being an error it reaches the caller as it is, where any other throwable from a class
 * initializer would arrive wrapped. A later attempt throws {@link NoClassDefFoundError}, whose cause repeats
 * this message. The JDK's own {@link IllegalCallerException} is its cause.
 *
 * {@snippet :
 * // java --illegal-native-access=deny -cp panama-sockets.jar:. App      (no grant)
 * PosixSocket s = PosixSocket.socket(AF_INET, SOCK_STREAM, 0);
 * // io.github.panamasockets.NativeAccessError: panama-sockets needs native access, and this JVM denies it to
 * // the unnamed module: add --enable-native-access=ALL-UNNAMED to the java command line ...
 * }
 */
public final class NativeAccessError extends Error {
    private static final long serialVersionUID = 1L;

    /**
     * An error with the message and the JDK's refusal.
     *
     * @param message what was denied and the flag that grants it
     * @param cause the JDK's refusal
     */
    public NativeAccessError(String message, Throwable cause) {
        super(message, cause);
    }
}
