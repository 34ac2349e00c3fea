package dev.hookline.kql;

import dev.hookline.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A necessary condition of a streaming arm, proven from its leading filters: a row can only pass when at least one
 * of the gate's probes holds for the event, so a detector may skip the arm for an event that meets none of them.
 * A probe reads the string column {@code columnId} (missing reads as "", as the arm does) and holds when
 * <ul>
 * <li>{@link Match#EQUALS}: the value equals one of {@code keys}, char by char after Kusto's case folding when
 * {@code ci} (keys are stored folded then). From `Col in~ (...)`, `Col in (...)`, `Col =~ "..."`.</li>
 * <li>{@link Match#TERM}: one of the value's terms (maximal runs of ASCII letters and digits, as `has` sees
 * them) equals one of {@code keys}, folded when ci. From `Col has "..."`, `has_any`, `has_all`: every term of
 * a needle is a whole term of any value the needle is found in, so one term per needle is a key. A value holding a
 * char above 127 always passes: folding can turn such a char into an ASCII letter (ſ to s, the Kelvin sign to k),
 * so its terms are not the ones the operator matches against.</li>
 * <li>{@link Match#NAME}: the value's last path segment (what follows its last '/', the whole value when it has
 * none) equals one of {@code keys}, folded when ci. From `Col endswith "/name"` and or-lists of such (what Sigma's
 * `Image|endswith: '/curl'` becomes): a value ending with "/curl" has its last '/' right before "curl", since
 * folding never turns another char into '/', so its last segment is "curl" whatever the case; a needle with more
 * segments ("/bin/bash") keys on its last one, still a necessary condition. The same hash probe as {@link
 * Match#EQUALS} on a column's file name, read from the path itself, never from the FileName column (a row may have
 * a path and no FileName, or a FileName that differs).</li>
 * <li>{@link Match#CONTAINS}: the value contains one of {@code keys}, char by char after Kusto's case folding
 * when ci (keys stored folded). From `Col contains`, `startswith`, `endswith` (a value starting or ending with a
 * needle contains it) and or-lists of them; for `has_all`-like lists of contains, the longest needle. A detector
 * finds all of a column's keys in one pass over the value (see the rules' ArmSelector).</li>
 * <li>{@link Match#WRITTEN}: the value is a path the recent-writes index ({@link WriteHistory}) holds a write of,
 * at most its longest window before the event's Timestamp (no keys). From `hookline_recently_written_by(Col, ...)`
 * and `hookline_recently_written_below(Col, ...)`, which ask that and more.</li>
 * <li>{@link Match#NUMBER}: the integer column {@code columnId} (int or long: RemotePort, ProcessId) holds one of
 * the integers whose decimal forms are {@code keys} (ci unused); a missing value holds none. From `Col in (1, 2)`
 * and `Col == 1` over whole-number constants: a null never equals, so the row cannot pass. `!in` and `!=` give no
 * gate (a row passes on any other value).</li>
 * </ul>
 * `and` keeps the narrower of its parts' gates, `or` the union of both (none when either has none).
 */
public record ArmGate(List<Probe> probes) {
    public enum Match { EQUALS, TERM, NAME, CONTAINS, WRITTEN, NUMBER }

    /** One column test; see {@link ArmGate}. */
    public record Probe(int columnId, boolean ci, Match match, Set<String> keys) {
        public Probe {
            keys = Set.copyOf(keys);
        }
    }

    /** Terms so common in command lines and paths that a gate keyed on one would pass nearly every event. */
    private static final Set<String> COMMON_TERMS = Set.of("bin", "usr", "dev", "tmp", "var", "etc", "lib", "home",
            "local", "share", "null", "exe", "cmd", "com", "org", "http", "https", "www", "sh", "c", "e", "i", "0", "1");

    public ArmGate {
        probes = List.copyOf(probes);
    }

    /** Whether a gate keyed on this term would let through most events (the compiler avoids keying on one). */
    public static boolean isCommonTerm(String term) {
        return COMMON_TERMS.contains(term.toLowerCase(Locale.ROOT));
    }

    public static ArmGate equality(int columnId, boolean ci, Set<String> keys) {
        return new ArmGate(List.of(new Probe(columnId, ci, Match.EQUALS, keys)));
    }

    public static ArmGate terms(int columnId, boolean ci, Set<String> keys) {
        return new ArmGate(List.of(new Probe(columnId, ci, Match.TERM, keys)));
    }

    public static ArmGate names(int columnId, boolean ci, Set<String> keys) {
        return new ArmGate(List.of(new Probe(columnId, ci, Match.NAME, keys)));
    }

    /**
     * The gate of `Col endswith needle` for each needle (folded when ci), or null when one of them has no '/':
     * the keys are the needles' last segments (see {@link Match#NAME}).
     */
    public static ArmGate endsWithPath(int columnId, boolean ci, Iterable<String> needles) {
        Set<String> keys = new java.util.HashSet<>();
        for (String n : needles) {
            int slash = n.lastIndexOf('/');
            if (slash < 0) {
                return null;
            }
            keys.add(n.substring(slash + 1));
        }
        return keys.isEmpty() ? null : names(columnId, ci, keys);
    }

    /** The gate of `Col contains` one of needles (folded when ci), or null when one is empty (it holds always). */
    public static ArmGate containing(int columnId, boolean ci, Iterable<String> needles) {
        Set<String> keys = new java.util.HashSet<>();
        for (String n : needles) {
            if (n.isEmpty()) {
                return null;
            }
            keys.add(n);
        }
        return keys.isEmpty() ? null : new ArmGate(List.of(new Probe(columnId, ci, Match.CONTAINS, keys)));
    }

    /** The gate of an integer column equal to one of values (see {@link Match#NUMBER}); null when there are none. */
    public static ArmGate numbers(int columnId, Set<Long> values) {
        Set<String> keys = new java.util.HashSet<>();
        for (long v : values) {
            keys.add(Long.toString(v));
        }
        return keys.isEmpty() ? null : new ArmGate(List.of(new Probe(columnId, false, Match.NUMBER, keys)));
    }

    public static ArmGate written(int columnId) {
        return new ArmGate(List.of(new Probe(columnId, false, Match.WRITTEN, Set.of())));
    }

    /**
     * How much a gate lets through, roughly: a key of an equality, file-name or integer probe counts 1, a contained needle 4
     * (32 when shorter than 4 chars: " -c" is in many command lines), a term key 8 (a term is one of
     * many in a value) and a common term ("bin", "tmp", "c") 64; a WRITTEN probe counts as wide (on a build host
     * most execs run files written minutes ago), and so does a key of ActionType (64): a table has a handful of
     * action types, each on a large share of its rows, so `ActionType in ("FileCreated", "FileModified")` beside
     * `FileName has_any (...)` must not be the gate an `or` takes of that side (the seed's CI-file arm ran on every
     * created or modified file).
     */
    double breadth() {
        double b = 0;
        for (Probe p : probes) {
            if (p.match == Match.WRITTEN) {
                b += 512;
            }
            for (String k : p.keys) {
                if (p.match == Match.EQUALS && p.columnId == Columns.ACTION_TYPE.id()) {
                    b += 64;
                    continue;
                }
                if (p.match == Match.CONTAINS) {
                    b += k.length() < 4 ? 32 : 4;
                    continue;
                }
                b += p.match == Match.EQUALS || p.match == Match.NAME || p.match == Match.NUMBER ? 1 : isCommonTerm(k) ? 64 : 8;
            }
        }
        return b;
    }

    /** Of two gates that both hold (either may be null), the one that lets fewer events through. */
    public static ArmGate narrower(ArmGate a, ArmGate b) {
        if (a == null) {
            return b;
        }
        return b != null && b.breadth() < a.breadth() ? b : a;
    }

    /** A gate for `a or b`: either one's probes; none when either side has none. */
    public static ArmGate either(ArmGate a, ArmGate b) {
        if (a == null || b == null) {
            return null;
        }
        List<Probe> all = new ArrayList<>(a.probes);
        all.addAll(b.probes);
        return new ArmGate(all);
    }
}
