/**
 * JMH benchmarks of panama-sockets against the JDK's NIO on the same workloads, and the report writer
 * ({@link io.github.panamasockets.bench.BenchReport}) that turns their results into {@code docs/benchmarks.md}.
 * Built only with the Maven profile {@code bench}; run with {@code scripts/bench}.
 */
package io.github.panamasockets.bench;
