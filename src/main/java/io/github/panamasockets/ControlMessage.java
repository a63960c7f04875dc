package io.github.panamasockets;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One ancillary ("control") message of {@code sendmsg}/{@code recvmsg}: C's {@code struct cmsghdr} and its data,
 * decoded. {@link ControlMessages} builds them into native memory and parses what the kernel returns; anything
 * it does not understand arrives as {@link Raw}, with its level and type, so nothing is dropped.
 *
 * {@snippet :
 * unix.sendmsg(List.of(IoBuffer.of(data)), List.of(ControlMessage.Rights.of(socketToPass)), 0, null);
 * MsgResult r = peer.recvmsg(List.of(IoBuffer.of(buf)), (int) ControlMessages.spaceForFds(1), 0);
 * for (ControlMessage m : r.control()) {
 *     if (m instanceof ControlMessage.Rights rights) { ... rights.received() ... }
 * }
 * }
 */
public sealed interface ControlMessage {
    /** {@return {@code cmsg_level}: {@code SOL_SOCKET}, {@code IPPROTO_IP}, {@code IPPROTO_IPV6}, ...} */
    int level();

    /** {@return {@code cmsg_type}: {@code SCM_RIGHTS}, {@code IP_PKTINFO}, ...} */
    int type();

    /**
     * {@code SCM_RIGHTS}: file descriptors. Sent as their owners (sockets, {@link OwnedFd}s), which the library
     * holds open during the call; received as {@link OwnedFd}s the caller now owns (each closes exactly once,
     * also when ignored).
     *
     * @param fds the descriptors, at least one
     */
    record Rights(List<? extends DescriptorOwner> fds) implements ControlMessage {
        /** Copies the list and refuses an empty one. */
        public Rights {
            fds = List.copyOf(fds);
            if (fds.isEmpty()) {
                throw new IllegalArgumentException("SCM_RIGHTS needs at least one descriptor");
            }
        }

        /**
         * {@return the message}
         *
         * @param fds the descriptors to pass
         */
        public static Rights of(DescriptorOwner... fds) {
            return new Rights(List.of(fds));
        }

        @Override public int level() { return SocketConstants.SOL_SOCKET; }
        @Override public int type() { return SocketConstants.SCM_RIGHTS; }

        /**
         * The descriptors of a received message; the caller owns them and closes them.
         *
         * @return the received descriptors, as {@link OwnedFd}s
         * @throws ClassCastException for a message built for sending with sockets in it
         */
        public List<OwnedFd> received() {
            return fds.stream().map(OwnedFd.class::cast).toList();
        }
    }

    /**
     * {@code SCM_CREDENTIALS}: a process's credentials. The receiver must have {@code SO_PASSCRED} set; the
     * kernel checks what a sender claims (only a privileged sender may claim another's).
     *
     * @param pid process id
     * @param uid user id
     * @param gid group id
     */
    record Credentials(int pid, int uid, int gid) implements ControlMessage {
        @Override public int level() { return SocketConstants.SOL_SOCKET; }
        @Override public int type() { return SocketConstants.SCM_CREDENTIALS; }
    }

    /**
     * {@code IP_PKTINFO}: on receipt (with the option {@code IP_PKTINFO} set), the interface and the local and
     * destination addresses of a datagram; on sending, the source address and interface to use.
     *
     * @param ifindex the interface index (0 on sending: any)
     * @param specDst the local address (on sending: the source address to use)
     * @param addr the header's destination address (ignored on sending)
     */
    record PacketInfo(int ifindex, Inet4Address specDst, Inet4Address addr) implements ControlMessage {
        /** Refuses null addresses. */
        public PacketInfo {
            Objects.requireNonNull(specDst, "specDst");
            Objects.requireNonNull(addr, "addr");
        }

        @Override public int level() { return SocketConstants.IPPROTO_IP; }
        @Override public int type() { return SocketConstants.IP_PKTINFO; }
    }

    /**
     * {@code IPV6_PKTINFO}: the destination address and interface of a received datagram (with
     * {@code IPV6_RECVPKTINFO}), or the source address and interface for a sent one.
     *
     * @param addr the address
     * @param ifindex the interface index
     */
    record Packet6Info(Inet6Address addr, int ifindex) implements ControlMessage {
        /** Refuses a null address. */
        public Packet6Info {
            Objects.requireNonNull(addr, "addr");
        }

        @Override public int level() { return SocketConstants.IPPROTO_IPV6; }
        @Override public int type() { return SocketConstants.IPV6_PKTINFO; }
    }

    /**
     * {@code IP_TOS}: the type-of-service byte of a received datagram (with {@code IP_RECVTOS}).
     *
     * @param tos the byte, 0..255
     */
    record TypeOfService(int tos) implements ControlMessage {
        @Override public int level() { return SocketConstants.IPPROTO_IP; }
        @Override public int type() { return SocketConstants.IP_TOS; }
    }

    /**
     * {@code IP_TTL}: the time-to-live of a received datagram (with {@code IP_RECVTTL}).
     *
     * @param ttl 0..255
     */
    record TimeToLive(int ttl) implements ControlMessage {
        @Override public int level() { return SocketConstants.IPPROTO_IP; }
        @Override public int type() { return SocketConstants.IP_TTL; }
    }

    /**
     * {@code SCM_TIMESTAMPNS} (with {@code SO_TIMESTAMPNS}) or {@code SCM_TIMESTAMP} (with {@code SO_TIMESTAMP},
     * microseconds): when the kernel received the data.
     *
     * @param type {@code SCM_TIMESTAMPNS} or {@code SCM_TIMESTAMP}
     * @param time the time
     */
    record Timestamp(int type, Instant time) implements ControlMessage {
        @Override public int level() { return SocketConstants.SOL_SOCKET; }
    }

    /**
     * {@code IP_RECVERR} / {@code IPV6_RECVERR}: an entry of the socket's error queue, read with
     * {@code MSG_ERRQUEUE} ({@code struct sock_extended_err} and the offending address).
     *
     * @param level {@code IPPROTO_IP} or {@code IPPROTO_IPV6}
     * @param type {@code IP_RECVERR} or {@code IPV6_RECVERR}
     * @param errno {@code ee_errno}, e.g. {@code ECONNREFUSED}
     * @param origin {@code ee_origin}: SO_EE_ORIGIN_LOCAL, _ICMP, _ICMP6, ...
     * @param icmpType {@code ee_type}
     * @param icmpCode {@code ee_code}
     * @param info {@code ee_info} (e.g. the path MTU for EMSGSIZE)
     * @param data {@code ee_data}
     * @param offender the address that reported the error, or {@code null} when there is none
     */
    record ExtendedError(int level, int type, int errno, int origin, int icmpType, int icmpCode, int info, int data,
                         SockAddr offender) implements ControlMessage {
    }

    /**
     * Any other control message, as the kernel sent it (or as the caller wants it sent).
     *
     * @param level {@code cmsg_level}
     * @param type {@code cmsg_type}
     * @param data the bytes after the header
     */
    record Raw(int level, int type, byte[] data) implements ControlMessage {
        /** Copies the data. */
        public Raw {
            data = data.clone();
        }

        /** {@return a copy of the data} */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && r.level == level && r.type == type && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(level, type, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Raw[level=" + level + ", type=" + type + ", " + data.length + " bytes]";
        }
    }
}
