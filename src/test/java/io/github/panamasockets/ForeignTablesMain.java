package io.github.panamasockets;

import io.github.panamasockets.internal.PlatformTables;
import java.lang.foreign.MemoryLayout;
import java.util.Map;

/**
 * Run by {@link ForeignTablesTest} in a JVM of its own, with class loading logged: reads the linux-aarch64
 * table (every constant and struct layout) and nothing else of the library, and prints what it read.
 */
final class ForeignTablesMain {
    private ForeignTablesMain() {}

    public static void main(String[] args) {
        Map<String, Long> constants = PlatformTables.constants(args[0]);
        Map<String, MemoryLayout> layouts = PlatformTables.layouts(args[0]);
        System.out.println("constants=" + constants.size() + " layouts=" + layouts.size()
                + " epoll_event=" + layouts.get("epoll_event").byteSize());
    }
}
