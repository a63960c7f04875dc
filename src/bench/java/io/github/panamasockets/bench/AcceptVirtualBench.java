package io.github.panamasockets.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link AcceptBench} with the accepting thread and the client on virtual threads, for both implementations. */
@Workload(order = 14, title = "Accept rate, virtual threads",
        operation = "As \"Accept rate\", with the accepting thread and the client on virtual threads (JMH's"
                + " `-Djmh.executor=VIRTUAL`): an accept that finds the queue empty parks in the implementation's"
                + " poller, as does the client waiting for its reset.")
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djmh.executor=VIRTUAL"})
public class AcceptVirtualBench extends AcceptBench {}
