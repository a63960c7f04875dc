package io.github.panamasockets.internal;

import io.github.panamasockets.Errno;
import io.github.panamasockets.ResolverException;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The native-call helper: the only place that makes downcall handles, reads errno, and turns a failure into
 * an exception. Data flows one way: public API, then {@link Libc} (one small wrapper per C function), then
 * this class, then jextract's generated bindings, then libc.
 *
 * <p>A handle is made from the address and descriptor that {@link PlatformTables} gives for the C name on the
 * platform the JVM runs on (for a variadic function, the descriptor of its fixed arguments with the layouts of the
 * variadic ones appended) with
 * {@link Linker.Option#captureCallState(String...) captureCallState("errno")}: the C library's errno is
 * copied into a caller-supplied segment right after the call, before the JVM can overwrite it. That segment
 * is the calling thread's {@link Scratch#callState}, so a call allocates nothing.
 *
 * <p>Each handle also passes through {@link FaultInjection}, a seam through which a test makes any call fail
 * with a chosen errno; while no test has used it, the seam is a {@link java.lang.invoke.SwitchPoint} that
 * costs nothing.
 *
 * <p>With {@code -Dpanama.trace=true} every handle is also wrapped by {@link Trace}, which logs each call like
 * strace does. The property is read once, here, as the handles are made: without it the handles are the same
 * as if tracing did not exist, so the switch costs the hot path nothing, not even a test of a constant.
 *
 * <p>Failure conventions are not all {@code -1} and errno, so the wrappers in {@link Libc} decide what a
 * result means and call {@link #fail} only for a real errno failure; {@code inet_pton}'s 0, {@code poll}'s 0
 * and {@code recv}'s 0 are not errors. EINTR is retried by the wrappers through {@link #interrupted} where
 * that is correct: never for {@code close} (Linux has already released the descriptor) and never by issuing
 * {@code connect} again (the wrapper waits for the connection instead).
 */
public final class NativeCall {
    static {
        Platform.check();
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** The layout of the capture-state segment. */
    public static final StructLayout CAPTURE_STATE_LAYOUT = Linker.Option.captureStateLayout();

    /**
     * Whether {@code -Dpanama.trace} is {@code true} (or given without a value), read once, before any handle is
     * made. Read here rather than in {@link Trace} so that, when off, that class is never even loaded.
     */
    private static final boolean TRACE = traceSwitch();

    private static final VarHandle ERRNO = CAPTURE_STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final int EINTR = Errno.EINTR;
    private static final int EAGAIN = Errno.EAGAIN;
    private static final int EWOULDBLOCK = Errno.EWOULDBLOCK;

    /** C's {@code int}, as the linker lays it out on this platform: a variadic argument's layout. */
    public static final MemoryLayout C_INT = LINKER.canonicalLayouts().get("int");
    /** C's {@code void *}, as the linker lays it out on this platform: a variadic argument's layout. */
    public static final MemoryLayout C_POINTER = LINKER.canonicalLayouts().get("void*");

    private NativeCall() {}

    /**
     * A downcall handle for an allow-listed C function of this platform that captures errno, as
     * {@link #downcall(String, MemorySegment, FunctionDescriptor)}.
     *
     * <p>The descriptor is the current platform's, from its generated table, since a function's descriptor may
     * differ between platforms. The address is that table's too (the generated {@code $address()}), rather than
     * {@code Linker.nativeLinker().defaultLookup()}: it resolves the symbol exactly as the generated bindings do
     * (the class loader's libraries first, then the C library), so the library and code calling the bindings
     * directly always reach the same function, and the symbol is looked up once, by the class that holds it.
     *
     * @param name the function's C name, allow-listed in the bindings
     * @return the handle
     * @throws IllegalArgumentException if the name is not an allow-listed function
     */
    public static MethodHandle downcall(String name) {
        return downcall(name, PlatformTables.address(name), PlatformTables.descriptor(name));
    }

    /**
     * A downcall handle for a C function that captures errno. Its type is the function's, with a leading
     * {@code MemorySegment} for the capture state (pass {@link Scratch#callState}).
     *
     * @param name the C name, used in exceptions and by the fault-injection seam
     * @param address the function's address, such as {@link PlatformTables#address(String)} gives
     * @param descriptor its descriptor, such as {@link PlatformTables#descriptor(String)} gives
     * @return the handle
     */
    public static MethodHandle downcall(String name, MemorySegment address, FunctionDescriptor descriptor) {
        return traced(name, FaultInjection.guard(name, LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO)));
    }

    /**
     * As {@link #downcall}, with {@link Linker.Option#critical(boolean) critical(true)}: the call may be given
     * heap memory (a {@code byte[]}'s segment) directly, with no copy, because the garbage collector is held
     * off for its duration. So it is only for calls that cannot block — {@code MSG_DONTWAIT}, non-blocking
     * descriptors: a thread blocked inside a critical call would stop every safepoint of the JVM.
     *
     * @param name the C name of an allow-listed function
     * @return the handle
     */
    public static MethodHandle downcallCritical(String name) {
        return traced(name, FaultInjection.guard(name, LINKER.downcallHandle(PlatformTables.address(name),
                PlatformTables.descriptor(name), CAPTURE_ERRNO,
                Linker.Option.critical(true))));
    }

    /**
     * As {@link #downcall}, for a variadic function such as {@code fcntl} or {@code ioctl}, whose descriptor is
     * specialized for the argument types of one call: the descriptor of its fixed arguments, from this platform's
     * table, followed by {@code variadic}.
     *
     * @param name the C name of an allow-listed variadic function
     * @param variadic the layouts of the variadic arguments this handle passes, such as {@link #C_INT}
     * @return the handle
     */
    public static MethodHandle downcallVariadic(String name, MemoryLayout... variadic) {
        FunctionDescriptor fixed = PlatformTables.descriptor(name);
        return traced(name, FaultInjection.guard(name, LINKER.downcallHandle(PlatformTables.address(name),
                fixed.appendArgumentLayouts(variadic), CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(fixed.argumentLayouts().size()))));
    }

    /**
     * As {@link #downcall}, with {@code holds} extra pointer arguments after the function's own, which the C
     * function never reads: passing a segment there makes the linker keep its arena open for the call, as for any
     * argument (see {@link ScopeHolds}). Sound only for a non-variadic function on a calling convention where the
     * caller places and removes the arguments — SysV x86-64 and AAPCS64, the ones the library runs on — so that the
     * callee ignores arguments it does not declare. Pass {@link MemorySegment#NULL} for an unused place.
     *
     * @param name the C name of an allow-listed function; faults injected for it and its trace apply to this handle too
     * @param holds how many extra pointer arguments, at least 1
     * @return the handle: capture state, the function's arguments, then {@code holds} segments
     */
    public static MethodHandle downcallHolding(String name, int holds) {
        MemoryLayout[] extra = new MemoryLayout[holds];
        java.util.Arrays.fill(extra, java.lang.foreign.ValueLayout.ADDRESS);
        return downcall(name, PlatformTables.address(name), PlatformTables.descriptor(name).appendArgumentLayouts(extra));
    }

    private static boolean traceSwitch() {
        String value = System.getProperty("panama.trace");
        return value != null && (value.isEmpty() || value.equalsIgnoreCase("true"));
    }

    /** The tracing wrapper when the switch is on; the handle itself otherwise. Outermost, so faked calls show too. */
    private static MethodHandle traced(String name, MethodHandle handle) {
        return TRACE ? Trace.wrap(name, handle) : handle;
    }

    /**
     * @param callState a capture-state segment after a call
     * @return the errno it captured
     */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /**
     * Whether a call that returned its failure value was interrupted by a signal and should be issued again.
     *
     * @param callState the call's capture state
     * @return {@code true} for EINTR
     */
    public static boolean interrupted(MemorySegment callState) {
        return errno(callState) == EINTR;
    }

    /**
     * The exception for a call that failed with the errno in {@code callState}.
     *
     * @param call the C function
     * @param callState its capture state
     * @param detail what it was given (an address, a path), or {@code null}; turned into text only here,
     *               on failure, so that callers pass it without formatting anything on the fast path
     * @return the exception, to be thrown by the caller
     */
    public static IOException fail(String call, MemorySegment callState, Object detail) {
        return ErrnoExceptions.of(call, errno(callState), detail == null ? null : detail.toString());
    }

    /**
     * The exception for the errno this thread's latest call captured, for a wrapper's caller that learnt of the
     * failure from a {@code -1} the wrapper returned (EAGAIN, EINPROGRESS) rather than from an exception. Nothing
     * else writes the thread's capture state, so it still holds that call's errno.
     *
     * @param call the C function
     * @param detail what it was given, or {@code null}
     * @return the exception, to be thrown by the caller
     */
    public static IOException failLast(String call, Object detail) {
        return fail(call, Scratch.get().callState, detail);
    }

    /**
     * The exception for a call that reports failure by returning an error number rather than by {@code -1} and
     * errno ({@code getservbyname_r}, {@code pthread_kill}): the number is an errno value all the same.
     *
     * @param call the C function
     * @param error the number it returned
     * @param detail what it was given, or {@code null}
     * @return the exception, to be thrown by the caller
     */
    public static IOException failReturned(String call, int error, Object detail) {
        return ErrnoExceptions.of(call, error, detail == null ? null : detail.toString());
    }

    /**
     * The exception for a resolver call ({@code getaddrinfo}, {@code getnameinfo}) that returned an EAI code
     * rather than {@code -1}; errno in {@code callState} matters only for {@code EAI_SYSTEM}.
     *
     * @param call the C function
     * @param eai the code it returned
     * @param callState its capture state
     * @param detail what it was asked, or {@code null}
     * @return the exception, to be thrown by the caller
     */
    public static ResolverException failEai(String call, int eai, MemorySegment callState, Object detail) {
        return ErrnoExceptions.ofEai(call, eai, errno(callState), detail == null ? null : detail.toString());
    }

    /**
     * Checks an {@code int} result of a call that fails with {@code -1} and errno.
     *
     * @param call the C function
     * @param result what it returned
     * @param callState its capture state
     * @return {@code result} when it is not {@code -1}
     * @throws IOException the errno's exception otherwise
     */
    public static int check(String call, int result, MemorySegment callState) throws IOException {
        if (result == -1) {
            throw fail(call, callState, null);
        }
        return result;
    }

    /**
     * As {@link #check(String, int, MemorySegment)}, for {@code ssize_t} results.
     *
     * @param call the C function
     * @param result what it returned
     * @param callState its capture state
     * @return {@code result} when it is not {@code -1}
     * @throws IOException the errno's exception otherwise
     */
    public static long check(String call, long result, MemorySegment callState) throws IOException {
        if (result == -1) {
            throw fail(call, callState, null);
        }
        return result;
    }

    /**
     * Checks the result of a call that may find nothing to do on a non-blocking socket: {@code -1} with
     * {@code EAGAIN}/{@code EWOULDBLOCK} is returned as {@code -1}, for the caller to wait or report "would
     * block" without the cost of an exception; {@code -1} with any other errno throws.
     *
     * @param call the C function
     * @param result what it returned
     * @param callState its capture state
     * @param detail what it was given, or {@code null}
     * @return {@code result}, which is {@code -1} only for EAGAIN
     * @throws IOException the errno's exception for any other failure
     */
    public static long checkWouldBlock(String call, long result, MemorySegment callState, Object detail)
            throws IOException {
        if (result == -1 && !wouldBlock(callState)) {
            throw fail(call, callState, detail);
        }
        return result;
    }

    /** As {@link #checkWouldBlock(String, long, MemorySegment, Object)} for {@code int} results. */
    public static int checkWouldBlock(String call, int result, MemorySegment callState, Object detail)
            throws IOException {
        if (result == -1 && !wouldBlock(callState)) {
            throw fail(call, callState, detail);
        }
        return result;
    }

    private static boolean wouldBlock(MemorySegment callState) {
        int errno = errno(callState);
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }

    /**
     * What a wrapper throws when {@code invokeExact} throws: a downcall itself cannot fail with a checked
     * exception, so anything else is a bug (a wrong handle type) and is rethrown as it is.
     *
     * @param t what the handle threw
     * @return never returns normally for errors and runtime exceptions; an {@link AssertionError} otherwise
     */
    public static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("a downcall threw a checked exception", t);
    }
}
