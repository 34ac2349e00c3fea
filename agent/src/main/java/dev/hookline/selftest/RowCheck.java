package dev.hookline.selftest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Polls the agent's rows until every expected row arrived or the bound passed since the last action. One query per
 * table still missing a row, narrowed to what the actions could have caused (the marker, the port, the directory,
 * the actor's pid), so a busy host's ring is not copied over the socket every poll.
 */
final class RowCheck {
    static final long POLL_MS = 50;
    private static final int NEAREST = 3;
    private static final int MAX_ROWS = 500;

    private final RowSource source;
    private final LongSupplier clockNanos;

    RowCheck(RowSource source, LongSupplier clockNanos) {
        this.source = source;
        this.clockNanos = clockNanos;
    }

    /**
     * Reads rows while the actions run ({@code acting}) and after, until every expected row was seen or the bound
     * passed after the last action. The queries and the matching need only what {@code plan} knows before acting
     * (the marker, port, directory and acting pid); the latencies are taken against the actions' real times once
     * they are done.
     */
    List<Outcome> await(Actions plan, Future<Actions> acting, Duration timeout) throws SelftestException,
            InterruptedException {
        List<Expected> planned = Expected.of(plan);
        int n = planned.size();
        long[] seenAt = new long[n];
        List<Map<String, Object>> found = new ArrayList<>(java.util.Collections.nCopies(n, null));
        Map<String, List<Map<String, Object>>> lastRows = new LinkedHashMap<>();
        Actions done = null;
        while (true) {
            if (done == null && acting.isDone()) {
                done = result(acting);
            }
            Set<String> tables = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                if (found.get(i) == null) {
                    tables.add(planned.get(i).table());
                }
            }
            for (String table : tables) {
                List<Map<String, Object>> rows = source.query(query(table, plan));
                long now = clockNanos.getAsLong();
                lastRows.put(table, rows);
                for (int i = 0; i < n; i++) {
                    Expected e = planned.get(i);
                    if (found.get(i) == null && e.table().equals(table)) {
                        Map<String, Object> r = rows.stream().filter(e::matches).findFirst().orElse(null);
                        if (r != null) {
                            found.set(i, r);
                            seenAt[i] = now;
                        }
                    }
                }
            }
            if (done != null) {
                long lastAction = Expected.of(done).stream().mapToLong(Expected::actionAt).max().orElse(0);
                if (!found.contains(null) || clockNanos.getAsLong() > lastAction + timeout.toNanos()) {
                    break;
                }
            }
            Thread.sleep(POLL_MS);
        }
        List<Expected> actual = Expected.of(done);
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Expected e = actual.get(i);
            out.add(found.get(i) != null
                    ? new Outcome(e, found.get(i), Math.max(0, seenAt[i] - e.actionAt()) / 1_000_000L, List.of())
                    : new Outcome(e, null, -1, nearest(e, lastRows.getOrDefault(e.table(), List.of()))));
        }
        return out;
    }

    private static Actions result(Future<Actions> acting) throws SelftestException, InterruptedException {
        try {
            return acting.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new SelftestException("cannot act on this host: " + (c instanceof SelftestException ? c.getMessage()
                    : String.valueOf(c)), c);
        }
    }

    /** The rows closest to the missing one, best first, unrelated rows left out. */
    static List<Map<String, Object>> nearest(Expected e, List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> e.nearness(r) > 0)
                .sorted(Comparator.comparingInt((Map<String, Object> r) -> -e.nearness(r)))
                .limit(NEAREST).toList();
    }

    /** The KQL for one table: rows since shortly before the first action that the actions could have made. */
    static String query(String table, Actions a) {
        long first = Math.min(a.processAt(), Math.min(a.connectAt(), a.createAt()));
        String since = Instant.ofEpochSecond(0, first).minusSeconds(5).toString();
        long pid = a.actorPid();
        String dirName = java.nio.file.Path.of(a.dir()).getFileName().toString();
        String head = table + " | where Timestamp >= datetime(" + since + ") | where ";
        String tail = " | take " + MAX_ROWS;
        return switch (table) {
            case Expected.PROCESSES -> head + "ProcessCommandLine contains " + quote(a.marker())
                    + " or InitiatingProcessId == " + pid + " or ProcessId == " + a.childPid()
                    + " | project Timestamp, ActionType, FileName, ProcessId, ProcessCommandLine, InitiatingProcessId,"
                    + " InitiatingProcessFileName" + tail;
            case Expected.NETWORK -> head + "RemotePort == " + a.port() + " or LocalPort == " + a.port()
                    + " or InitiatingProcessId == " + pid
                    + " | project Timestamp, ActionType, RemoteIP, RemotePort, LocalIP, LocalPort, InitiatingProcessId,"
                    + " InitiatingProcessFileName" + tail;
            case Expected.FILES -> head + "FolderPath contains " + quote(dirName) + " or PreviousFolderPath contains "
                    + quote(dirName) + " or InitiatingProcessId == " + pid
                    + " | project Timestamp, ActionType, FileName, FolderPath, PreviousFileName, InitiatingProcessId,"
                    + " InitiatingProcessFileName" + tail;
            default -> throw new IllegalArgumentException("no self-test query for " + table);
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
