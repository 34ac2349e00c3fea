package dev.hookline.kql;

import java.util.Set;

/**
 * A necessary condition of a streaming arm, proven from its leading filters: a row can only pass when the event's
 * string column {@code columnId} (missing reads as "") equals one of {@code keys}, compared char by char after
 * Kusto's case folding when {@code ci} (the keys are stored folded then). It comes from `Col in~ (...)`,
 * `Col in (...)`, `Col =~ "..."` or an or-chain of those on one column, written before any computed column; an
 * event that fails it cannot match the arm, so a detector may skip the arm without running it.
 */
public record ArmGate(int columnId, boolean ci, Set<String> keys) {
    public ArmGate {
        keys = Set.copyOf(keys);
    }

    /** Of two gates that both hold (either may be null), the one that lets fewer values through. */
    public static ArmGate narrower(ArmGate a, ArmGate b) {
        if (a == null) {
            return b;
        }
        return b != null && b.keys.size() < a.keys.size() ? b : a;
    }
}
