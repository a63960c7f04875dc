package io.github.panamasockets.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names, for the report, the buffer or API a benchmark method uses: "MemorySegment", "byte[]", "heap ByteBuffer". */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Variant {
    /** @return the label */
    String value();
}
