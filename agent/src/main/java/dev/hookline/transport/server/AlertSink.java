package dev.hookline.transport.server;

import dev.hookline.output.AlertOutput;
import dev.hookline.output.LineBlockFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the collector puts accepted alerts: deduplicated by AlertId, written to the alert file, handed to the
 * onward outputs (e.g. Sentinel). A batch is acknowledged only after {@link #accept} returns, and accept returns
 * only after the alert file and then the dedup ids are forced to disk. Single-threaded by contract (the collector
 * runs it on one sink thread); synchronized anyway.
 *
 * <p>Exactly once across a crash: the alert file is the truth, the dedup log an index of it. Each sync writes,
 * after the alert file is forced, the new ids and a checkpoint (the alert file's inode and size) to the dedup
 * log. A kill between the alert write and the id write (which stored whole batches twice once their agents
 * resent them) leaves alerts past the last checkpoint: at start their ids are read back from the file (and the
 * files rotated since), so the resent batch is answered as duplicates. A torn last line of either file is cut
 * away at open, and its batch, never acknowledged, is resent and stored. Proved by
 * {@code SinkCrashAtEveryWriteTest}.
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

    /** The alert file's path (null: no checkpoints, no recovery: unit tests of the dedup alone). */
    private final Path alertPath;
    private long recovered;

    public AlertSink(LineBlockFile file, List<AlertOutput> onward, DedupWindow dedup) {
        this.file = file;
        this.onward = List.copyOf(onward);
        this.dedup = dedup;
        this.alertPath = null;
    }

    /**
     * A sink over the alert file at {@code alertPath} (open in {@code file}, its torn last line already cut): the
     * ids of alerts the file holds past the dedup log's last checkpoint are added to the window first.
     */
    public AlertSink(LineBlockFile file, Path alertPath, List<AlertOutput> onward, DedupWindow dedup)
            throws IOException {
        this.file = file;
        this.onward = List.copyOf(onward);
        this.dedup = dedup;
        this.alertPath = alertPath;
        recover();
    }

    /** Files newest first: the alert file, then its rotations .1, .2 ... that exist. */
    private List<Path> alertFiles() {
        List<Path> files = new ArrayList<>();
        files.add(alertPath);
        for (int i = 1; Files.exists(alertPath.resolveSibling(alertPath.getFileName() + "." + i)); i++) {
            files.add(alertPath.resolveSibling(alertPath.getFileName() + "." + i));
        }
        return files;
    }

    private static String fileKey(BasicFileAttributes a) {
        Object k = a.fileKey();
        return k == null ? "-" : k.toString().replace('\n', ' ');
    }

    private void recover() throws IOException {
        if (!Files.exists(alertPath)) {
            return;
        }
        DedupWindow.Checkpoint cp = dedup.lastCheckpoint();
        List<Path> files = alertFiles();
        int from = 0;
        long offset = 0; // no usable checkpoint: the current file from its start (an upgrade, or a lost log)
        if (cp != null) {
            for (int i = 0; i < files.size(); i++) {
                BasicFileAttributes a = Files.readAttributes(files.get(i), BasicFileAttributes.class);
                if (!"-".equals(cp.fileKey()) && cp.fileKey().equals(fileKey(a))) {
                    from = i;
                    offset = Math.min(cp.size(), a.size());
                    break;
                }
            }
        }
        long before = dedup.size();
        for (int i = from; i >= 0; i--) {
            scanIds(files.get(i), i == from ? offset : 0);
        }
        sync(); // the recovered ids and a fresh checkpoint
        recovered = dedup.size() - before;
        if (recovered > 0) {
            LOG.warning("recovered " + recovered + " AlertIds the dedup log missed (the collector stopped between"
                    + " its alert and dedup writes): their resends will be counted as duplicates");
        }
    }

    /** Adds the AlertId of every complete line of {@code f} from {@code offset} on to the dedup window. */
    private void scanIds(Path f, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ch.position(offset);
            byte[] buf = new byte[1 << 20];
            int have = 0;
            while (true) {
                if (have == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
                }
                int r = ch.read(ByteBuffer.wrap(buf, have, buf.length - have));
                if (r < 0) {
                    return; // a last line without '\n' is not a stored alert (cut at the next open)
                }
                have += r;
                int start = 0;
                for (int i = 0; i < have; i++) {
                    if (buf[i] == '\n') {
                        int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                        String id = AlertIdScanner.alertId(buf, start, end - start);
                        if (id != null) {
                            dedup.add(id);
                        }
                        start = i + 1;
                    }
                }
                System.arraycopy(buf, start, buf, 0, have - start);
                have -= start;
            }
        }
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
        // Onward first, then the file: after a kill between the two the batch was not acknowledged, the agent
        // resends it, and as the file lacks it the alerts go onward again (a duplicate with the same AlertId). The
        // other order lost them for the onward outputs: at restart the ids in the file count as already seen.
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
        if (acc > 0) {
            try {
                file.writeLines(out, 0, len, acc);
            } catch (IOException | RuntimeException e) {
                dedup.rollback(mark);
                throw e;
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
        // the onward outputs' spools first, for the reason write() hands them the alerts first
        for (AlertOutput o : onward) {
            try {
                o.flush();
            } catch (IOException | RuntimeException e) {
                onwardErrors++;
            }
        }
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
        if (alertPath != null && Files.exists(alertPath)) {
            BasicFileAttributes a = Files.readAttributes(alertPath, BasicFileAttributes.class);
            dedup.checkpoint(fileKey(a), a.size());
        }
        dedup.flush();
    }

    public synchronized Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("alerts_accepted", accepted);
        m.put("alerts_duplicate", duplicates);
        m.put("lines_invalid", invalid);
        m.put("onward_errors", onwardErrors);
        m.put("dedup_window_size", (long) dedup.size());
        m.put("dedup_ids_loaded", dedup.loadedAtStart());
        m.put("dedup_ids_recovered", recovered);
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
