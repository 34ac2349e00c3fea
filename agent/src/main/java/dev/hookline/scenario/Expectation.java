package dev.hookline.scenario;

/**
 * What a scenario expects of one rule arm. {@code arm} null means any arm of the rule.
 *
 * @param caught true: the arm must alert; false: it misses by design (documented; e.g. the seed's network arm
 *               only looks at public addresses) and the matrix shows it as an honest, expected miss
 * @param pending the rule is being added on another branch: when it is not loaded the matrix says "rule not
 *                loaded" instead of failing
 * @param knownGap the arm should fire but is known not to yet (a tracked gap, with the reason in {@code note}):
 *                 a miss is printed as "MISSED (known gap)" and does not fail the run; a hit counts as caught
 * @param note why (shown for expected misses, known gaps and pending rules)
 */
public record Expectation(String ruleId, String arm, boolean caught, boolean pending, boolean knownGap, String note) {
    public static Expectation caught(String ruleId, String arm) {
        return new Expectation(ruleId, arm, true, false, false, null);
    }

    public static Expectation missedByDesign(String ruleId, String arm, String why) {
        return new Expectation(ruleId, arm, false, false, false, why);
    }

    /** A rule another branch adds; expected to fire once it is loaded. */
    public static Expectation pending(String ruleId, String arm, String note) {
        return new Expectation(ruleId, arm, true, true, false, note);
    }

    /** Should fire, is known to miss for the reason given (to be fixed where the reason says). */
    public static Expectation knownGap(String ruleId, String arm, String why) {
        return new Expectation(ruleId, arm, true, false, true, why);
    }

    /** "rule/arm" or "rule/*". */
    public String cell() {
        return ruleId + "/" + (arm == null ? "*" : arm);
    }
}
