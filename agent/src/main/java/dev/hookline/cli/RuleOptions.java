package dev.hookline.cli;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** Options shared by commands that load rules. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "PATH",
            description = "Rule file (.yaml, .kql, or a Sigma .yml) or directory; repeatable. Default: the built-in packs.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--tuning", paramLabel = "FILE",
            description = "Tuning file: extra exclusions, and `enable:` ids of shipped exclusions (off by default).")
    Path tuning;

    @Option(names = "--strict",
            description = "Stop at the first rule that does not load. Without it a Sigma rule Hookline cannot convert"
                    + " is skipped with one line naming the file, the feature and why.")
    boolean strict;

    /** The rules, failing at the first problem (as --strict). */
    List<Rule> load() {
        return load(KqlOptions.DEFAULT, null);
    }

    /**
     * The rules, their queries compiled with these options. Unless --strict (or no {@code err} to report on), a Sigma
     * rule that cannot be converted is skipped: one line on err per rule and a summary; any other file's error still
     * fails, all of them said at once.
     */
    List<Rule> load(KqlOptions options, PrintWriter err) {
        RuleLoader loader = new RuleLoader(options);
        List<Rule> out = new ArrayList<>();
        try {
            if (rules.isEmpty()) {
                out.addAll(loader.loadBuiltin());
            } else if (strict || err == null) {
                for (Path p : rules) {
                    out.addAll(loader.load(p));
                }
            } else {
                List<RuleLoader.Skipped> skipped = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                for (Path p : rules) {
                    RuleLoader.LoadReport r = loader.loadReport(p);
                    out.addAll(r.rules());
                    skipped.addAll(r.skipped());
                    errors.addAll(r.errors());
                }
                if (!errors.isEmpty()) {
                    throw new UserException(String.join("\n", errors));
                }
                for (RuleLoader.Skipped s : skipped) {
                    err.println("hookline: skipped " + s.message());
                }
                err.println("hookline: " + out.size() + (out.size() == 1 ? " rule" : " rules") + " loaded"
                        + (skipped.isEmpty() ? "" : ", " + skipped.size() + " Sigma " + (skipped.size() == 1 ? "rule"
                        : "rules") + " skipped (" + byFeature(skipped) + "); --strict makes a skipped rule an error"));
            }
        } catch (RuleException e) {
            throw new UserException(e.getMessage());
        } catch (KqlException e) {
            throw new UserException(e.getMessage());
        }
        Set<String> ids = new HashSet<>();
        for (Rule r : out) {
            if (!ids.add(r.id())) {
                throw new UserException("duplicate rule id " + r.id() + " (" + r.source() + ")");
            }
        }
        return out;
    }

    /** "3 field, 1 modifier": the skipped rules counted by the kind of feature refused. */
    static String byFeature(List<RuleLoader.Skipped> skipped) {
        Map<String, Integer> n = new TreeMap<>();
        skipped.forEach(s -> n.merge(s.feature(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((k, v) -> parts.add(v + " " + k));
        return String.join(", ", parts);
    }

    Tuning tuning() {
        if (tuning == null) {
            return Tuning.NONE;
        }
        try {
            return new RuleLoader().loadTuning(tuning);
        } catch (RuleException e) {
            throw new UserException(e.getMessage());
        }
    }
}
