/**
 * The classic C TCP server and client of the Berkeley sockets example, ported to Java call for call: every
 * line of {@link io.github.panamasockets.examples.TcpServer} and {@link io.github.panamasockets.examples.TcpClient}
 * carries the C it replaces as a comment, and {@link io.github.panamasockets.examples.SeedDemo} runs the two
 * against each other over loopback. The package is in the jar but not exported: it is run, not called —
 * {@code java -jar panama-sockets.jar} (its manifest names {@code SeedDemo} and grants native access) or
 * {@code ./scripts/demo}.
 */
package io.github.panamasockets.examples;
