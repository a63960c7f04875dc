package io.github.panamasockets.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link BulkBench} with the writer and the drain on virtual threads, for both implementations. */
@Workload(order = 13, title = "Bulk transfer, 64 KiB writes, virtual threads", bytesPerOperation = BulkBench.CHUNK,
        operation = "As \"Bulk transfer\", with the writer and the drain on virtual threads (JMH's"
                + " `-Djmh.executor=VIRTUAL`): a full send buffer or an empty receive queue parks the thread in"
                + " the implementation's poller.")
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djmh.executor=VIRTUAL"})
public class BulkVirtualBench extends BulkBench {}
