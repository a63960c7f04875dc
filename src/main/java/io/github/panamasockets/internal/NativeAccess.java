package io.github.panamasockets.internal;

import io.github.panamasockets.NativeAccessError;
import java.lang.foreign.ValueLayout;

/**
 * The native-access guard: before the first class that touches the generated bindings initializes, it finds
 * out whether the JVM lets this library make native calls, and if it does not, throws one
 * {@link NativeAccessError} naming the exact flag. Without it the first use under
 * {@code --illegal-native-access=deny} died with an {@link ExceptionInInitializerError} in the generated code,
 * then {@link NoClassDefFoundError}s, naming no flag.
 *
 * <p>{@link Module#isNativeAccessEnabled()} true means granted. False alone does not mean denied: without
 * {@code deny} the JDK still allows the access, with a warning, and so does this library. So the guard then
 * makes one restricted call of its own, which throws exactly when the real ones would; where access is allowed
 * it prints the JDK's one warning per module that the first real call would have printed anyway.
 */
public final class NativeAccess {
    /** The flag for the library on the module path. */
    public static final String MODULE_PATH_FLAG = "--enable-native-access=io.github.panamasockets";
    /** The flag for the library on the class path. */
    public static final String CLASS_PATH_FLAG = "--enable-native-access=ALL-UNNAMED";

    private NativeAccess() {}

    /**
     * Returns when this library may make native calls.
     *
     * @throws NativeAccessError when the JVM denies them, naming the flag that grants them
     */
    public static void check() {
        Module module = NativeAccess.class.getModule();
        if (module.isNativeAccessEnabled()) {
            return;
        }
        try {
            ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_BYTE); // restricted: refused under deny only
        } catch (IllegalCallerException denied) {
            throw new NativeAccessError(message(module.isNamed()), denied);
        }
    }

    /**
     * The message for a denied grant.
     *
     * @param onModulePath whether the library runs as a named module
     * @return the sentence, naming the flag that fits first and the other one after
     */
    static String message(boolean onModulePath) {
        String where = onModulePath ? "module io.github.panamasockets" : "the unnamed module (the class path)";
        String flag = onModulePath ? MODULE_PATH_FLAG : CLASS_PATH_FLAG;
        return "panama-sockets needs native access, and this JVM denies it to " + where + ": add " + flag
                + " to the java command line (" + MODULE_PATH_FLAG + " when the library is on the module path, "
                + CLASS_PATH_FLAG + " on the class path, or the manifest attribute"
                + " 'Enable-Native-Access: ALL-UNNAMED' in an executable jar)";
    }
}
