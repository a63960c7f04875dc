package io.github.panamasockets;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The child process of {@link SocketOptionsUnprivilegedTest}: run as an unprivileged user (no capabilities),
 * it checks that the privileged options fail with {@code EPERM} and that the others behave as they do for
 * root. No JUnit here: it prints one line per check ({@code PASS name}, {@code FAIL name: why},
 * {@code SKIP name: why}) and exits with 0 when nothing failed, 1 when something did, and 2 when it finds
 * itself privileged after all, so that its results would mean nothing.
 */
public final class UnprivilegedOptionsMain {
    private int failures;

    private UnprivilegedOptionsMain() {}

    /**
     * Runs the checks.
     *
     * @param args none
     * @throws IOException when a socket cannot be created at all
     */
    public static void main(String[] args) throws IOException {
        String effective = statusField("CapEff");
        System.out.println("INFO uid " + statusField("Uid") + ", CapEff " + effective);
        if (Long.parseUnsignedLong(effective, 16) != 0) {
            System.out.println("PRIVILEGED: effective capabilities " + effective);
            System.exit(2);
        }
        UnprivilegedOptionsMain child = new UnprivilegedOptionsMain();
        child.run();
        System.exit(child.failures == 0 ? 0 : 1);
    }

    private void run() throws IOException {
        try (PosixSocket udp = PosixSocket.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM, 0);
             PosixSocket tcp = PosixSocket.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM, 0)) {
            expectErrno("SO_MARK", Errno.EPERM, () -> udp.setOption(PosixSocketOptions.SO_MARK, 1));
            check("SO_MARK unchanged", () -> udp.getOption(PosixSocketOptions.SO_MARK) == 0);
            check("SO_PRIORITY 6", () -> {
                udp.setOption(PosixSocketOptions.SO_PRIORITY, 6);
                return udp.getOption(PosixSocketOptions.SO_PRIORITY) == 6;
            });
            expectErrno("SO_PRIORITY 7", Errno.EPERM, () -> udp.setOption(PosixSocketOptions.SO_PRIORITY, 7));
            long rmemMax = sysctl("net/core/rmem_max");
            int wanted = (int) Math.min(Integer.MAX_VALUE / 4, rmemMax * 2);
            expectErrno("SO_RCVBUFFORCE", Errno.EPERM, () -> udp.setOption(PosixSocketOptions.SO_RCVBUFFORCE, wanted));
            expectErrno("SO_SNDBUFFORCE", Errno.EPERM, () -> udp.setOption(PosixSocketOptions.SO_SNDBUFFORCE, wanted));
            check("SO_RCVBUF clamped to rmem_max as for root", () -> {
                udp.setOption(StandardSocketOptions.SO_RCVBUF, wanted);
                return udp.getOption(StandardSocketOptions.SO_RCVBUF) == Math.min(wanted, rmemMax) * 2;
            });
            bindToDevice(udp);
            check("TCP_NODELAY", () -> {
                tcp.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return tcp.getOption(StandardSocketOptions.TCP_NODELAY);
            });
            congestionControl(tcp);
        }
    }

    /** Linux 5.7 and newer let anyone bind an unbound socket to a device once; changing it needs CAP_NET_RAW. */
    private void bindToDevice(PosixSocket udp) {
        if (kernelAtLeast(5, 7)) {
            check("SO_BINDTODEVICE lo, once", () -> {
                udp.setOption(PosixSocketOptions.SO_BINDTODEVICE, "lo");
                return udp.getOption(PosixSocketOptions.SO_BINDTODEVICE).equals("lo");
            });
            expectErrno("SO_BINDTODEVICE \"\" (unbinding)", Errno.EPERM,
                    () -> udp.setOption(PosixSocketOptions.SO_BINDTODEVICE, ""));
        } else {
            expectErrno("SO_BINDTODEVICE lo", Errno.EPERM, () -> udp.setOption(PosixSocketOptions.SO_BINDTODEVICE, "lo"));
        }
    }

    /** An algorithm the kernel has but does not allow to everyone needs CAP_NET_ADMIN. */
    private void congestionControl(PosixSocket tcp) throws IOException {
        List<String> available = Arrays.asList(sysctlText("net/ipv4/tcp_available_congestion_control").split("\\s+"));
        List<String> allowed = Arrays.asList(sysctlText("net/ipv4/tcp_allowed_congestion_control").split("\\s+"));
        List<String> restricted = new ArrayList<>(available);
        restricted.removeAll(allowed);
        if (restricted.isEmpty()) {
            System.out.println("SKIP TCP_CONGESTION restricted: every available algorithm is allowed " + allowed);
            return;
        }
        String name = restricted.getFirst();
        expectErrno("TCP_CONGESTION " + name + " (not in " + allowed + ")", Errno.EPERM,
                () -> tcp.setOption(PosixSocketOptions.TCP_CONGESTION, name));
        check("TCP_CONGESTION reno (allowed)", () -> {
            tcp.setOption(PosixSocketOptions.TCP_CONGESTION, "reno");
            return tcp.getOption(PosixSocketOptions.TCP_CONGESTION).equals("reno");
        });
    }

    private interface Action {
        void run() throws Exception;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private void expectErrno(String name, int errno, Action action) {
        try {
            action.run();
            fail(name, "succeeded; expected " + Errno.name(errno));
        } catch (IOException e) {
            if (e instanceof PosixError p && p.errno() == errno && e.getMessage().contains(name.split(" ")[0])) {
                System.out.println("PASS " + name + ": " + e.getMessage());
            } else {
                fail(name, "expected " + Errno.name(errno) + ", got " + e);
            }
        } catch (Exception e) {
            fail(name, "expected " + Errno.name(errno) + ", got " + e);
        }
    }

    private void check(String name, Condition condition) {
        try {
            if (condition.holds()) {
                System.out.println("PASS " + name);
            } else {
                fail(name, "did not hold");
            }
        } catch (Exception e) {
            fail(name, e.toString());
        }
    }

    private void fail(String name, String why) {
        failures++;
        System.out.println("FAIL " + name + ": " + why);
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = Integer.parseInt(v[1]);
        return ma > major || (ma == major && mi >= minor);
    }

    private static String statusField(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new IOException("no " + field + " in /proc/self/status");
    }

    private static long sysctl(String name) throws IOException {
        return Long.parseLong(sysctlText(name));
    }

    private static String sysctlText(String name) throws IOException {
        return String.join(" ", Files.readAllLines(Path.of("/proc/sys", name))).trim();
    }
}
