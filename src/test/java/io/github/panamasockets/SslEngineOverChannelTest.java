package io.github.panamasockets;

import static io.github.panamasockets.SocketConstants.AF_INET;
import static io.github.panamasockets.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link SSLEngine} loop, written for any {@link ByteChannel} as NIO code writes it, runs a TLS handshake
 * and an exchange over two {@link PosixSocketChannel}s on loopback. The certificate is made for the test with
 * the JDK's {@code keytool}: an EC key, valid for two days, in a temporary PKCS12 store.
 */
@Timeout(60)
class SslEngineOverChannelTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext context;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("test.p12");
        ChildJvm.Output keytool = ChildJvm.runApart(List.of(ChildJvm.tool("keytool"), "-genkeypair", "-alias", "test",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD)),
                null, Duration.ofSeconds(60));
        assertEquals(0, keytool.exitCode(), keytool.describe());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks); // the self-signed certificate is its own trust anchor
        context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    @Test
    void tlsHandshakeAndEchoThroughTheChannel() throws Exception {
        try (PosixSocket server = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
            server.bind(SockaddrIn.of("127.0.0.1", 0));
            server.listen(1);
            CompletableFuture<String> served = JavaIoInteropTest.async(() -> {
                try (PosixSocketChannel ch = server.accept().channel()) {
                    SSLEngine engine = context.createSSLEngine();
                    engine.setUseClientMode(false);
                    Tls tls = new Tls(engine, ch);
                    tls.handshake();
                    String request = tls.receive();
                    tls.send("echo: " + request);
                    return engine.getSession().getProtocol();
                }
            });
            try (PosixSocket client = PosixSocket.socket(AF_INET, SOCK_STREAM, 0)) {
                client.connect(server.getsockname());
                SSLEngine engine = context.createSSLEngine("localhost", ((SockaddrIn) server.getsockname()).port());
                engine.setUseClientMode(true);
                Tls tls = new Tls(engine, client.channel());
                tls.handshake();
                tls.send("hello over TLS");
                assertEquals("echo: hello over TLS", tls.receive());
                assertEquals(engine.getSession().getProtocol(), served.get(30, TimeUnit.SECONDS));
            }
        }
    }

    /** A blocking SSLEngine driver over any ByteChannel: nothing in it knows about PosixSocket. */
    private static final class Tls {
        private final SSLEngine engine;
        private final ByteChannel channel;
        private final ByteBuffer netIn;
        private final ByteBuffer netOut;
        private ByteBuffer appIn;

        Tls(SSLEngine engine, ByteChannel channel) {
            this.engine = engine;
            this.channel = channel;
            this.netIn = ByteBuffer.allocateDirect(engine.getSession().getPacketBufferSize());
            this.netOut = ByteBuffer.allocateDirect(engine.getSession().getPacketBufferSize());
            this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        void handshake() throws IOException {
            engine.beginHandshake();
            HandshakeStatus hs = engine.getHandshakeStatus();
            while (hs != HandshakeStatus.FINISHED && hs != HandshakeStatus.NOT_HANDSHAKING) {
                hs = switch (hs) {
                    case NEED_WRAP -> wrap(ByteBuffer.allocate(0)).getHandshakeStatus();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap().getHandshakeStatus();
                    case NEED_TASK -> {
                        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                            task.run();
                        }
                        yield engine.getHandshakeStatus();
                    }
                    default -> throw new IllegalStateException(hs.toString());
                };
            }
        }

        void send(String text) throws IOException {
            ByteBuffer app = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (app.hasRemaining()) {
                wrap(app);
            }
        }

        String receive() throws IOException {
            appIn.clear();
            while (appIn.position() == 0) {
                unwrap(); // TLS 1.3 tickets and other records carry no application data: go on
            }
            appIn.flip();
            return StandardCharsets.UTF_8.decode(appIn).toString();
        }

        private SSLEngineResult wrap(ByteBuffer app) throws IOException {
            netOut.clear();
            SSLEngineResult r = engine.wrap(app, netOut);
            netOut.flip();
            while (netOut.hasRemaining()) {
                channel.write(netOut);
            }
            return r;
        }

        private SSLEngineResult unwrap() throws IOException {
            for (;;) {
                netIn.flip();
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                netIn.compact();
                switch (r.getStatus()) {
                    case OK, CLOSED -> {
                        return r;
                    }
                    case BUFFER_OVERFLOW -> {
                        ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2);
                        appIn = bigger.put(appIn.flip());
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (channel.read(netIn) == -1) {
                            throw new EOFException("the peer closed during TLS");
                        }
                    }
                }
            }
        }
    }
}
