package dev.hookline.cli;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.Tuning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options shared by commands that load rules. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "PATH",
            description = "Rule file (.yaml, .kql, or a Sigma .yml) or directory; repeatable. Default: the built-in packs.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--tuning", paramLabel = "FILE",
            description = "Tuning file: extra exclusions, and `enable:` ids of shipped exclusions (off by default).")
    Path tuning;

    List<Rule> load() {
        return load(KqlOptions.DEFAULT);
    }

    /** The rules, their queries compiled with these options. */
    List<Rule> load(KqlOptions options) {
        RuleLoader loader = new RuleLoader(options);
        List<Rule> out = new ArrayList<>();
        try {
            if (rules.isEmpty()) {
                out.addAll(loader.loadBuiltin());
            } else {
                for (Path p : rules) {
                    out.addAll(loader.load(p));
                }
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
