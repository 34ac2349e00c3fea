package dev.hookline.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts input lines that had a problem (skipped, by default), keeping the first few with their line numbers and
 * reasons for the report.
 */
public final class BadLines {
    private static final int KEEP = 20;
    private final String source;
    private final String what;
    private final List<String> first = new ArrayList<>();
    private long count;

    public BadLines(String source) {
        this(source, "skipped");
    }

    /** @param what what happened to such lines, for the report: "skipped in F", "read with ... in F" */
    public BadLines(String source, String what) {
        this.source = source;
        this.what = what;
    }

    public synchronized void add(long lineNo, String reason) {
        count++;
        if (first.size() < KEEP) {
            first.add(source + ":" + lineNo + ": " + reason);
        }
    }

    public synchronized long count() {
        return count;
    }

    /** A report for stderr, or null when there was nothing to report. */
    public synchronized String report() {
        if (count == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(count).append(count == 1 ? " line " : " lines ").append(what).append(" in ").append(source)
                .append(':');
        for (String s : first) {
            sb.append(System.lineSeparator()).append("  ").append(s);
        }
        if (count > first.size()) {
            sb.append(System.lineSeparator()).append("  ... and ").append(count - first.size()).append(" more");
        }
        return sb.toString();
    }
}
