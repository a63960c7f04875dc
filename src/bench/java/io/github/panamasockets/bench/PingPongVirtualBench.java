package io.github.panamasockets.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link PingPongBench} with the benchmark thread and the echo on virtual threads, for both implementations. */
@Workload(order = 12, title = "Ping-pong (round trip), virtual threads",
        operation = "As \"Ping-pong\", with the benchmark and its echo on virtual threads (JMH's"
                + " `-Djmh.executor=VIRTUAL`): a call that finds nothing to do parks its virtual thread in the"
                + " implementation's poller (the library's `Poller`; NIO's `sun.nio.ch.Poller`) instead of"
                + " blocking in the kernel.")
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djmh.executor=VIRTUAL"})
public class PingPongVirtualBench extends PingPongBench {}
