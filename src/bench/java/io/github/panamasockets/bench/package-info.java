/**
 * JMH benchmarks of panama-sockets against the JDK's NIO on the same workloads, the runner
 * ({@link io.github.panamasockets.bench.BenchRun}) that runs them through JMH's Runner API and keeps its result
 * objects, and the report writer ({@link io.github.panamasockets.bench.BenchReport}) that turns those into
 * {@code docs/benchmarks.md}.
 * Built only with the Maven profile {@code bench}; run with {@code scripts/bench}.
 */
package io.github.panamasockets.bench;
