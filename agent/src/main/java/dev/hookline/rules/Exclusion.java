package dev.hookline.rules;

/**
 * A tuning entry: alerts of a rule (optionally of one arm) are suppressed when the triggering event matches the
 * KQL predicate {@code where}, written over the columns of the arm's table. Shipped exclusions are disabled; a
 * tuning file or the config enables them by id. {@code source}, {@code line} and {@code column} say where the
 * predicate's text starts in its file (line 0 when unknown), so a KQL error can name the file position.
 */
public record Exclusion(String id, String rule, String arm, String where, String reason, boolean enabled,
                        String source, int line, int column) {
    public Exclusion(String id, String rule, String arm, String where, String reason, boolean enabled) {
        this(id, rule, arm, where, reason, enabled, null, 0, 0);
    }

    public Exclusion withEnabled(boolean on) {
        return new Exclusion(id, rule, arm, where, reason, on, source, line, column);
    }

    /**
     * Where a position inside the predicate (1-based, as KqlException gives it) is in the file: "file, line L,
     * column C", or the predicate's own position when the file position is unknown.
     */
    public String locate(int kqlLine, int kqlColumn) {
        if (source == null || line <= 0) {
            return (source == null ? "" : source + ": ") + "where line " + kqlLine + ", column " + kqlColumn;
        }
        // line/column point at the predicate's first character; in a block scalar (where: |) every line of the
        // predicate starts at that same column, its indentation.
        return source + ", line " + (line + kqlLine - 1) + ", column " + (column + kqlColumn - 1);
    }
}
