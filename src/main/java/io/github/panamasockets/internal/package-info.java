/**
 * The library's machinery, not exported: one wrapper per C function ({@link io.github.panamasockets.internal.Libc}),
 * the one place that makes downcall handles, captures errno and maps it to exceptions
 * ({@link io.github.panamasockets.internal.NativeCall}, {@link io.github.panamasockets.internal.ErrnoExceptions}),
 * the descriptor's ownership ({@link io.github.panamasockets.internal.FdHandle}), the per-thread scratch memory,
 * the poller that parks virtual threads, the option codecs, tracing, and the guards that refuse an unsupported
 * platform or a missing native-access grant ({@link io.github.panamasockets.internal.Platform},
 * {@link io.github.panamasockets.internal.NativeAccess}).
 */
package io.github.panamasockets.internal;
