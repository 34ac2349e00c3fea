package dev.hookline.linux;

import com.sun.jna.LastErrorException;
import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.Platform;
import dev.hookline.collector.RawReplay;
import dev.hookline.linux.audit.AuditCollector;
import dev.hookline.linux.audit.AuditReplay;
import dev.hookline.linux.audit.AuditSettings;
import dev.hookline.linux.audit.AuditSocket;
import dev.hookline.linux.jna.LibC;
import dev.hookline.linux.jna.NetlinkSocket.NetlinkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** ServiceLoader entry for the Linux audit collector ("linux-audit"): process and network events. */
public final class LinuxAuditProvider implements CollectorProvider {
    static final int CAP_AUDIT_CONTROL = 30;

    @Override
    public String name() {
        return AuditCollector.NAME;
    }

    @Override
    public boolean forThisPlatform() {
        return Platform.current() == Platform.LINUX;
    }

    @Override
    public String unsupportedReason() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "linux-audit needs Linux; this is " + os;
        }
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return "linux-audit builds its audit rules for x86_64 syscall numbers; this machine is " + arch;
        }
        long caps = effectiveCapabilities(Path.of("/proc/self/status"));
        if (caps >= 0 && (caps & (1L << CAP_AUDIT_CONTROL)) == 0) {
            return "linux-audit needs root (CAP_AUDIT_CONTROL) to register as the audit daemon and install audit "
                    + "rules; run hookline as root";
        }
        return probeKernel();
    }

    /** Null when a NETLINK_AUDIT socket opens and AUDIT_GET answers; otherwise what is missing. */
    static String probeKernel() {
        try (AuditSocket s = AuditSocket.open(0)) {
            s.getStatus(null);
            return null;
        } catch (NetlinkException e) {
            if (e.errno() == LibC.EPROTONOSUPPORT) {
                return "the kernel has no audit support: socket(NETLINK_AUDIT) failed with EPROTONOSUPPORT "
                        + "(kernel built without CONFIG_AUDIT, or booted with audit=0)";
            }
            if (e.errno() == LibC.ECONNREFUSED || e.errno() == LibC.EPERM) {
                return "the kernel refuses audit requests from here (" + e.getMessage() + "): audit works only from "
                        + "the initial user and network namespace, as root; run hookline on the host, not in a container";
            }
            return "the kernel audit interface does not answer: " + e.getMessage();
        } catch (IOException | LastErrorException e) {
            return "the kernel audit interface does not answer: " + e.getMessage();
        } catch (UnsatisfiedLinkError e) {
            return "libc could not be loaded through JNA: " + e.getMessage();
        }
    }

    /** CapEff from /proc/self/status, or -1 when unreadable. */
    static long effectiveCapabilities(Path status) {
        try {
            return parseCapEff(Files.readString(status));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseCapEff(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        return -1;
    }

    /** Recorded audit records replay through the collector's parser, assembler and mapper. */
    @Override
    public RawReplay replay() {
        return new AuditReplay();
    }

    @Override
    public Record defaultSettings() {
        return AuditSettings.DEFAULTS;
    }


    @Override
    public Collector create(CollectorContext context) throws CollectorException {
        try {
            return new AuditCollector(context, context.settings(AuditSettings.DEFAULTS));
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage(), e);
        }
    }
}
