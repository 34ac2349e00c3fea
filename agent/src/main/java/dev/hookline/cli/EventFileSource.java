package dev.hookline.cli;

import dev.hookline.io.EventFileReader;
import dev.hookline.kql.TableSource;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The tables of an events file for `query --events`, read from the file at every scan instead of held: memory does
 * not grow with the file (only with what the query itself keeps, e.g. summarize's groups or sort's rows). A regular
 * file is simply read again by each scan (a query may scan several tables, or one table twice). Stdin, a pipe or a
 * device can be read only once: when the query scans more than once, the first scan copies the bytes to a temporary
 * file (deleted on close) that later scans read, so disk, not memory, holds the input; a query that scans once
 * (the usual case) reads the stream directly. Problems in the file are reported once, after the first scan.
 */
final class EventFileSource implements TableSource, AutoCloseable {
    private final String file;
    private final boolean stream;
    private final boolean spool;
    private final PrintWriter err;
    private Path spoolFile;
    private int scans;

    /**
     * @param expectedScans how many times the query will scan (from a run over no rows); a stream is spooled to
     *     disk only when it is more than one
     */
    EventFileSource(String file, int expectedScans, PrintWriter err) {
        EventFiles.checkExists(file);
        this.file = file;
        this.stream = isStream(file);
        this.spool = stream && expectedScans > 1;
        this.err = err;
    }

    /** Stdin, a pipe, a device: anything that cannot be read twice from the start. */
    static boolean isStream(String file) {
        return file.equals("-") || !Files.isRegularFile(Path.of(file));
    }

    @Override
    public void scan(Table table, Consumer<Event> consumer) {
        scans++;
        boolean first = scans == 1;
        EventFileReader reader = new EventFileReader(EventFiles.displayName(file));
        Consumer<Event> ofTable = e -> {
            if (e.table() == table) {
                consumer.accept(e);
            }
        };
        long n;
        try (InputStream in = open(first)) {
            n = reader.read(in, ofTable);
        } catch (IOException e) {
            throw new UserException("--events: cannot read " + file + ": " + e.getMessage(), Main.EXIT_FAILURE);
        }
        if (first) {
            // events of every table count here: a file of other tables' rows is usable, just not for this scan
            EventFiles.report(reader, n, err);
        }
    }

    private InputStream open(boolean first) throws IOException {
        if (!stream) {
            return Files.newInputStream(Path.of(file));
        }
        if (!first) {
            if (spoolFile == null) {
                throw new UserException("--events: " + file + " is a stream and can be read only once, but the "
                        + "query read it again", Main.EXIT_FAILURE);
            }
            return Files.newInputStream(spoolFile);
        }
        InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
        if (!spool) {
            return in;
        }
        spoolFile = Files.createTempFile("hookline-events-", ".jsonl");
        spoolFile.toFile().deleteOnExit();
        return new Tee(in, new BufferedOutputStream(Files.newOutputStream(spoolFile), 1 << 16));
    }

    /** The temporary copy of a stream, or null (for tests). */
    Path spoolFile() {
        return spoolFile;
    }

    @Override
    public void close() {
        if (spoolFile != null) {
            try {
                Files.deleteIfExists(spoolFile);
            } catch (IOException e) {
                // deleteOnExit tries again
            }
        }
    }

    /** Copies what is read to a file; closing closes both. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                copy.close();
            } finally {
                super.close();
            }
        }
    }
}
