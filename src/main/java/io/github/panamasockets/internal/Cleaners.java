package io.github.panamasockets.internal;

import java.lang.ref.Cleaner;

/** The library's one {@link Cleaner}: a daemon thread that closes descriptors of sockets dropped without close. */
public final class Cleaners {
    private Cleaners() {}

    /** Shared by every socket. */
    public static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "panama-sockets-cleaner");
        t.setDaemon(true);
        return t;
    });
}
