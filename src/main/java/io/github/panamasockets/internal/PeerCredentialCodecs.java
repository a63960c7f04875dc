package io.github.panamasockets.internal;

import io.github.panamasockets.PeerCredentials;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;
import jdk.net.UnixDomainPrincipal;

/** {@code SO_PEERCRED}: {@code struct ucred}, as a {@link PeerCredentials} or as the JDK's principals. */
public final class PeerCredentialCodecs {
    private PeerCredentialCodecs() {}

    /** What the kernel reports as the user and group of a socket that has no peer: {@code (uid_t) -1}. */
    private static final int NO_ID = -1;

    /** This library's form: process id, user id and group id. */
    public static final OptionCodec<PeerCredentials> CREDENTIALS = new UcredCodec<>(PeerCredentials.class) {
        @Override
        PeerCredentials convert(int pid, int uid, int gid) {
            return new PeerCredentials(pid, uid, gid);
        }
    };

    /**
     * The JDK's form, {@code jdk.net.ExtendedSocketOptions.SO_PEERCRED}: the user and group as principals. They
     * come from the default file system's lookup service, given the numeric id; that service takes a number it
     * finds no name for as the id itself, and its principals compare by id, so they equal the ones the JDK makes
     * from the same ids. (A user or group whose name is itself a number other than its id would be found by that
     * name instead.) A socket without a peer throws {@link SocketException}, as the JDK's channels do.
     */
    public static final OptionCodec<UnixDomainPrincipal> PRINCIPAL = new UcredCodec<>(UnixDomainPrincipal.class) {
        @Override
        UnixDomainPrincipal convert(int pid, int uid, int gid) throws IOException {
            if (uid == NO_ID || gid == NO_ID) {
                // The JDK's contract for this option: a socket without a peer is an error, not a principal.
                throw new SocketException("SO_PEERCRED: the socket has no peer (it is not connected)");
            }
            UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
            return new UnixDomainPrincipal(lookup.lookupPrincipalByName(Integer.toUnsignedString(uid)),
                    lookup.lookupPrincipalByGroupName(Integer.toUnsignedString(gid)));
        }
    };

    private abstract static class UcredCodec<T> implements OptionCodec<T> {
        private final Class<T> type;

        UcredCodec(Class<T> type) {
            this.type = type;
        }

        abstract T convert(int pid, int uid, int gid) throws IOException;

        @Override
        public Class<T> type() {
            return type;
        }

        @Override
        public long capacity() {
            return Structs.UCRED.byteSize();
        }

        @Override
        public MemorySegment encode(String option, T value, SegmentAllocator allocator) {
            throw new AssertionError(option + " is read-only; nothing writes it");
        }

        @Override
        public T decode(String option, MemorySegment value, int length) throws IOException {
            ScalarCodecs.requireWhole(option, length, Structs.UCRED.byteSize());
            return convert(value.get(ValueLayout.JAVA_INT, Structs.UCRED_PID),
                    value.get(ValueLayout.JAVA_INT, Structs.UCRED_UID),
                    value.get(ValueLayout.JAVA_INT, Structs.UCRED_GID));
        }
    }
}
