package io.github.panamasockets.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ported seed programs talk to each other over loopback, as {@code ./scripts/demo} shows. */
class SeedProgramsTest {
    @Test
    void serverAndClientExchangeOneMessage() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<String> log = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try {
                    TcpServer.run(0, 1, port::complete, log::add);
                } catch (Exception e) {
                    port.completeExceptionally(e);
                    throw new RuntimeException(e);
                }
            });
            String answer = TcpClient.run(port.get(10, TimeUnit.SECONDS), "ping from the test");
            server.get(10, TimeUnit.SECONDS);
            assertEquals("hello, client; you sent \"ping from the test\"", answer);
            assertEquals(List.of("server received: ping from the test",
                    "server sent:     hello, client; you sent \"ping from the test\""), log);
        });
    }
}
