package dev.hookline.watch;

import java.util.List;

/**
 * What a watched command did, as the summary shows it. Alerts are split into those raised by the command's
 * process tree (they decide {@code --fail-on}) and a count of those raised elsewhere on the host meanwhile.
 */
public record WatchReport(List<String> command, int exitCode, long startNanos, long endNanos, int processes,
                          List<Spawn> installerSpawns, List<Endpoint> endpoints, List<FileWrite> sensitiveWrites,
                          List<FileWrite> workdirWrites, int workdirWriteCount, List<AlertLine> alerts,
                          int otherHostAlerts, List<String> notes, List<PackageActivity> packages) {

    /** A process a package manager or installer started. */
    public record Spawn(long timeNanos, String parent, long parentPid, String fileName, long pid, String commandLine) {
    }

    /** One outbound endpoint of one process: host name when DNS told it (RemoteUrl), else the address. */
    public record Endpoint(String process, long pid, String commandLine, String remoteUrl, String remoteIp,
                           long remotePort, String ipType, String action) {
        public String target() {
            String host = remoteUrl == null || remoteUrl.isEmpty() ? remoteIp : remoteUrl + " (" + remoteIp + ")";
            return host + (remotePort > 0 ? ":" + remotePort : "");
        }
    }

    /** A file the tree created, modified or renamed; category is set for a sensitive path. */
    public record FileWrite(long timeNanos, String action, String path, String process, long pid, String category) {
    }

    /**
     * One alert line, reduced to what the summary shows; {@code install} is the package step it happened under
     * ("evil@1.0.3, npm postinstall") or null, {@code title} the rule's title (naming that package).
     */
    public record AlertLine(String severity, String ruleId, String arm, String process, String detail, String alertId,
                            String install, String title) {
    }

    /** The highest-ranked alert at or above the threshold, or null; threshold null never fails. */
    public AlertLine failingAlert(String threshold) {
        if (threshold == null) {
            return null;
        }
        int min = Severity.rank(threshold);
        AlertLine worst = null;
        for (AlertLine a : alerts) {
            int r = Severity.rank(a.severity());
            if (r >= min && (worst == null || r > Severity.rank(worst.severity()))) {
                worst = a;
            }
        }
        return worst;
    }
}
