package dev.hookline.output;

import dev.hookline.schema.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optional raw event files (off by default): one rotating JSON-lines file per table, {@code <dir>/<Table>.jsonl},
 * opened on the table's first event. Each line is an already-serialized event.
 */
public final class RawEventFiles implements AutoCloseable {
    private final Path dir;
    private final long rotateBytes;
    private final int keep;
    private final FsyncPolicy fsync;
    private final Map<Table, JsonLinesFile> files = new EnumMap<>(Table.class);
    /** Per table: failed writes since the last good one (a streak is reported once when it starts and ends). */
    private final Map<Table, Long> failing = new EnumMap<>(Table.class);
    private FanOut.Listener listener = FanOut.Listener.NONE;

    public RawEventFiles(Path dir, long rotateBytes, int keep, FsyncPolicy fsync) {
        this.dir = dir;
        this.rotateBytes = rotateBytes;
        this.keep = keep;
        this.fsync = fsync;
    }

    public Path fileFor(Table table) {
        return dir.resolve(table.name() + ".jsonl");
    }

    /**
     * Told when a table's file starts failing (the first failed write of a streak, with the error) and when it
     * writes again: the agent turns both into health alerts, as it does for the alert outputs.
     */
    public synchronized void listener(FanOut.Listener l) {
        this.listener = l == null ? FanOut.Listener.NONE : l;
    }

    public synchronized void write(Table table, String jsonLine) throws IOException {
        try {
            JsonLinesFile f = files.get(table);
            if (f == null) {
                f = new JsonLinesFile(table.name(), fileFor(table), rotateBytes, keep, fsync);
                files.put(table, f);
            }
            f.write(jsonLine);
        } catch (IOException | RuntimeException e) {
            long n = failing.merge(table, 1L, Long::sum);
            if (n == 1) {
                listener.failing(fileFor(table).toString(), e instanceof IOException ? e : new IOException(e));
            }
            throw e;
        }
        Long was = failing.remove(table);
        if (was != null) {
            listener.recovered(fileFor(table).toString(), was);
        }
    }

    public synchronized void flush() throws IOException {
        for (JsonLinesFile f : files.values()) {
            f.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (JsonLinesFile f : files.values()) {
            try {
                f.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        files.clear();
        if (first != null) {
            throw first;
        }
    }

    /** {@code raw_<Table>_<counter>} for every open file. */
    public synchronized Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        files.forEach((t, f) -> f.counters().forEach((k, v) -> m.put("raw_" + t.name() + "_" + k, v)));
        return m;
    }
}
