package dev.hookline.rules;

/**
 * A tuning entry: alerts of a rule (optionally of one arm) are suppressed when the triggering event matches the
 * KQL predicate {@code where}, written over the columns of the arm's table. Shipped exclusions are disabled; a
 * tuning file or the config enables them by id.
 */
public record Exclusion(String id, String rule, String arm, String where, String reason, boolean enabled) {
    public Exclusion withEnabled(boolean on) {
        return new Exclusion(id, rule, arm, where, reason, on);
    }
}
