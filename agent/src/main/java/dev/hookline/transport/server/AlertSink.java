package dev.hookline.transport.server;

import dev.hookline.output.AlertOutput;
import dev.hookline.output.LineBlockFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the collector puts accepted alerts: deduplicated by AlertId, written to the alert file, handed to the
 * onward outputs (e.g. Sentinel). A batch is acknowledged only after {@link #accept} returns, and accept returns
 * only after the alert file and then the dedup ids are forced to disk — in that order, so a crash between the two
 * yields a duplicate in the file at worst, never a lost alert. Single-threaded by contract (the collector runs it
 * on one sink thread); synchronized anyway.
 *
 * <p>An onward output failing does not fail the batch (it would make the agent resend alerts the file already
 * has): it is counted; onward outputs that must not lose alerts keep their own spool.
 */
public final class AlertSink implements BatchSink, Closeable {
    private static final Logger LOG = Logger.getLogger(AlertSink.class.getName());

    /** What happened to one batch. */
    public record Result(int accepted, int duplicates, int invalid) {
    }

    private final LineBlockFile file;
    /** The dedup window before the first write since the last good sync: where a failed sync rolls back to. */
    private DedupWindow.Mark unsynced;
    private final List<AlertOutput> onward;
    private final DedupWindow dedup;
    private long accepted;
    private long duplicates;
    private long invalid;
    private long onwardErrors;
    /** Reused between batches (single sink thread): the batch's new lines, and their indexes. */
    private byte[] out = new byte[64 * 1024];
    private int[] acceptedIdx = new int[1024];

    public AlertSink(LineBlockFile file, List<AlertOutput> onward, DedupWindow dedup) {
        this.file = file;
        this.onward = List.copyOf(onward);
        this.dedup = dedup;
    }

    /** Stores the new alerts of one batch durably; throws if the alert file cannot take them (batch not acked). */
    @Override
    public synchronized Result accept(BatchLines lines) throws IOException {
        Result r = write(lines);
        sync();
        return r;
    }

    /**
     * Dedups one batch and appends its new alerts, byte for byte as received, to the alert file in one write; not
     * durable until {@link #sync()}. If the write fails, the batch's ids are taken back out of the dedup window (the
     * agent resends the batch, and its alerts must not then count as duplicates).
     */
    @Override
    public synchronized Result write(BatchLines lines) throws IOException {
        int acc = 0;
        int dup = 0;
        byte[] body = lines.body();
        if (out.length < body.length + 1) {
            out = new byte[Math.max(body.length + 1, out.length * 2)];
        }
        if (acceptedIdx.length < lines.size()) {
            acceptedIdx = new int[Math.max(lines.size(), acceptedIdx.length * 2)];
        }
        int len = 0;
        DedupWindow.Mark mark = dedup.mark();
        if (unsynced == null) {
            unsynced = mark;
        }
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.id(i);
            if (id == null) {
                continue;
            }
            if (dedup.contains(id)) {
                dup++;
                continue;
            }
            dedup.add(id); // also catches a repeat inside this very batch
            int start = lines.start(i);
            int n = lines.end(i) - start;
            System.arraycopy(body, start, out, len, n);
            len += n;
            out[len++] = '\n';
            acceptedIdx[acc++] = i;
        }
        if (acc > 0) {
            try {
                file.writeLines(out, 0, len, acc);
            } catch (IOException | RuntimeException e) {
                dedup.rollback(mark);
                throw e;
            }
        }
        for (int k = 0; k < acc && !onward.isEmpty(); k++) {
            String line = lines.line(acceptedIdx[k]);
            for (AlertOutput o : onward) {
                try {
                    o.write(line);
                } catch (IOException | RuntimeException e) {
                    onwardErrors++;
                    LOG.log(Level.WARNING, "onward output " + o.name() + " failed: " + e.getMessage());
                }
            }
        }
        int bad = lines.invalid();
        accepted += acc;
        duplicates += dup;
        invalid += bad;
        return new Result(acc, dup, bad);
    }

    /**
     * Forces the alert file, then the dedup ids, to disk (in that order: a crash between gives a duplicate). If the
     * alert file cannot be forced, the ids of every batch written since the last good sync leave the dedup window:
     * those batches are answered 503 and resent, and their alerts must then be stored, not counted as duplicates
     * (the file may end up holding some twice; at-least-once wins over loss).
     */
    @Override
    public synchronized void sync() throws IOException {
        try {
            file.flush();
        } catch (IOException | RuntimeException e) {
            if (unsynced != null) {
                dedup.rollback(unsynced);
            }
            unsynced = null;
            throw e;
        }
        unsynced = null;
        dedup.flush();
        for (AlertOutput o : onward) {
            try {
                o.flush();
            } catch (IOException | RuntimeException e) {
                onwardErrors++;
            }
        }
    }

    public synchronized Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("alerts_accepted", accepted);
        m.put("alerts_duplicate", duplicates);
        m.put("lines_invalid", invalid);
        m.put("onward_errors", onwardErrors);
        m.put("dedup_window_size", (long) dedup.size());
        m.put("dedup_ids_loaded", dedup.loadedAtStart());
        return m;
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (Closeable c : new Closeable[] {file, dedup}) {
            try {
                c.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        for (AlertOutput o : onward) {
            try {
                o.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "closing onward output " + o.name() + ": " + e.getMessage());
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
