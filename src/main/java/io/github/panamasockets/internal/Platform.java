package io.github.panamasockets.internal;

import java.util.Locale;

/**
 * The platform guard: the generated constants and struct layouts are facts of Linux x86_64 with glibc,
 * and nothing else. Every path into native code passes through {@link #check()} first (it runs once, in
 * {@link NativeCall}'s static initializer), so on another OS or architecture the library fails at once
 * with a message naming what is supported, rather than with a wrong constant or a corrupted struct.
 *
 * <p>Adding a platform means: a new generated package from its own args file in {@code jextract-config/},
 * a new entry here, and the facades ({@code SocketConstants}, {@code Errno}, {@link Structs}, {@link Libc}) choosing that
 * package when they initialize.
 */
public final class Platform {
    /** The platforms this build carries bindings for, as {@code os-arch}. */
    public static final String SUPPORTED = "linux-x86_64 (glibc)";

    private static final String CURRENT = detect();

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
        check(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"));
        NativeAccess.check();
    }

    /**
     * The guard for given {@code os.name} and {@code os.arch} values.
     *
     * @param osName the {@code os.name} to judge
     * @param osArch the {@code os.arch} to judge
     * @throws UnsupportedOperationException naming the platform found and the ones supported
     */
    static void check(String osName, String osArch) {
        String platform = detect(osName, osArch);
        if (!platform.equals("linux-x86_64")) {
            throw new UnsupportedOperationException("panama-sockets supports " + SUPPORTED
                    + " only; this JVM runs on " + platform + " (os.name=" + osName + ", os.arch=" + osArch + ")");
        }
    }

    private static String detect() {
        return detect(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"));
    }

    private static String detect(String osName, String osArch) {
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
