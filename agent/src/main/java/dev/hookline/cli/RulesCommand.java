package dev.hookline.cli;

import dev.hookline.kql.Arm;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.NotStreamableException;
import dev.hookline.rules.Detector;
import dev.hookline.rules.Exclusion;
import dev.hookline.rules.ExclusionCheck;
import dev.hookline.rules.Rule;
import dev.hookline.rules.RuleException;
import dev.hookline.rules.RuleLoader;
import dev.hookline.rules.ScheduledRule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Check and list detection rules.",
        subcommands = {RulesCommand.Check.class, RulesCommand.ListRules.class})
final class RulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void describe(List<Rule> rules, PrintWriter out) {
        for (Rule r : rules) {
            out.println(r.id() + "  [" + r.meta().severity() + "/" + r.meta().confidence() + "]  " + r.meta().title());
            out.println("  source: " + r.source());
            if (!r.meta().mitreIds().isEmpty()) {
                out.println("  mitre: " + String.join(", ", r.meta().mitreIds())
                        + (r.meta().tactics().isEmpty() ? "" : " (" + String.join(", ", r.meta().tactics()) + ")"));
            }
            for (String n : r.notices()) {
                out.println("  notice: " + n);
            }
            if (r.schedule().sentinel()) {
                out.println("  " + new ScheduledRule(r, null, 0, 0).describe());
                continue;
            }
            try {
                for (Arm a : r.compiled().streaming().arms()) {
                    out.println("  arm " + a.name() + " on " + a.table() + ": " + String.join(", ", a.outputColumns()));
                }
            } catch (NotStreamableException e) {
                out.println("  " + new ScheduledRule(r, e.operator(), e.line(), e.column()).describe());
            } catch (KqlException e) {
                out.println("  (hunting only: " + e.getMessage() + ")");
            }
            for (Exclusion x : r.exclusions()) {
                out.println("  exclusion " + x.id() + (x.enabled() ? " (on)" : " (off)")
                        + (x.arm() == null ? "" : " arm " + x.arm()));
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Load rule files or directories, compile every query and exclusion, and report problems.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files (.yaml, .kql) or directories.")
        List<Path> paths;

        @Option(names = "--tuning", paramLabel = "FILE", description = "Also check this tuning file against the rules.")
        Path tuning;

        @Override
        public Integer call() {
            // every file is loaded and each problem reported (stderr, in file order), not only the first
            RuleLoader loader = new RuleLoader();
            List<Rule> rules = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            int skipped = 0;
            for (Path p : paths) {
                RuleLoader.LoadReport r = loader.loadReport(p);
                rules.addAll(r.rules());
                problems.addAll(r.errors());
                for (RuleLoader.Skipped s : r.skipped()) {
                    problems.add(s.message());
                }
                skipped += r.skipped().size();
            }
            Set<String> ids = new HashSet<>();
            for (Rule r : rules) {
                if (!ids.add(r.id())) {
                    problems.add(r.source() + ": duplicate rule id " + r.id());
                }
            }
            PrintWriter err = spec.commandLine().getErr();
            for (String m : problems) {
                err.println("hookline: " + m);
            }
            RuleOptions o = new RuleOptions();
            o.tuning = tuning;
            // Every exclusion, disabled ones too, with its file position; the detector below compiles only enabled
            // ones and would let a broken disabled one wait until someone switches it on.
            List<String> broken = ExclusionCheck.errors(rules, o.tuning());
            if (!broken.isEmpty()) {
                throw new UserException(String.join("\n", broken));
            }
            Detector d;
            try {
                // Compiling a detector also compiles every exclusion against its arms' tables.
                d = new Detector(rules, o.tuning(), a -> { });
            } catch (RuleException e) {
                throw new UserException(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            describe(rules, out);
            for (String w : d.warnings()) {
                out.println("warning: " + w);
            }
            int scheduled = d.scheduled().size();
            out.println(rules.size() + (rules.size() == 1 ? " rule" : " rules") + " OK"
                    + (scheduled > 0 ? " (" + scheduled + " scheduled, not streamed)" : "") + ", " + d.warnings().size()
                    + (d.warnings().size() == 1 ? " warning" : " warnings")
                    + (problems.isEmpty() ? "" : "; " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + (skipped > 0 ? " (" + skipped + " Sigma " + (skipped == 1 ? "rule" : "rules")
                    + " Hookline cannot convert)" : "") + ", each on stderr"));
            out.flush();
            return problems.isEmpty() ? 0 : Main.EXIT_USAGE;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the built-in rules.")
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            describe(new RuleOptions().load(), spec.commandLine().getOut());
            return 0;
        }
    }
}
