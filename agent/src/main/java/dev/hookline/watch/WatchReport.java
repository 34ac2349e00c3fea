package dev.hookline.watch;

import dev.hookline.install.InstallContext;
import java.util.List;

/**
 * What a watched command did, as the summary shows it. Alerts are split into those raised by the command's
 * process tree (they decide {@code --fail-on}) and a count of those raised elsewhere on the host meanwhile.
 */
public record WatchReport(List<String> command, int exitCode, long startNanos, long endNanos, int processes,
                          List<Spawn> installerSpawns, List<Endpoint> endpoints, List<FileWrite> sensitiveWrites,
                          List<FileWrite> workdirWrites, int workdirWriteCount, List<AlertLine> alerts,
                          int otherHostAlerts, List<String> notes, List<PackageActivity> packages,
                          List<String> newBehaviour) {

    /** The same report with what {@code --baseline} found new. */
    public WatchReport withNewBehaviour(List<String> found) {
        return new WatchReport(command, exitCode, startNanos, endNanos, processes, installerSpawns, endpoints,
                sensitiveWrites, workdirWrites, workdirWriteCount, alerts, otherHostAlerts, notes, packages,
                List.copyOf(found));
    }

    /** A process a package manager or installer started. */
    public record Spawn(long timeNanos, String parent, long parentPid, String fileName, long pid, String commandLine) {
    }

    /** One outbound endpoint of one process: host name when DNS told it (RemoteUrl), else the address. */
    public record Endpoint(String process, long pid, String commandLine, String remoteUrl, String remoteIp,
                           long remotePort, String ipType, String action) {
        /** "host:port": the name when DNS told it, else the address (what a baseline records). */
        public String hostPort() {
            return (remoteUrl == null || remoteUrl.isEmpty() ? remoteIp : remoteUrl) + (remotePort > 0 ? ":" + remotePort : "");
        }

        public String target() {
            String host = remoteUrl == null || remoteUrl.isEmpty() ? remoteIp : remoteUrl + " (" + remoteIp + ")";
            return host + (remotePort > 0 ? ":" + remotePort : "");
        }
    }

    /** A file the tree created, modified or renamed; category is set for a sensitive path. */
    public record FileWrite(long timeNanos, String action, String path, String process, long pid, String category) {
    }

    /**
     * One alert line, reduced to what the summary shows; {@code install} is the identified package step it happened
     * under or null, {@code ruleTitle} the rule's title.
     */
    public record AlertLine(String severity, String ruleId, String arm, String process, String detail, String alertId,
                            InstallContext install, String ruleTitle) {
        /** "evil@1.0.3, npm postinstall", or null. */
        public String installLabel() {
            return install == null ? null : install.label();
        }

        /** The rule's title, naming the package where known. */
        public String title() {
            return install == null ? ruleTitle : ruleTitle + " (" + install.label() + ")";
        }
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
