package io.github.panamasockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Another platform's generated code loads here without touching a native symbol: a JVM of its own reads the
 * linux-aarch64 table (which loads its {@code sockets_h} and every struct class) while logging each class it
 * loads. jextract looks a symbol up only in the static initializer of a function's or variable's holder class,
 * nested in {@code sockets_h} or {@code sockets_h_1}; none of them may load. Nor may anything of the x86_64
 * bindings or the library's native layer: reading a foreign table is pure data.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForeignTablesTest {
    private static final String AARCH64 = "io.github.panamasockets.bindings.linux.aarch64.";

    @Test
    void theAarch64TableLoadsWithoutLookingUpASymbol() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), ForeignTablesMain.class, List.of("-Xlog:class+load=info"),
                List.of("linux-aarch64"), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.report());
        assertTrue(r.output().contains("constants=1031 layouts=62 epoll_event=16"), r.report());
        List<String> loaded = r.output().lines().filter(l -> l.contains("[class,load]"))
                .map(l -> l.replaceFirst(".*\\[class,load\\] (\\S+).*", "$1")).toList();
        assertTrue(loaded.contains(AARCH64 + "sockets_h") && loaded.contains(AARCH64 + "epoll_event"),
                "the table did not load the bindings it reads: " + r.report());
        Pattern holder = Pattern.compile(Pattern.quote(AARCH64) + "sockets_h(_1)?\\$(?!shared$).*");
        List<String> forbidden = loaded.stream()
                .filter(c -> holder.matcher(c).matches()
                        || c.startsWith("io.github.panamasockets.bindings.linux.x86_64.")
                        || c.equals("io.github.panamasockets.internal.NativeCall")
                        || c.equals("io.github.panamasockets.internal.Libc"))
                .toList();
        assertEquals(List.of(), forbidden, "classes that look up symbols or call C were loaded");
    }
}
