package io.github.panamasockets.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The platform guard: this JVM is recognised as {@code linux-x86_64} with glibc and passes, every spelling of
 * Linux on x86_64 and aarch64 passes, and another OS, architecture or C library is refused with an
 * {@link UnsupportedOperationException} that names both what is supported and what was found.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PlatformTest {

    @Test
    void thisJvmIsLinuxX8664WithGlibc() {
        assertEquals("linux-x86_64", Platform.current());
        assertTrue(Platform.hasGlibc(), "glibc's gnu_get_libc_version is in the default lookup");
        assertDoesNotThrow(() -> Platform.check());
    }

    @Test
    void linuxOnX8664PassesUnderEitherArchName() {
        assertDoesNotThrow(() -> Platform.check("Linux", "amd64", true));
        assertDoesNotThrow(() -> Platform.check("Linux", "x86_64", true));
    }

    @Test
    void linuxOnAarch64PassesUnderEitherArchName() {
        assertEquals("linux-aarch64", Platform.detect("Linux", "aarch64"));
        assertDoesNotThrow(() -> Platform.check("Linux", "aarch64", true));
        assertDoesNotThrow(() -> Platform.check("Linux", "arm64", true));
    }

    @Test
    void anotherCLibraryThanGlibcIsRefusedByName() {
        for (String arch : new String[] {"amd64", "aarch64"}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Platform.check("Linux", arch, false));
            assertTrue(e.getMessage().contains("musl") && e.getMessage().contains("glibc")
                    && e.getMessage().contains("docs/platforms.md"), e.getMessage());
        }
    }

    @Test
    void macOnAarch64IsRefused() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Platform.check("Mac OS X", "aarch64", false));
        assertMessageNames(e, "macos-aarch64", "Mac OS X", "aarch64");
    }

    @Test
    void windowsOnAmd64IsRefused() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Platform.check("Windows 11", "amd64", false));
        assertMessageNames(e, "windows-x86_64", "Windows 11", "amd64");
    }

    @Test
    void linuxOnAnotherArchitectureIsRefused() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Platform.check("Linux", "riscv64", true));
        assertMessageNames(e, "linux-riscv64", "Linux", "riscv64");
    }

    private static void assertMessageNames(UnsupportedOperationException e, String found, String osName, String osArch) {
        String message = e.getMessage();
        assertTrue(message.contains("linux-x86_64") && message.contains("linux-aarch64"),
                "names the supported platforms: " + message);
        assertTrue(message.contains(found), "names the platform found, " + found + ": " + message);
        assertTrue(message.contains("os.name=" + osName), "names os.name: " + message);
        assertTrue(message.contains("os.arch=" + osArch), "names os.arch: " + message);
    }
}
