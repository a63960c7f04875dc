package io.github.panamasockets.internal;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

/**
 * strace for the library: when the {@code panama.trace} system property is {@code true} at start-up, every C
 * call made through {@link NativeCall}'s handles is logged, after it returns, to the {@link System.Logger}
 * named {@value #LOGGER_NAME} at level {@code INFO}:
 *
 * <pre>{@code
 * socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0) = 5
 * bind(5, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
 * connect(6, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)
 * getsockopt(7, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
 * shutdown(7, SHUT_WR) = 0
 * recv(7, <64 bytes>, 64, MSG_DONTWAIT) = 5
 * }</pre>
 *
 * <p>The switch is read once, by {@link NativeCall} as it makes its handles: only when it is on is a handle
 * wrapped by {@link #wrap}. Off, the handles are exactly those made without tracing, so the hot path carries
 * no test at all, not even of a constant.
 *
 * <p>Formatting never calls C code that is traced itself: addresses are decoded in Java ({@link TraceFormat}),
 * and the errno names come from {@code strerrorname_np}, which is left untraced. The errno in the call's
 * capture state is restored after the line is written, so that what the library reads afterwards is the
 * call's own errno whatever logging did meanwhile.
 */
final class Trace {
    /** The logger's name. */
    static final String LOGGER_NAME = "io.github.panamasockets.trace";

    /**
     * C library lookups that reach no kernel and that formatting a line itself uses (errno and EAI texts):
     * tracing them would print two lines of noise after every failure.
     */
    private static final Set<String> UNTRACED = Set.of("strerrorname_np", "strerrordesc_np", "gai_strerror");

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);
    private static final long ERRNO_OFFSET =
            NativeCall.CAPTURE_STATE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    /** Set while this thread writes a line: a call made by a logging backend is run, not traced again. */
    private static final ThreadLocal<boolean[]> WRITING = ThreadLocal.withInitial(() -> new boolean[1]);
    private static final MethodHandle INVOKE_TRACED;

    static {
        try {
            INVOKE_TRACED = MethodHandles.lookup().findStatic(Trace.class, "invokeTraced",
                    MethodType.methodType(Object.class, String.class, MethodHandle.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Trace() {}

    /**
     * Wraps a capturing downcall handle (capture state first, then the C arguments) so that each call is
     * logged after it returns.
     *
     * @param name the C name
     * @param target the handle, with its fault-injection seam
     * @return a handle of the same type
     */
    static MethodHandle wrap(String name, MethodHandle target) {
        if (UNTRACED.contains(name)) {
            return target;
        }
        MethodType type = target.type();
        return MethodHandles.insertArguments(INVOKE_TRACED, 0, name, target)
                .asCollector(Object[].class, type.parameterCount())
                .asType(type);
    }

    private static Object invokeTraced(String name, MethodHandle target, Object[] args) throws Throwable {
        Object result = target.invokeWithArguments(args);
        boolean[] writing = WRITING.get();
        if (writing[0] || !LOG.isLoggable(System.Logger.Level.INFO)) {
            return result;
        }
        MemorySegment callState = (MemorySegment) args[0];
        int errno = callState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        writing[0] = true;
        try {
            LOG.log(System.Logger.Level.INFO, TraceFormat.line(name, args, result, errno));
        } catch (RuntimeException e) {
            // A trace line must never change what the call returns; a failing formatter or backend loses the line.
        } finally {
            writing[0] = false;
            callState.set(ValueLayout.JAVA_INT, ERRNO_OFFSET, errno);
        }
        return result;
    }
}
