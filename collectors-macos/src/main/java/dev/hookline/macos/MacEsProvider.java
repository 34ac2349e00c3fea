package dev.hookline.macos;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.Platform;
import dev.hookline.collector.RawReplay;
import dev.hookline.macos.es.EsloggerDiagnosis;
import dev.hookline.macos.es.ProcessLauncher;
import dev.hookline.macos.net.LibProc;
import dev.hookline.macos.net.LibProcSockets;
import dev.hookline.macos.proc.Accounts;
import dev.hookline.macos.proc.LibC;
import dev.hookline.macos.proc.MacProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * ServiceLoader entry for the macOS collector ("macos-es"). Native libraries are touched only in
 * {@link #create} on macOS, never while answering {@link #unsupportedReason()} elsewhere.
 */
public final class MacEsProvider implements CollectorProvider {
    @Override
    public String name() {
        return MacEsCollector.NAME;
    }

    @Override
    public boolean forThisPlatform() {
        return Platform.current() == Platform.MACOS;
    }

    @Override
    public String unsupportedReason() {
        return reason(System.getProperty("os.name", ""), System.getProperty("os.version", ""),
                Path.of(MacSettings.DEFAULTS.eslogger()), System.getProperty("user.name", ""));
    }

    static String reason(String osName, String osVersion, Path eslogger, String user) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            return "not macOS";
        }
        if (!Files.isExecutable(eslogger)) {
            return "macos-es needs Apple's eslogger (" + eslogger + "), which ships with macOS 13 Ventura and later;"
                    + " this is macOS " + osVersion;
        }
        if (!"root".equals(user)) {
            return "macos-es needs root to run eslogger: start hookline with sudo or as a LaunchDaemon, and "
                    + EsloggerDiagnosis.FULL_DISK_ACCESS_HELP;
        }
        return null;
    }

    @Override
    public Record defaultSettings() {
        return MacSettings.DEFAULTS;
    }


    /** Recorded eslogger lines replay through the collector's parser and mapper, on any OS. */
    @Override
    public RawReplay replay() {
        return new MacEsReplay();
    }

    @Override
    public Collector create(CollectorContext context) throws CollectorException {
        MacSettings s;
        try {
            s = context.settings(MacSettings.DEFAULTS);
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage(), e);
        }
        try {
            Accounts accounts = Accounts.system(context.host() == null ? null : context.host().deviceName());
            LibProc lib = LibProc.instance();
            MacProcesses processes = new MacProcesses(lib, LibC.instance(), accounts);
            LibProcSockets sockets = s.network() ? new LibProcSockets(lib) : null;
            return new MacEsCollector(context, s, ProcessLauncher.SYSTEM, accounts, processes, sockets);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CollectorException("libproc/libc could not be loaded through JNA: " + e.getMessage(), e);
        }
    }
}
