package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_UNIX;
import static io.github.panamasockets.SocketConstants.O_CLOEXEC;
import static io.github.panamasockets.SocketConstants.O_NONBLOCK;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OwnedFd#fileno()}, {@link OwnedFd#read} and {@link OwnedFd#write}: C's read and write on any descriptor,
 * checked against what {@code java.io} and the file system see.
 */
@Timeout(20)
class OwnedFdIoTest {
    private static OwnedFd[] pipe(int flags) throws Exception {
        int[] fds = new int[2];
        Posix.pipe2(fds, flags);
        return new OwnedFd[] {OwnedFd.adopt(fds[0]), OwnedFd.adopt(fds[1])};
    }

    /** Waits, bounded, until a thread of this process is inside {@code read(fd, ...)}, as /proc/self/task/N/syscall shows. */
    private static void awaitThreadInRead(int fd) throws Exception {
        String prefix = "0 0x" + Integer.toHexString(fd) + " "; // x86-64: read is system call 0
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(task.resolve("syscall")).startsWith(prefix)) {
                            return;
                        }
                    } catch (java.io.IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no thread entered read(" + fd + ", ...)");
    }

    @Test
    void filenoIsTheNumberAndItEndsWithClose() throws Exception {
        OwnedFd[] p = pipe(O_CLOEXEC);
        try (OwnedFd r = p[0]; OwnedFd w = p[1]) {
            int fd = r.fileno();
            assertTrue(OpenFiles.target(fd).startsWith("pipe:"));
            assertEquals("OwnedFd[fd=" + fd + "]", r.toString());
            r.close();
            assertFalse(OpenFiles.refersTo(fd, "pipe:"), "released by close");
            assertThrows(SocketClosedException.class, r::fileno);
            assertThrows(SocketClosedException.class, () -> r.read(new byte[1], 0, 1));
        }
    }

    @Test
    void readAndWriteAPipeThatJavaIoSharesWith() throws Exception {
        OwnedFd[] p = pipe(O_CLOEXEC);
        try (OwnedFd r = p[0]; OwnedFd w = p[1]) {
            assertEquals(5, w.write("hello".getBytes(US_ASCII), 0, 5));
            try (FileInputStream in = new FileInputStream("/proc/self/fd/" + r.fileno())) {
                assertEquals("hello", new String(in.readNBytes(5), US_ASCII));
            }
            try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + w.fileno())) {
                out.write("native and heap".getBytes(US_ASCII));
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment nat = arena.allocate(7);
                assertEquals(7, r.read(nat));
                assertEquals("native ", new String(nat.toArray(ValueLayout.JAVA_BYTE), US_ASCII));
            }
            byte[] heap = new byte[20];
            assertEquals(8, r.read(MemorySegment.ofArray(heap).asSlice(2)));
            assertEquals("and heap", new String(heap, 2, 8, US_ASCII));
            w.close();
            assertEquals(0, r.read(heap, 0, heap.length), "end of file: C's 0");
        }
    }

    @Test
    void aFileReceivedWithScmRightsIsReadWithErrno(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("passed.txt");
        Files.writeString(file, "the file's content", US_ASCII);
        PosixSocket[] pair = PosixSocket.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try (PosixSocket a = pair[0]; PosixSocket b = pair[1]; OwnedFd original = OwnedFd.open(file)) {
            a.sendFds(List.of(IoBuffer.of(new byte[] {1})), List.of(original));
            RecvFdsResult got = b.recvFds(1, 1);
            try (OwnedFd received = got.fds().get(0)) {
                assertEquals(file.toRealPath().toString(), OpenFiles.target(received.fileno()));
                byte[] buf = new byte[64];
                int n = received.read(buf, 0, buf.length);
                assertEquals("the file's content", new String(buf, 0, n, US_ASCII));
                PosixSocketException readOnly = assertThrows(PosixSocketException.class,
                        () -> received.write(new byte[1], 0, 1));
                assertEquals(Errno.EBADF, readOnly.errno());
                assertEquals("write", readOnly.call());
            }
        }
    }

    @Test
    void aNonBlockingEmptyPipeIsEagainAndAReaderlessOneIsEpipe() throws Exception {
        OwnedFd[] p = pipe(O_CLOEXEC | O_NONBLOCK);
        try (OwnedFd r = p[0]; OwnedFd w = p[1]) {
            PosixTimeoutException empty = assertThrows(PosixTimeoutException.class, () -> r.read(new byte[4], 0, 4));
            assertEquals(Errno.EAGAIN, empty.errno());
            r.close();
            PosixSocketException pipe = assertThrows(PosixSocketException.class, () -> w.write(new byte[4], 0, 4));
            assertEquals(Errno.EPIPE, pipe.errno());
            assertThrows(IndexOutOfBoundsException.class, () -> w.write(new byte[4], 2, 4));
            assertThrows(IllegalArgumentException.class, () -> w.read(MemorySegment.ofArray(new byte[4]).asReadOnly()));
        }
    }

    @Test
    void aCloseFromAnotherThreadEndsABlockedRead() throws Exception {
        OwnedFd[] p = pipe(O_CLOEXEC);
        try (OwnedFd w = p[1]) {
            OwnedFd r = p[0];
            int fd = r.fileno();
            String target = OpenFiles.target(fd);
            CompletableFuture<Integer> reader = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    reader.complete(r.read(new byte[8], 0, 8));
                } catch (Throwable e) {
                    reader.completeExceptionally(e);
                }
            });
            awaitThreadInRead(fd);
            r.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> reader.get(5, TimeUnit.SECONDS));
            assertInstanceOf(ClosedWhileBlockedException.class, e.getCause());
            t.join(5000);
            assertFalse(OpenFiles.refersTo(fd, target), "the number was released once the read had left");
            assertEquals(Errno.EPIPE, assertThrows(PosixSocketException.class, () -> w.write(new byte[1], 0, 1)).errno(),
                    "the pipe has lost its only reader");
        }
    }

    /**
     * On a virtual thread a read of an empty pipe parks in the poller instead of holding its carrier inside
     * read(2): data written later wakes it, and a close from another thread ends it.
     */
    @Test
    void aVirtualThreadReadingAPipeParksAndAnyCloseEndsIt() throws Exception {
        OwnedFd[] p = pipe(O_CLOEXEC);
        try (OwnedFd w = p[1]; OwnedFd r = p[0]) {
            CompletableFuture<Integer> first = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    first.complete(r.read(new byte[8], 0, 8));
                } catch (Throwable e) {
                    first.completeExceptionally(e);
                }
            });
            assertTrue(parkedInThePoller(t),
                    () -> "never parked: " + Waiting.describe(t));
            w.write(new byte[] {1, 2, 3}, 0, 3);
            assertEquals(3, first.get(5, TimeUnit.SECONDS));

            CompletableFuture<Integer> second = new CompletableFuture<>();
            Thread u = Thread.ofVirtual().start(() -> {
                try {
                    second.complete(r.read(new byte[8], 0, 8));
                } catch (Throwable e) {
                    second.completeExceptionally(e);
                }
            });
            assertTrue(parkedInThePoller(u),
                    () -> "never parked: " + Waiting.describe(u));
            r.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(5, TimeUnit.SECONDS));
            assertInstanceOf(ClosedWhileBlockedException.class, e.getCause());
        }
    }

    /**
     * The memory of a waiting read whose arena another thread closes: a platform thread inside read(2) holds
     * the arena, so the close fails and the read completes into live memory; a virtual thread parked before the
     * call holds nothing yet, so the close succeeds and the read, once the pipe is ready, refuses the closed
     * segment instead of writing into freed memory.
     */
    @Test
    void anArenaClosedUnderAWaitingReadIsNeverWrittenTo() throws Exception {
        OwnedFd[] p = pipe(O_CLOEXEC);
        try (OwnedFd w = p[1]; OwnedFd r = p[0]) {
            Arena held = Arena.ofShared();
            MemorySegment into = held.allocate(8);
            CompletableFuture<Long> platform = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    platform.complete(r.read(into));
                } catch (Throwable e) {
                    platform.completeExceptionally(e);
                }
            });
            awaitThreadInRead(r.fileno());
            assertThrows(IllegalStateException.class, held::close, "the read inside the kernel holds its arena");
            w.write(new byte[] {7}, 0, 1);
            assertEquals(1L, platform.get(5, TimeUnit.SECONDS));
            assertEquals((byte) 7, into.get(ValueLayout.JAVA_BYTE, 0));
            t.join(5000);
            held.close();

            Arena freed = Arena.ofShared();
            MemorySegment gone = freed.allocate(8);
            CompletableFuture<Long> virtual = new CompletableFuture<>();
            Thread v = Thread.ofVirtual().start(() -> {
                try {
                    virtual.complete(r.read(gone));
                } catch (Throwable e) {
                    virtual.completeExceptionally(e);
                }
            });
            assertTrue(parkedInThePoller(v), () -> "never parked: " + Waiting.describe(v));
            freed.close();
            w.write(new byte[] {8}, 0, 1);
            ExecutionException e = assertThrows(ExecutionException.class, () -> virtual.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            byte[] left = new byte[1];
            assertEquals(1, r.read(left, 0, 1), "the byte stayed in the pipe");
            assertEquals(8, left[0]);
        }
    }

    /**
     * A read or write refused with {@link IllegalStateException} (memory of an arena closed before the call) leaves
     * nothing held: no call counted in flight, no wait registered, so {@link OwnedFd#close()} releases the number at
     * once, on platform and virtual threads. The pipe's byte stays for the next read.
     */
    @Test
    void aCallRefusingClosedMemoryLeavesTheNumberToClose() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            for (boolean reading : new boolean[] {true, false}) {
                String what = (reading ? "read" : "write") + " into a closed arena on a "
                        + (virtual ? "virtual" : "platform") + " thread";
                Map<Integer, String> before = OpenFiles.byNumber();
                OwnedFd[] p = pipe(O_CLOEXEC);
                OwnedFd r = p[0];
                OwnedFd w = p[1];
                OwnedFd called = reading ? r : w;
                assertEquals(1, w.write(new byte[] {5}, 0, 1)); // a virtual thread's read then need not wait
                Arena arena = Arena.ofShared();
                MemorySegment gone = arena.allocate(8);
                arena.close();
                CompletableFuture<Long> result = new CompletableFuture<>();
                Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                    try {
                        result.complete(reading ? called.read(gone) : called.write(gone));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                });
                ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS), what);
                assertInstanceOf(IllegalStateException.class, e.getCause(), what);
                assertTrue(t.join(java.time.Duration.ofSeconds(5)), what);
                assertEquals(0, called.handle().inFlight(), what + ": the refused call is no longer counted in flight");
                byte[] left = new byte[2];
                assertEquals(1, r.read(left, 0, 2), what + ": the byte written before stays in the pipe, alone");
                assertEquals(5, left[0], what);
                long start = System.nanoTime();
                called.close();
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), what + ": close waited for a call that had ended");
                (reading ? w : r).close();
                OpenFiles.assertNoneLeft(before, what + ": both ends released by close");
            }
        }
    }

    /** Waits up to five seconds for {@code t} to be parked in the library's poller. */
    private static boolean parkedInThePoller(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Waiting.asleep(t) && Waiting.hasFrame(t, Waiting.POLLER, "park")) {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }
}
