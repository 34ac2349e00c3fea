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

    List<Outcome> await(Actions a, List<Expected> expected, Duration timeout) throws SelftestException,
            InterruptedException {
        long lastAction = expected.stream().mapToLong(Expected::actionAt).max().orElse(clockNanos.getAsLong());
        long deadline = lastAction + timeout.toNanos();
        Map<Expected, Outcome> seen = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> lastRows = new LinkedHashMap<>();
        while (true) {
            Set<String> tables = new LinkedHashSet<>();
            expected.stream().filter(e -> !seen.containsKey(e)).forEach(e -> tables.add(e.table()));
            for (String table : tables) {
                List<Map<String, Object>> rows = source.query(query(table, a));
                long now = clockNanos.getAsLong();
                lastRows.put(table, rows);
                for (Expected e : expected) {
                    if (!e.table().equals(table) || seen.containsKey(e)) {
                        continue;
                    }
                    rows.stream().filter(e::matches).findFirst().ifPresent(r -> seen.put(e,
                            new Outcome(e, r, Math.max(0, now - e.actionAt()) / 1_000_000L, List.of())));
                }
            }
            if (seen.size() == expected.size() || clockNanos.getAsLong() > deadline) {
                break;
            }
            Thread.sleep(POLL_MS);
        }
        List<Outcome> out = new ArrayList<>();
        for (Expected e : expected) {
            Outcome o = seen.get(e);
            out.add(o != null ? o : new Outcome(e, null, -1, nearest(e, lastRows.getOrDefault(e.table(), List.of()))));
        }
        return out;
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
