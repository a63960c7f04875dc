package io.github.panamasockets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a test knows that a thread is waiting inside a socket call — from the socket's own count of calls in
 * flight, the thread's state and the frames it is in, never from a sleep. Free of JUnit, so that the main
 * classes the tests run in child JVMs can use it too.
 *
 * <p>A platform thread is waiting when it is {@code RUNNABLE} as Java sees it and asleep ({@code S}) as the
 * kernel sees it ({@code /proc/self/task/<tid>/stat}, the task found by its name, which the JVM gives the
 * native thread). A virtual thread is waiting when it is parked ({@code WAITING} or {@code TIMED_WAITING}).
 * In both cases the frames show where: the C call itself, {@code poll}, or the library's poller.
 */
final class Waiting {
    /** A platform thread waiting inside the C call: the frame of that call's wrapper in {@code Libc}. */
    static final String LIBC = "io.github.panamasockets.internal.Libc";
    /** A virtual thread waiting in the library's poller. */
    static final String POLLER = "io.github.panamasockets.internal.Poller";

    private Waiting() {}

    /**
     * Whether {@code t} waits in a call on {@code socket}: {@code calls} calls are in flight on it, {@code t} is
     * asleep (see the class comment) and one of its frames is {@code frameClass.frameMethod}.
     *
     * @param socket the socket
     * @param calls how many calls must be in flight on it
     * @param t the thread
     * @param frameClass the class of the frame that must be on its stack
     * @param frameMethod that frame's method, or {@code null} for any
     * @return whether all of this holds now
     */
    static boolean isWaiting(PosixSocket socket, int calls, Thread t, String frameClass, String frameMethod) {
        if (socket.callsInFlight() != calls || !asleep(t)) {
            return false;
        }
        return hasFrame(t, frameClass, frameMethod) && asleep(t) && socket.callsInFlight() == calls;
    }

    /**
     * Waits, up to {@code timeout}, until {@link #isWaiting} holds, looking every fifty microseconds or so.
     *
     * @return whether it held before the timeout
     */
    static boolean awaitWaiting(PosixSocket socket, int calls, Thread t, String frameClass, String frameMethod,
                                long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() - deadline < 0) {
            if (isWaiting(socket, calls, t, frameClass, frameMethod)) {
                return true;
            }
            if (!t.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        return false;
    }

    /** @return whether {@code t} is asleep: parked (virtual), or RUNNABLE in Java and sleeping in the kernel (platform) */
    static boolean asleep(Thread t) {
        Thread.State state = t.getState();
        if (t.isVirtual()) {
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }
        return state == Thread.State.RUNNABLE && kernelState(t.getName()) == 'S';
    }

    /** @return whether one of {@code t}'s frames is in {@code className}, and in {@code method} unless it is null */
    static boolean hasFrame(Thread t, String className, String method) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(className) && (method == null || e.getMethodName().equals(method))) {
                return true;
            }
        }
        return false;
    }

    /** @return the thread's Java state, kernel state (platform threads) and top frames, for failure messages */
    static String describe(Thread t) {
        String frames = Arrays.stream(t.getStackTrace()).limit(8).map(String::valueOf)
                .collect(Collectors.joining("\n    ", "\n    ", ""));
        return t + " state " + t.getState() + (t.isVirtual() ? "" : ", kernel state " + kernelState(t.getName())) + frames;
    }

    /**
     * The state letter of the native thread named {@code name} in {@code /proc/self/task/<tid>/stat}: {@code S}
     * for a thread asleep in a system call; {@code ?} when no task has that name.
     */
    static char kernelState(String name) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        String stat = Files.readString(task.resolve("stat"));
                        return stat.charAt(stat.lastIndexOf(')') + 2);
                    }
                } catch (IOException gone) {
                    // the task ended while we looked
                }
            }
        } catch (IOException e) {
            return '?';
        }
        return '?';
    }
}
