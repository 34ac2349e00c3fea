package dev.hookline.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code watch --baseline}: per package and version, what its install scripts did (programs run, hosts contacted,
 * files written outside the package's own directory), as sorted YAML a reviewer can diff in a pull request. A later
 * run compares against it by package, whatever the version: an approved package whose new version contacts a new
 * host, or a package not in the baseline that runs scripts at all, is new behaviour.
 */
public final class Baseline {
    /** One package version's recorded behaviour; lists sorted, so the file diffs cleanly. */
    public record Entry(String manager, String name, String version, List<String> phases, List<String> binaries,
                        List<String> hosts, List<String> writes) {
        String key() {
            return manager + "/" + name;
        }
    }

    /** The file's shape: a comment-free document with one list. */
    public record File(String hookline, List<Entry> packages) {
    }

    static final String FORMAT = "watch-baseline/1";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private final Map<String, Entry> entries = new TreeMap<>();

    /** The behaviour of a run's package steps, phases of one package version merged. */
    public static Baseline of(List<PackageActivity> packages) {
        Baseline b = new Baseline();
        for (PackageActivity p : packages) {
            List<String> writes = new ArrayList<>();
            for (String w : p.wrote()) {
                if (!insidePackage(w, p)) {
                    writes.add(w);
                }
            }
            b.add(new Entry(p.manager(), p.packageName(), p.version() == null ? "" : p.version(),
                    p.phase() == null ? List.of() : List.of(p.phase()), p.spawned(), p.connected(), writes));
        }
        return b;
    }

    /** Parses a baseline file; a malformed one is an error naming line and column. */
    public static Baseline parse(String yaml, String where) {
        File f;
        try {
            f = YAML.readValue(yaml, File.class);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(where + at + ": not a hookline watch baseline: "
                    + e.getOriginalMessage());
        }
        if (f == null || !FORMAT.equals(f.hookline())) {
            throw new IllegalArgumentException(where + ": not a hookline watch baseline (expected 'hookline: "
                    + FORMAT + "')");
        }
        Baseline b = new Baseline();
        for (Entry e : f.packages() == null ? List.<Entry>of() : f.packages()) {
            if (e.manager() == null || e.name() == null) {
                throw new IllegalArgumentException(where + ": a package entry lacks manager or name: " + e);
            }
            b.add(e);
        }
        return b;
    }

    public String yaml() {
        try {
            return YAML.writeValueAsString(new File(FORMAT, List.copyOf(entries.values())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This baseline with {@code other}'s entries merged in (what {@code --update-baseline} writes). */
    public Baseline merge(Baseline other) {
        Baseline b = new Baseline();
        entries.values().forEach(b::add);
        other.entries.values().forEach(b::add);
        return b;
    }

    /**
     * What {@code now} did that this baseline never saw its package do (in any recorded version), one readable
     * line per finding, sorted.
     */
    public List<String> newBehaviour(Baseline now) {
        Map<String, Entry> known = new TreeMap<>();
        for (Entry e : entries.values()) {
            known.merge(e.key(), e, Baseline::union);
        }
        Set<String> out = new TreeSet<>();
        for (Entry e : now.entries.values()) {
            String who = e.name() + (e.version().isEmpty() ? "" : "@" + e.version()) + " (" + e.manager() + ")";
            Entry k = known.get(e.key());
            if (k == null) {
                out.add(who + ": not in the baseline, runs install scripts " + e.phases());
                continue;
            }
            String was = " (baseline: " + versionsOf(e.key()) + ")";
            diff(out, who, "runs new program ", e.binaries(), k.binaries(), was);
            diff(out, who, "contacts new host ", e.hosts(), k.hosts(), was);
            diff(out, who, "writes new path ", e.writes(), k.writes(), was);
        }
        return new ArrayList<>(out);
    }

    private String versionsOf(String key) {
        List<String> v = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.key().equals(key)) {
                v.add(e.version().isEmpty() ? "?" : e.version());
            }
        }
        return String.join(", ", v);
    }

    private static void diff(Set<String> out, String who, String what, List<String> now, List<String> known,
                             String was) {
        for (String x : now) {
            if (!known.contains(x)) {
                out.add(who + ": " + what + x + was);
            }
        }
    }

    private void add(Entry e) {
        entries.merge(e.key() + "@" + e.version(), sorted(e), Baseline::union);
    }

    private static Entry sorted(Entry e) {
        return new Entry(e.manager(), e.name(), e.version() == null ? "" : e.version(), sort(e.phases()),
                sort(e.binaries()), sort(e.hosts()), sort(e.writes()));
    }

    private static Entry union(Entry a, Entry b) {
        return new Entry(a.manager(), a.name(), a.version(), union(a.phases(), b.phases()),
                union(a.binaries(), b.binaries()), union(a.hosts(), b.hosts()), union(a.writes(), b.writes()));
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> s = new TreeSet<>(a == null ? List.of() : a);
        s.addAll(b == null ? List.of() : b);
        return new ArrayList<>(s);
    }

    private static List<String> sort(List<String> l) {
        return l == null ? List.of() : new ArrayList<>(new TreeSet<>(l));
    }

    /**
     * A write inside the package's own directory (its node_modules folder, pip's build directory, cargo's build
     * output) is the install doing its job, not behaviour a baseline tracks.
     */
    static boolean insidePackage(String path, PackageActivity p) {
        String name = p.packageName();
        return path.contains("node_modules/" + name + "/") || path.startsWith("/tmp/pip-")
                || path.contains("/build/" + name + "-") || path.contains("/build/" + name.replace('-', '_') + "-");
    }

    /** Entries in key order (tests). */
    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

}
