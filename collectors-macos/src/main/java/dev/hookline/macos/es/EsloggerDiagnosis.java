package dev.hookline.macos.es;

/** What eslogger's stderr means, in words that say what to do. */
public final class EsloggerDiagnosis {
    public static final String FULL_DISK_ACCESS_HELP = "grant Full Disk Access in System Settings → Privacy & Security"
            + " → Full Disk Access to the program responsible for hookline: the terminal app you start it from"
            + " (Terminal, iTerm2...) or, when launchd runs it, the hookline launcher executable named in the"
            + " LaunchDaemon plist; then restart hookline";

    private EsloggerDiagnosis() {
    }

    /** True when the failure cannot go away by restarting alone (a person must act). */
    public static boolean needsPerson(String stderr) {
        return stderr != null && (stderr.contains("ERR_NOT_PERMITTED") || stderr.contains("ERR_NOT_PRIVILEGED")
                || stderr.contains("ERR_NOT_ENTITLED"));
    }

    public static String explain(String stderr, int exitCode) {
        String s = stderr == null ? "" : stderr;
        if (s.contains("ES_NEW_CLIENT_RESULT_ERR_NOT_PERMITTED") || s.contains("ERR_NOT_PERMITTED")) {
            return "eslogger was refused by Endpoint Security (ES_NEW_CLIENT_RESULT_ERR_NOT_PERMITTED): the process"
                    + " responsible for hookline lacks Full Disk Access; " + FULL_DISK_ACCESS_HELP;
        }
        if (s.contains("ERR_NOT_PRIVILEGED")) {
            return "eslogger needs root (ES_NEW_CLIENT_RESULT_ERR_NOT_PRIVILEGED): run hookline with sudo or as a"
                    + " LaunchDaemon";
        }
        if (s.contains("ERR_TOO_MANY_CLIENTS")) {
            return "Endpoint Security has too many clients (ES_NEW_CLIENT_RESULT_ERR_TOO_MANY_CLIENTS): stop other"
                    + " eslogger instances or security tools and restart hookline";
        }
        if (s.contains("ERR_NOT_ENTITLED")) {
            return "eslogger is not entitled to Endpoint Security on this system (ES_NEW_CLIENT_RESULT_ERR_NOT_ENTITLED):"
                    + " use Apple's /usr/bin/eslogger, not a copy";
        }
        String tail = s.strip();
        if (tail.length() > 400) {
            tail = "..." + tail.substring(tail.length() - 400);
        }
        return "eslogger exited with code " + exitCode + (tail.isEmpty() ? "" : ": " + tail);
    }
}
