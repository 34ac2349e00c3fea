package dev.hookline.install;

import java.util.Map;

/**
 * The probe of a collector that cannot read a live process (Windows ETW, macOS eslogger): no environment, the
 * working directory the exec event carried (eslogger's {@code cwd}; ETW has none), and plain files (package.json
 * for a version) read with java.nio, since the agent runs on the host it watches. The collector calls
 * {@link #sawExec} right before it asks the resolver about that exec.
 */
public final class SeenProbe implements InstallProbe {
    private long pid = -1;
    private String cwd;

    /** The exec about to be resolved: its pid and working directory (null when the event has none). */
    public void sawExec(long execPid, String workingDirectory) {
        this.pid = execPid;
        this.cwd = workingDirectory;
    }

    @Override
    public Map<String, String> environ(long p) {
        return null;
    }

    @Override
    public String cwd(long p) {
        return p == pid ? cwd : null;
    }
}
