package io.github.panamasockets.internal;

import io.github.panamasockets.SocketConstants;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The codecs of options whose value is one number, a flag, a duration or a name: C's {@code int},
 * {@code struct linger}, {@code struct timeval} and NUL-terminated strings.
 */
public final class ScalarCodecs {
    private ScalarCodecs() {}

    private static final long INT_SIZE = ValueLayout.JAVA_INT.byteSize();
    private static final int MICROS_PER_SECOND = 1_000_000;
    private static final int NANOS_PER_MICRO = 1_000;
    /** The JDK's ceiling for {@code SO_LINGER} ({@code java.net.Socket.setSoLinger}), kept for the JDK's option. */
    private static final int MAX_LINGER_SECONDS = 65_535;

    /** An {@code int} option that takes any value. */
    public static final OptionCodec<Integer> ANY_INT = integer(Integer.MIN_VALUE, Integer.MAX_VALUE);

    /** An {@code int} option the kernel refuses or misreads when negative (sizes, counts, times). */
    public static final OptionCodec<Integer> NON_NEGATIVE_INT = integer(0, Integer.MAX_VALUE);

    /** An {@code int} option where -1 restores the default ({@code IP_TTL}, the hop limits). */
    public static final OptionCodec<Integer> INT_OR_DEFAULT = integer(-1, Integer.MAX_VALUE);

    /** An {@code int} option used as a flag: 1 and 0. */
    public static final OptionCodec<Boolean> BOOLEAN = new BooleanCodec();

    /**
     * {@code SO_LINGER} as the JDK has it: seconds, negative for off; above 65535 it is capped, as
     * {@code java.net.Socket} caps it.
     */
    public static final OptionCodec<Integer> LINGER_SECONDS = new LingerCodec();

    /** {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}: a {@code struct timeval}. */
    public static final OptionCodec<Duration> TIMEVAL = new TimevalCodec();

    /** {@code SO_BINDTODEVICE}: an interface name of fewer than {@code IFNAMSIZ} bytes. */
    public static final OptionCodec<String> INTERFACE_NAME =
            new NameCodec(SocketConstants.IFNAMSIZ, true, "an interface name");

    /** {@code TCP_CONGESTION}: an algorithm name of fewer than {@code TCP_CA_NAME_MAX} bytes. */
    public static final OptionCodec<String> CONGESTION_NAME =
            new NameCodec(Structs.TCP_CA_NAME_MAX, false, "a congestion-control name");

    /**
     * An {@code int} option within bounds.
     *
     * @param min the least value accepted
     * @param max the greatest value accepted
     * @return the codec
     */
    public static OptionCodec<Integer> integer(int min, int max) {
        return new IntCodec(min, max);
    }

    /**
     * A flag kept in an {@code int} option as one of two values, such as the JDK's {@code IP_DONTFRAGMENT} in
     * {@code IP_MTU_DISCOVER}: {@code true} writes {@code whenTrue}, {@code false} writes {@code whenFalse}, and
     * it reads {@code true} exactly when the option holds {@code whenTrue}.
     *
     * @param whenTrue the value for {@code true}
     * @param whenFalse the value for {@code false}
     * @return the codec
     */
    public static OptionCodec<Boolean> flagAsValue(int whenTrue, int whenFalse) {
        return new FlagAsValueCodec(whenTrue, whenFalse);
    }

    /**
     * Reads an {@code int} option's value. Some options ({@code IP_TOS}, {@code IP_TTL}, the multicast ones)
     * are answered in one byte when the caller offers less than an {@code int}; this library always offers an
     * {@code int}, but a short answer is still read correctly rather than misread.
     *
     * @param option the option's name, for the message
     * @param value the memory the kernel wrote
     * @param length the length it reported
     * @return the value
     * @throws SocketException when the kernel reported no bytes at all
     */
    public static int readInt(String option, MemorySegment value, int length) throws SocketException {
        if (length >= INT_SIZE) {
            return value.get(ValueLayout.JAVA_INT, 0);
        }
        if (length == 1) {
            return Byte.toUnsignedInt(value.get(ValueLayout.JAVA_BYTE, 0));
        }
        if (length == 2) {
            return Short.toUnsignedInt(value.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
        }
        throw new SocketException(option + ": getsockopt returned " + length + " bytes for an int option");
    }

    /**
     * The exception for a value an option cannot take.
     *
     * @param option the option's name
     * @param problem what is wrong with the value
     * @return the exception, to be thrown
     */
    public static IllegalArgumentException invalid(String option, String problem) {
        return new IllegalArgumentException(option + ": " + problem);
    }

    private static MemorySegment intValue(SegmentAllocator allocator, int value) {
        MemorySegment m = allocator.allocate(ValueLayout.JAVA_INT);
        m.set(ValueLayout.JAVA_INT, 0, value);
        return m;
    }

    private record IntCodec(int min, int max) implements OptionCodec<Integer> {
        @Override
        public Class<Integer> type() {
            return Integer.class;
        }

        @Override
        public long capacity() {
            return INT_SIZE;
        }

        @Override
        public MemorySegment encode(String option, Integer value, SegmentAllocator allocator) {
            int v = value;
            if (v < min || v > max) {
                throw invalid(option, v + " is out of range " + (max == Integer.MAX_VALUE ? "(at least " + min + ")"
                        : min + ".." + max));
            }
            return intValue(allocator, v);
        }

        @Override
        public Integer decode(String option, MemorySegment value, int length) throws SocketException {
            return readInt(option, value, length);
        }
    }

    private static final class BooleanCodec implements OptionCodec<Boolean> {
        @Override
        public Class<Boolean> type() {
            return Boolean.class;
        }

        @Override
        public long capacity() {
            return INT_SIZE;
        }

        @Override
        public MemorySegment encode(String option, Boolean value, SegmentAllocator allocator) {
            return intValue(allocator, value ? 1 : 0);
        }

        @Override
        public Boolean decode(String option, MemorySegment value, int length) throws SocketException {
            return readInt(option, value, length) != 0;
        }
    }

    private record FlagAsValueCodec(int whenTrue, int whenFalse) implements OptionCodec<Boolean> {
        @Override
        public Class<Boolean> type() {
            return Boolean.class;
        }

        @Override
        public long capacity() {
            return INT_SIZE;
        }

        @Override
        public MemorySegment encode(String option, Boolean value, SegmentAllocator allocator) {
            return intValue(allocator, value ? whenTrue : whenFalse);
        }

        @Override
        public Boolean decode(String option, MemorySegment value, int length) throws SocketException {
            return readInt(option, value, length) == whenTrue;
        }
    }

    private static final class LingerCodec implements OptionCodec<Integer> {
        @Override
        public Class<Integer> type() {
            return Integer.class;
        }

        @Override
        public long capacity() {
            return Structs.LINGER.byteSize();
        }

        @Override
        public MemorySegment encode(String option, Integer value, SegmentAllocator allocator) {
            int seconds = value;
            MemorySegment m = allocator.allocate(Structs.LINGER);
            m.set(ValueLayout.JAVA_INT, Structs.L_ONOFF, seconds >= 0 ? 1 : 0);
            m.set(ValueLayout.JAVA_INT, Structs.L_LINGER, Math.clamp(seconds, 0, MAX_LINGER_SECONDS));
            return m;
        }

        @Override
        public Integer decode(String option, MemorySegment value, int length) throws SocketException {
            requireWhole(option, length, Structs.LINGER.byteSize());
            boolean on = value.get(ValueLayout.JAVA_INT, Structs.L_ONOFF) != 0;
            return on ? value.get(ValueLayout.JAVA_INT, Structs.L_LINGER) : -1;
        }
    }

    private static final class TimevalCodec implements OptionCodec<Duration> {
        @Override
        public Class<Duration> type() {
            return Duration.class;
        }

        @Override
        public long capacity() {
            return Structs.TIMEVAL.byteSize();
        }

        @Override
        public MemorySegment encode(String option, Duration value, SegmentAllocator allocator) {
            if (value.isNegative()) {
                throw invalid(option, "negative duration " + value);
            }
            long seconds = value.getSeconds();
            // Rounded up: a positive duration under a microsecond must not become 0, which means "for ever".
            long micros = (value.getNano() + NANOS_PER_MICRO - 1) / NANOS_PER_MICRO;
            if (micros == MICROS_PER_SECOND) {
                seconds = Math.addExact(seconds, 1);
                micros = 0;
            }
            MemorySegment m = allocator.allocate(Structs.TIMEVAL);
            m.set(ValueLayout.JAVA_LONG, Structs.TV_SEC, seconds);
            m.set(ValueLayout.JAVA_LONG, Structs.TV_USEC, micros);
            return m;
        }

        @Override
        public Duration decode(String option, MemorySegment value, int length) throws SocketException {
            requireWhole(option, length, Structs.TIMEVAL.byteSize());
            long seconds = value.get(ValueLayout.JAVA_LONG, Structs.TV_SEC);
            long micros = value.get(ValueLayout.JAVA_LONG, Structs.TV_USEC);
            return Duration.ofSeconds(seconds, micros * NANOS_PER_MICRO);
        }
    }

    /**
     * A name in a fixed C buffer. {@code withNul}: whether the terminating NUL is passed in {@code optlen}
     * ({@code SO_BINDTODEVICE} takes either form; {@code TCP_CONGESTION} counts only the name's bytes).
     */
    private record NameCodec(int bufferSize, boolean withNul, String what) implements OptionCodec<String> {
        @Override
        public Class<String> type() {
            return String.class;
        }

        @Override
        public long capacity() {
            return bufferSize;
        }

        @Override
        public MemorySegment encode(String option, String value, SegmentAllocator allocator) {
            byte[] bytes = CText.utf8(option, what, value);
            if (bytes.length > bufferSize - 1) {
                throw invalid(option, "\"" + value + "\" is " + bytes.length + " bytes; " + what + " has at most "
                        + (bufferSize - 1));
            }
            MemorySegment m = allocator.allocate(bytes.length + (withNul ? 1 : 0));
            MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return m;
        }

        @Override
        public String decode(String option, MemorySegment value, int length) {
            int end = 0;
            int limit = (int) Math.min(length, value.byteSize());
            while (end < limit && value.get(ValueLayout.JAVA_BYTE, end) != 0) {
                end++;
            }
            byte[] bytes = value.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Refuses a struct the kernel filled in only partly.
     *
     * @param option the option's name
     * @param length what the kernel reported
     * @param size the struct's size
     * @throws SocketException when {@code length < size}
     */
    static void requireWhole(String option, int length, long size) throws SocketException {
        if (length < size) {
            throw new SocketException(option + ": getsockopt returned " + length + " bytes, not the " + size
                    + " of the struct");
        }
    }
}
