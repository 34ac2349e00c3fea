package dev.hookline.watch;

import dev.hookline.install.InstallContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one package's install step did in a watched command: the programs its scripts ran, the endpoints they
 * connected to and the files they wrote (relative to the working directory when under it), each once, in the order
 * first seen.
 */
public record PackageActivity(String manager, String packageName, String version, String phase, List<String> spawned,
                              List<String> connected, List<String> wrote) {

    /** "evil-pkg@1.0.3, npm postinstall" */
    public String label() {
        return new InstallContext(manager, packageName, version, phase, null).label();
    }

    /** "evil-pkg@1.0.3, npm postinstall: spawned sh → curl; connected to x:443; wrote .github/workflows/ci.yml" */
    public String line() {
        StringBuilder b = new StringBuilder(label()).append(':');
        String sep = " ";
        if (!spawned.isEmpty()) {
            b.append(sep).append("spawned ").append(String.join(" → ", spawned));
            sep = "; ";
        }
        if (!connected.isEmpty()) {
            b.append(sep).append("connected to ").append(String.join(", ", connected));
            sep = "; ";
        }
        if (!wrote.isEmpty()) {
            b.append(sep).append("wrote ").append(String.join(", ", wrote));
            sep = "; ";
        }
        if (sep.equals(" ")) {
            b.append(" nothing seen");
        }
        return b.toString();
    }

    /** Accumulates one package step's activity while the analyzer walks the rows. */
    static final class Builder {
        final InstallContext context;
        private final Set<String> spawned = new LinkedHashSet<>();
        private final Set<String> connected = new LinkedHashSet<>();
        private final Set<String> wrote = new LinkedHashSet<>();

        Builder(InstallContext context) {
            this.context = context;
        }

        void spawned(String fileName) {
            add(spawned, fileName);
        }

        void connected(String target) {
            add(connected, target);
        }

        void wrote(String path) {
            add(wrote, path);
        }

        private static void add(Set<String> s, String v) {
            if (v != null && !v.isEmpty() && s.size() < WatchAnalyzer.MAX_ROWS) {
                s.add(v);
            }
        }

        PackageActivity build() {
            return new PackageActivity(context.manager(), context.packageName(), context.version(), context.phase(),
                    new ArrayList<>(spawned), new ArrayList<>(connected), new ArrayList<>(wrote));
        }
    }
}
