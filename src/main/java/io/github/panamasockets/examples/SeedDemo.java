package io.github.panamasockets.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the ported seed server and client against each other over loopback, and prints what they exchanged.
 * This is what {@code ./scripts/demo} runs.
 */
public final class SeedDemo {
    private SeedDemo() {}

    /**
     * @param args optional: the message the client sends
     * @throws Exception when either side fails
     */
    public static void main(String[] args) throws Exception {
        String message = args.length > 0 ? String.join(" ", args) : "hello, server";
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            try {
                TcpServer.run(0, 1, port::complete, line -> System.out.println(line));
            } catch (Exception e) {
                port.completeExceptionally(e);
                throw new RuntimeException(e);
            }
        });
        int p = port.get(10, TimeUnit.SECONDS);
        System.out.println("server listening on 127.0.0.1:" + p);
        System.out.println("client sends:    " + message);
        String answer = TcpClient.run(p, message);
        server.get(10, TimeUnit.SECONDS);
        System.out.println("client received: " + answer);
    }
}
