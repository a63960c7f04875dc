package io.github.panamasockets.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a benchmark class for the report ({@link BenchReport}): what one operation is, in words, and where it
 * goes among the others. Every method of the class named {@code library_*} is compared with the method of the
 * same suffix named {@code nio_*}, or, when there is none, with {@code nio_direct}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Workload {
    /** @return the heading, such as "TCP ping-pong" */
    String title();

    /** @return what one operation does, in a sentence or two of Markdown */
    String operation();

    /** @return where the workload goes in the report, smallest first */
    int order();

    /** @return bytes of payload moved by one operation, for a derived MiB/s column; 0 when not meaningful */
    long bytesPerOperation() default 0;
}
