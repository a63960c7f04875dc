package io.github.panamasockets.internal;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SwitchPoint;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The test seam of the native-call helper: makes the next calls of a C function, on the current thread, fail
 * with a chosen result and errno without reaching the kernel. Loopback cannot produce every errno
 * ({@code EHOSTUNREACH}, {@code ENETUNREACH}, a signal's {@code EINTR}), so tests inject them here and
 * check what the library makes of them.
 *
 * <p>Until the first injection the seam costs nothing: every handle is guarded by one
 * {@link SwitchPoint}, and only after it is invalidated do calls look for a pending fault. Faults are kept per
 * thread, so a test injects into its own calls and not into a server thread's.
 *
 * {@snippet :
 * FaultInjection.inject("connect", -1, Errno.EHOSTUNREACH, 1);  // the next connect fails once
 * FaultInjection.inject("recv", -1, Errno.EINTR, 3);             // recv is interrupted three times, then runs
 * FaultInjection.clear();
 * }
 *
 * <p>Once the seam is in use it also counts, per thread, every call that passes through it, faked or real
 * ({@link #calls}): the way a test observes that a call was made at all, such as the {@code freeaddrinfo}
 * that must follow every successful {@code getaddrinfo} even when decoding its result fails.
 */
public final class FaultInjection {
    private record Fault(long result, int errno) {}

    private static final SwitchPoint UNUSED = new SwitchPoint();
    private static volatile boolean used;
    private static final ThreadLocal<Map<String, ArrayDeque<Fault>>> PENDING = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<String, long[]>> CALLS = ThreadLocal.withInitial(HashMap::new);

    private static final MethodHandle INVOKE_OR_FAULT;

    static {
        try {
            INVOKE_OR_FAULT = MethodHandles.lookup().findStatic(FaultInjection.class, "invokeOrFault",
                    MethodType.methodType(Object.class, String.class, MethodHandle.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FaultInjection() {}

    /**
     * Makes the next {@code times} calls of {@code call} on this thread return {@code result} with errno
     * {@code errno}, without calling the C function.
     *
     * @param call the C function's name, as the helper knows it ({@code "connect"}, {@code "accept4"})
     * @param result the value the call returns: {@code -1} for most, an EAI code for {@code getaddrinfo},
     *               {@code 0} for a {@code NULL} pointer
     * @param errno the errno the call sets
     * @param times how many calls fail before the real one runs again
     */
    public static void inject(String call, long result, int errno, int times) {
        enable();
        ArrayDeque<Fault> queue = PENDING.get().computeIfAbsent(call, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Fault(result, errno));
        }
    }

    /**
     * Puts the seam in use without injecting anything, so that {@link #calls} starts counting. It stays in use
     * for the life of the JVM: from then on every call pays for a per-thread lookup, which only tests do.
     */
    public static void enable() {
        if (!used) {
            synchronized (FaultInjection.class) {
                if (!used) {
                    used = true;
                    SwitchPoint.invalidateAll(new SwitchPoint[] {UNUSED});
                }
            }
        }
    }

    /**
     * How many calls of a C function this thread has made through the seam since it came into use
     * ({@link #enable} or the first {@link #inject}), faked ones included. Calls made before that are not
     * counted, so a test enables the seam first and compares two readings.
     *
     * @param call a C function's name, as the helper knows it
     * @return the running count on this thread
     */
    public static long calls(String call) {
        long[] count = CALLS.get().get(call);
        return count == null ? 0 : count[0];
    }

    /** Drops every fault still pending on this thread. */
    public static void clear() {
        PENDING.get().clear();
    }

    /**
     * @param call a C function's name
     * @return how many injected faults of that call are still pending on this thread
     */
    public static int pending(String call) {
        ArrayDeque<Fault> queue = PENDING.get().get(call);
        return queue == null ? 0 : queue.size();
    }

    /** Wraps a capturing downcall handle so that, once the seam is in use, pending faults are served first. */
    static MethodHandle guard(String name, MethodHandle real) {
        MethodType type = real.type();
        MethodHandle injecting = MethodHandles.insertArguments(INVOKE_OR_FAULT, 0, name, real)
                .asCollector(Object[].class, type.parameterCount())
                .asType(type);
        return UNUSED.guardWithTest(real, injecting);
    }

    private static Object invokeOrFault(String name, MethodHandle real, Object[] args) throws Throwable {
        CALLS.get().computeIfAbsent(name, k -> new long[1])[0]++;
        ArrayDeque<Fault> queue = PENDING.get().get(name);
        Fault fault = queue == null ? null : queue.poll();
        if (fault == null) {
            return real.invokeWithArguments(args);
        }
        // The capture-state segment is always the first argument of a capturing handle.
        MemorySegment callState = (MemorySegment) args[0];
        callState.set(java.lang.foreign.ValueLayout.JAVA_INT,
                NativeCall.CAPTURE_STATE_LAYOUT.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")),
                fault.errno());
        Class<?> returns = real.type().returnType();
        if (returns == int.class) {
            return (int) fault.result();
        } else if (returns == long.class) {
            return fault.result();
        } else if (returns == MemorySegment.class) {
            return MemorySegment.ofAddress(fault.result());
        }
        throw new IllegalStateException(name + " returns " + returns + ", which the seam cannot fake");
    }
}
