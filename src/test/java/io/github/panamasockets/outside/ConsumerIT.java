package io.github.panamasockets.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panamasockets.ChildJvm;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, from the outside, as a project that depends on it sees it: the consumer program kept in
 * {@code src/it/consumer} is compiled with plain {@code javac} and run with plain {@code java} against
 * {@code target/panama-sockets-<version>.jar} — no Maven in between — once as a named module that
 * {@code requires io.github.panamasockets}, once on the class path; each with native access granted only
 * where it must be and, on JDK 24+, enforced ({@code --illegal-native-access=deny}). Runs after
 * {@code package}, as a failsafe integration test; Maven passes the jar's path.
 */
@Timeout(300)
class ConsumerIT {
    private static final Path CONSUMER = Path.of("src", "it", "consumer");
    private static final String EXPECTED_ECHO = "socketpair echo: ping\ntcp echo: pong\n";

    private static Path jar;
    @TempDir static Path work;

    @BeforeAll
    static void findTheJar() {
        String path = System.getProperty("panama.jar");
        assertNotNull(path, "the build passes the jar's path as panama.jar");
        jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "no jar at " + jar + ": the integration tests run after package");
    }

    @Test
    void asANamedModuleOnTheModulePath() throws Exception {
        Path classes = work.resolve("module");
        run(List.of(ChildJvm.tool("javac"), "--module-path", jar.toString(), "-d", classes.toString(),
                CONSUMER.resolve("module-info.java").toString(), echoSource()));
        List<String> java = new ArrayList<>(List.of(ChildJvm.tool("java")));
        java.addAll(ChildJvm.nativeAccess("io.github.panamasockets"));
        java.addAll(List.of("--module-path", jar + File.pathSeparator + classes,
                "--module", "example.consumer/example.consumer.Echo"));
        ChildJvm.Output p = run(java);
        assertEquals(EXPECTED_ECHO + "library: module io.github.panamasockets\nconsumer: module example.consumer\n",
                p.stdout(), p.describe());
        assertEquals("", p.stderr(), "no warning of any kind");
    }

    @Test
    void asAPlainJarOnTheClassPath() throws Exception {
        Path classes = work.resolve("classpath");
        run(List.of(ChildJvm.tool("javac"), "--class-path", jar.toString(), "-d", classes.toString(), echoSource()));
        List<String> java = new ArrayList<>(List.of(ChildJvm.tool("java")));
        java.addAll(ChildJvm.nativeAccess("ALL-UNNAMED"));
        java.addAll(List.of("--class-path", jar + File.pathSeparator + classes, "example.consumer.Echo"));
        ChildJvm.Output p = run(java);
        assertEquals(EXPECTED_ECHO + "library: the unnamed module\nconsumer: the unnamed module\n", p.stdout(),
                p.describe());
        assertEquals("", p.stderr(), "no warning of any kind");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_24)
    void withoutTheGrantOnTheModulePathOneErrorNamesTheModuleFlag() throws Exception {
        // The control for the runs above: the grant is what lets them run, not a lax JVM.
        Path classes = work.resolve("ungranted-module");
        run(List.of(ChildJvm.tool("javac"), "--module-path", jar.toString(), "-d", classes.toString(),
                CONSUMER.resolve("module-info.java").toString(), echoSource()));
        List<String> java = new ArrayList<>(List.of(ChildJvm.tool("java")));
        java.addAll(ChildJvm.enforcement());
        java.addAll(List.of("--module-path", jar + File.pathSeparator + classes,
                "--module", "example.consumer/example.consumer.Echo"));
        assertDeniedWithOneClearError(java, "module io.github.panamasockets: add "
                + "--enable-native-access=io.github.panamasockets to the java command line");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_24)
    void withoutTheGrantOnTheClassPathOneErrorNamesTheAllUnnamedFlag() throws Exception {
        Path classes = work.resolve("ungranted-classpath");
        run(List.of(ChildJvm.tool("javac"), "--class-path", jar.toString(), "-d", classes.toString(), echoSource()));
        List<String> java = new ArrayList<>(List.of(ChildJvm.tool("java")));
        java.addAll(ChildJvm.enforcement());
        java.addAll(List.of("--class-path", jar + File.pathSeparator + classes, "example.consumer.Echo"));
        assertDeniedWithOneClearError(java, "the unnamed module (the class path): add "
                + "--enable-native-access=ALL-UNNAMED to the java command line");
    }

    /** The program fails at its first use of the library, with the library's error first, not a wrapper. */
    private static void assertDeniedWithOneClearError(List<String> java, String expected) throws Exception {
        ChildJvm.Output p = ChildJvm.runApart(java, null, Duration.ofSeconds(120));
        assertNotEquals(0, p.exitCode(), p.describe());
        String first = p.stderr().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Exception in thread \"main\" io.github.panamasockets.NativeAccessError: "
                + "panama-sockets needs native access, and this JVM denies it to " + expected), p.describe());
        assertFalse(p.stderr().contains("ExceptionInInitializerError"), p.describe());
    }

    @Test
    void javaDashJarRunsTheDemoWithNoFlagThanksToTheManifest() throws Exception {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Attributes main = jf.getManifest().getMainAttributes();
            assertEquals("ALL-UNNAMED", main.getValue("Enable-Native-Access"));
            assertEquals("io.github.panamasockets.examples.SeedDemo", main.getValue("Main-Class"));
            assertNotNull(jf.getEntry("module-info.class"), "a modular jar");
            assertNotNull(jf.getEntry("META-INF/LICENSE"), "the licence travels with the jar");
        }
        List<String> java = new ArrayList<>(List.of(ChildJvm.tool("java")));
        java.addAll(ChildJvm.enforcement()); // and nothing that grants access: the manifest does
        java.addAll(List.of("-jar", jar.toString()));
        ChildJvm.Output p = run(java);
        assertTrue(p.stdout().contains("client received: hello, client; you sent \"hello, server\""), p.describe());
        assertEquals("", p.stderr(), "no native-access warning: the manifest granted it");
    }

    @Test
    void sourcesAndJavadocJarsAreBuilt() throws IOException {
        try (JarFile sources = new JarFile(System.getProperty("panama.sourcesJar"))) {
            assertNotNull(sources.getEntry("io/github/panamasockets/PosixSocket.java"));
            assertNotNull(sources.getEntry("io/github/panamasockets/bindings/linux/x86_64/sockets_h.java"));
            assertNotNull(sources.getEntry("module-info.java"));
        }
        try (JarFile javadoc = new JarFile(System.getProperty("panama.javadocJar"))) {
            assertTrue(javadoc.stream().anyMatch(e -> e.getName().endsWith("io/github/panamasockets/PosixSocket.html")),
                    "the API documentation has PosixSocket");
            assertTrue(javadoc.stream().noneMatch(e -> e.getName().contains("/internal/")),
                    "the internal package is not part of the documented API");
            String page = entry(javadoc, "io/github/panamasockets/PosixSocket.html");
            assertTrue(page.contains("Licensed under the Apache License, Version 2.0"), "the footer names the licence");
            assertFalse(page.contains("All rights reserved"), "no footer contradicting the licence");
            assertTrue(entry(javadoc, "io/github/panamasockets/package-summary.html")
                    .contains("The Berkeley sockets API, idiomatic Java"), "the package has a description");
            assertTrue(entry(javadoc, "io/github/panamasockets/bindings/linux/x86_64/package-summary.html")
                    .contains("raw bindings"), "the bindings package has a description");
        }
    }

    @Test
    void theReadmesEchoServerServesAsWritten() throws Exception {
        // The README's example, exactly as a newcomer copies it, run with the source launcher as it says.
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf("<!-- example: EchoServer.java -->");
        assertTrue(marker >= 0, "the README has lost its EchoServer example");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        Path source = Files.createDirectories(work.resolve("readme")).resolve("EchoServer.java");
        Files.writeString(source, readme.substring(start, readme.indexOf("```", start)));
        Path stderr = work.resolve("readme-stderr");
        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("java")));
        command.addAll(ChildJvm.nativeAccess("ALL-UNNAMED"));
        command.addAll(List.of("-cp", jar.toString(), source.toString()));
        Process server = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try (var out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            var first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, r -> Thread.ofPlatform().daemon().start(r));
            String line = first.get(120, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(line));
            assertTrue(m.matches(), "first line: " + line + "\n" + Files.readString(stderr));
            int port = Integer.parseInt(m.group(1));
            try (var a = new Socket(InetAddress.getLoopbackAddress(), port);
                 var b = new Socket(InetAddress.getLoopbackAddress(), port)) {
                for (var client : List.of(a, b, a)) {
                    String text = "hello from " + client.getLocalPort();
                    client.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
                    var reader = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.UTF_8));
                    client.setSoTimeout(30_000);
                    assertEquals(text, reader.readLine());
                }
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals("", Files.readString(stderr), "no warning, no error");
    }

    /** The text of the one entry of {@code jar} whose name ends with {@code suffix}. */
    private static String entry(JarFile jar, String suffix) throws IOException {
        var e = jar.stream().filter(x -> x.getName().endsWith(suffix)).findFirst().orElseThrow(
                () -> new AssertionError("no " + suffix + " in " + jar.getName()));
        try (var in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String echoSource() {
        return CONSUMER.resolve(Path.of("example", "consumer", "Echo.java")).toString();
    }

    private static ChildJvm.Output run(List<String> command) throws Exception {
        ChildJvm.Output p = ChildJvm.runApart(command, null, Duration.ofSeconds(120));
        assertEquals(0, p.exitCode(), String.join(" ", command) + "\n" + p.describe());
        return p;
    }
}
