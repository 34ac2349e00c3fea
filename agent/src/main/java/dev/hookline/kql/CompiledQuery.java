package dev.hookline.kql;

import java.util.List;

/** A parsed and type-checked query; runs in batch (hunting) or streaming (detection) mode. */
public interface CompiledQuery {
    String text();

    /**
     * Problems that do not stop the query, one per distinct cause, e.g. a column the table does not have (read as
     * empty, as the T1546.016 network arm's AccountName).
     */
    List<String> warnings();

    /**
     * Runs over the source; every ago()/now() uses nowNanos. Throws KqlException when the query calls
     * hookline_has_ancestor(), which needs the process ancestry only detection has.
     */
    ResultTable run(TableSource source, long nowNanos);

    /**
     * The streaming form; throws KqlException naming the operator when the query cannot stream (e.g. summarize).
     * hookline_has_ancestor() sees only the ancestry the events' own columns carry (same as
     * {@code streaming(AncestryResolver.NONE)}).
     */
    StreamingQuery streaming();

    /** The streaming form with a process lineage for hookline_has_ancestor() beyond the event's own columns. */
    StreamingQuery streaming(AncestryResolver ancestry);
}
