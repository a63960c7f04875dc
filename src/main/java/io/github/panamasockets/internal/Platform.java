package io.github.panamasockets.internal;

import java.lang.foreign.Linker;
import java.util.Locale;

/**
 * The platform guard: the generated constants and struct layouts are facts of the platforms in
 * {@link PlatformTables#PLATFORMS} (Linux x86_64 and aarch64, with glibc), and nothing else. Every path into
 * native code passes through {@link #check()} first (it runs once, in {@link NativeCall}'s static initializer,
 * and before the facades read a table), so on another OS, architecture or C library the library fails at once
 * with a message naming what is supported, rather than with a wrong constant, a corrupted struct or a missing
 * symbol.
 *
 * <p>The platform is {@code os.name} and {@code os.arch}; on Linux the C library must be glibc, because the
 * bindings are generated from glibc's headers and the library calls glibc-only functions
 * ({@code strerrorname_np}). glibc is recognised by its {@code gnu_get_libc_version} symbol in the JVM's default
 * lookup, which musl (Alpine) lacks; the symbol is looked up, never called. Adding a platform is configuration:
 * its args file in {@code jextract-config/} and a rerun of {@code scripts/generate-bindings}, which adds it to
 * {@link PlatformTables}. See {@code docs/platforms.md}.
 */
public final class Platform {
    /** The platforms this build carries bindings for, as {@code os-arch}, and the C library they need. */
    public static final String SUPPORTED = String.join(", ", PlatformTables.PLATFORMS) + " (glibc)";

    private static final String CURRENT = detect(System.getProperty("os.name", "unknown"),
            System.getProperty("os.arch", "unknown"));

    private Platform() {}

    /** This JVM's platform as {@code os-arch}, e.g. {@code linux-x86_64}. */
    public static String current() {
        return CURRENT;
    }

    /**
     * Throws when this JVM runs on a platform the generated bindings do not describe, or denies the library
     * native access ({@link NativeAccess}).
     *
     * @throws UnsupportedOperationException naming the platform found and the ones supported
     * @throws io.github.panamasockets.NativeAccessError naming the flag that grants native access
     */
    public static void check() {
        Checked.RESULT.run();
        NativeAccess.check();
    }

    /** The outcome of the check for this JVM, found once: the glibc lookup need not repeat on every call. */
    private static final class Checked {
        static final Runnable RESULT = outcome();

        private static Runnable outcome() {
            try {
                check(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"), hasGlibc());
                return () -> {};
            } catch (UnsupportedOperationException e) {
                String message = e.getMessage();
                return () -> {
                    throw new UnsupportedOperationException(message);
                };
            }
        }
    }

    /**
     * The guard for given {@code os.name}, {@code os.arch} and C library.
     *
     * @param osName the {@code os.name} to judge
     * @param osArch the {@code os.arch} to judge
     * @param glibc whether the process's C library is glibc (only asked on Linux)
     * @throws UnsupportedOperationException naming the platform found and the ones supported
     */
    static void check(String osName, String osArch, boolean glibc) {
        String platform = detect(osName, osArch);
        if (!PlatformTables.PLATFORMS.contains(platform)) {
            throw new UnsupportedOperationException("panama-sockets supports " + SUPPORTED
                    + " only; this JVM runs on " + platform + " (os.name=" + osName + ", os.arch=" + osArch + ")");
        }
        if (!glibc) {
            throw new UnsupportedOperationException("panama-sockets supports " + SUPPORTED
                    + " only; this JVM runs on " + platform + " with another C library (musl, as on Alpine Linux?):"
                    + " glibc's gnu_get_libc_version was not found. The bindings describe glibc's structs and"
                    + " constants and the library calls glibc-only functions; see docs/platforms.md");
        }
    }

    /** Whether the C library of this process is glibc: its own version function is in the default lookup. */
    static boolean hasGlibc() {
        return Linker.nativeLinker().defaultLookup().find("gnu_get_libc_version").isPresent();
    }

    static String detect(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String osPart = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macos"
                : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return osPart + "-" + archName;
    }
}
