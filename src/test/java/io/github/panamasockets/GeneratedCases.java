package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Runs the generated (property-based) hostile-input cases with QuickTheories and counts them: every case a
 * property is given is counted here, per suite and for the whole test JVM, and each suite prints its totals so
 * that docs/reliability.md can quote them. {@code -Dpanama.heavy=true} runs ten times as many.
 *
 * <p>Also the small generators the suites share: numbers biased towards the edges where bounds checks break
 * (0, ±1, the int limits, just past a length), and picks from a list.
 */
final class GeneratedCases {
    static final boolean HEAVY = Boolean.getBoolean("panama.heavy");
    private static final AtomicLong ALL = new AtomicLong();
    /** QuickTheories skips a value it has tried already, so a property may run a little below its budget. */
    private static final double AT_LEAST = 0.95;

    private final String suite;
    private final AtomicLong count = new AtomicLong();

    GeneratedCases(String suite) {
        this.suite = suite;
    }

    /** A property: throws (an assertion or anything else) when the case is handled wrongly. */
    interface Property<T> {
        void check(T value) throws Exception;
    }

    /**
     * Checks {@code property} on {@code examples} generated values (ten times as many when heavy); on failure
     * QuickTheories shrinks to a smallest failing value and reports it with its seed.
     *
     * @return how many cases ran
     */
    <T> long forAll(String name, int examples, Gen<T> gen, Property<T> property) {
        return forAll(name, examples, gen, property, false);
    }

    /**
     * As {@link #forAll(String, int, Gen, Property)} for a property over a finite set of values, smaller than the
     * budget perhaps: QuickTheories stops when it has tried them all, and fewer cases than the budget is no fault.
     */
    <T> long forAllOfFinite(String name, int examples, Gen<T> gen, Property<T> property) {
        return forAll(name, examples, gen, property, true);
    }

    private <T> long forAll(String name, int examples, Gen<T> gen, Property<T> property, boolean finite) {
        int budget = HEAVY ? examples * 10 : examples;
        AtomicLong ran = new AtomicLong();
        long start = System.nanoTime();
        try {
            QuickTheory.qt().withExamples(budget).withShrinkCycles(200).forAll(gen).checkAssert(value -> {
                ran.incrementAndGet();
                try {
                    property.check(value);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError("unexpected " + e, e);
                }
            });
        } finally {
            count.addAndGet(ran.get());
            ALL.addAndGet(ran.get());
        }
        long total = ALL.get();
        System.out.printf("hostile input: %s.%s ran %,d generated cases in %.1f s (%,d in this JVM so far)%n",
                suite, name, ran.get(), (System.nanoTime() - start) / 1e9, total);
        assertTrue(finite || ran.get() >= budget * AT_LEAST, name + " ran only " + ran.get() + " of " + budget + " cases");
        return ran.get();
    }

    /** @return the cases this suite has run */
    long count() {
        return count.get();
    }

    /** @return the cases every suite in this JVM has run */
    static long total() {
        return ALL.get();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generators

    static int between(RandomnessSource rs, int lo, int hi) {
        return (int) rs.next(Constraint.between(lo, hi));
    }

    static long betweenLong(RandomnessSource rs, long lo, long hi) {
        return rs.next(Constraint.between(lo, hi));
    }

    static boolean oneIn(RandomnessSource rs, int n) {
        return between(rs, 1, n) == 1;
    }

    static <T> T pick(RandomnessSource rs, List<T> values) {
        return values.get(between(rs, 0, values.size() - 1));
    }

    static int pick(RandomnessSource rs, int... values) {
        return values[between(rs, 0, values.length - 1)];
    }

    /**
     * An int that is usually a sensible size or offset (0 to {@code typical}) and otherwise hostile: negative,
     * an edge ({@code Integer.MIN_VALUE}, {@code MAX_VALUE}, one past {@code typical}) or anything at all.
     */
    static int hostileInt(RandomnessSource rs, int typical) {
        return switch (between(rs, 0, 9)) {
            case 0, 1, 2, 3, 4, 5 -> between(rs, 0, typical);
            case 6, 7 -> pick(rs, 0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
                    Integer.MIN_VALUE + 1, typical, typical + 1, Integer.MAX_VALUE - typical);
            case 8 -> between(rs, Integer.MIN_VALUE, Integer.MAX_VALUE);
            default -> -between(rs, 1, typical + 1);
        };
    }

    /** Random bytes of a length in {@code [min, max]}. */
    static byte[] bytes(RandomnessSource rs, int min, int max) {
        byte[] b = new byte[between(rs, min, max)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) between(rs, 0, 255);
        }
        return b;
    }

    // ---------------------------------------------------------------------------------------------------------
    // What a hostile call may end in

    /**
     * An {@link java.io.IOException} from a call must be one of the library's errno exceptions, naming the call;
     * anything else escaping is a bug.
     */
    static void assertPosixError(Throwable e, String... calls) {
        PosixError p = assertInstanceOf(PosixError.class, e, () -> "an I/O failure that is not a PosixError: " + e);
        assertTrue(List.of(calls).contains(p.call()), () -> "the exception names " + p.call() + ", not one of "
                + List.of(calls) + ": " + e);
        assertTrue(e.getMessage().startsWith(p.call() + ": "), e::getMessage);
    }
}
