package dev.hookline.rules;

import dev.hookline.kql.Arm;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.StreamingQuery;
import dev.hookline.kql.eval.Kql;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles every exclusion, enabled or not, against the tables of its rule's arms: `rules check` must catch the
 * broken predicate of a disabled exclusion before someone enables it (the detector only compiles enabled ones).
 */
public final class ExclusionCheck {
    private ExclusionCheck() {
    }

    /** One message per broken exclusion: its id, rule, and file, line and column of the error. */
    public static List<String> errors(List<Rule> rules, Tuning tuning) {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            StreamingQuery sq;
            try {
                sq = r.compiled().streaming();
            } catch (KqlException e) {
                continue; // scheduled or hunting-only: no arms to exclude from (the detector reports it)
            }
            List<Exclusion> all = new ArrayList<>(r.exclusions());
            for (Exclusion x : tuning.exclusions()) {
                if (x.rule().equals(r.id())) {
                    all.add(x);
                }
            }
            for (Exclusion x : all) {
                check(r, sq, x, out);
            }
        }
        return out;
    }

    private static void check(Rule r, StreamingQuery sq, Exclusion x, List<String> out) {
        boolean matchedArm = false;
        for (Arm arm : sq.arms()) {
            if (x.arm() != null && !x.arm().equals(arm.name()) && !x.arm().equals(arm.letName())) {
                continue;
            }
            matchedArm = true;
            try {
                Kql.compilePredicate(x.where(), arm.table());
            } catch (KqlException e) {
                out.add(x.locate(e.line(), e.column()) + ": exclusion " + x.id() + " (rule " + r.id()
                        + (x.enabled() ? "" : ", disabled") + "): " + reason(e));
                return; // one error per exclusion: the same text fails the same way on every arm
            }
        }
        if (!matchedArm) {
            out.add((x.source() == null ? "" : x.source() + ": ") + "exclusion " + x.id() + ": rule " + r.id()
                    + " has no arm named " + x.arm());
        }
    }

    /** KqlException's message without its leading "line L, column C: " (the file position replaces it). */
    private static String reason(KqlException e) {
        String m = e.getMessage();
        String prefix = "line " + e.line() + ", column " + e.column() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
