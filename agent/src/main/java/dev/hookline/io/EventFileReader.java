package dev.hookline.io;

import dev.hookline.schema.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads an events stream (JSON lines, see {@link EventJsonReader}) and hands its events to a consumer in file order,
 * holding only a few chunks of it at a time: every command that reads events files goes through here. A reader thread
 * cuts the stream into chunks of lines ({@link LineChunker}), parser threads turn chunks into events, and the calling
 * thread takes the parsed chunks in order and runs the consumer, so the consumer (the query engine, the rules) never
 * waits for JSON parsing that other cores can do. With one parser thread or fewer, everything runs on the caller.
 * Problems are collected per line: {@link #skipped()} (unreadable lines), {@link #repaired()} (invalid UTF-8 read as
 * U+FFFD) and {@link #stopped()} (input that is not text; nothing after it is read).
 */
public final class EventFileReader {
    /**
     * Parser threads when not given: one core is left to the consumer, at most 4 (past that the consumer is the
     * limit). On 2 cores that is 1: all on the calling thread, which measured faster on a shared 2-vCPU host (a
     * process's threads share one scheduler slot there; docs/performance-engine.md).
     */
    public static final int DEFAULT_PARSERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));

    private final String source;
    private final int maxLine;
    private final int chunkSize;
    private final int parsers;
    private final EventJsonReader json = new EventJsonReader();
    private final BadLines skipped;
    private final BadLines repaired;
    private String stopped;

    public EventFileReader(String source) {
        this(source, LineChunker.DEFAULT_MAX_LINE, LineChunker.DEFAULT_CHUNK, parsersFromProperty());
    }

    /** @param parsers parser threads; 1 or less parses on the calling thread */
    public EventFileReader(String source, int maxLine, int chunkSize, int parsers) {
        this.source = source;
        this.maxLine = maxLine;
        this.chunkSize = chunkSize;
        this.parsers = parsers;
        this.skipped = new BadLines(source);
        this.repaired = new BadLines(source, "with invalid UTF-8 read as U+FFFD");
    }

    /** -Dhookline.parse.threads=N (for measuring); otherwise {@link #DEFAULT_PARSERS}. */
    private static int parsersFromProperty() {
        String p = System.getProperty("hookline.parse.threads");
        if (p != null) {
            try {
                return Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                // the default below
            }
        }
        return DEFAULT_PARSERS;
    }

    public BadLines skipped() {
        return skipped;
    }

    public BadLines repaired() {
        return repaired;
    }

    /** Why reading stopped before the end of the input ("source: line N: ..."), or null. */
    public String stopped() {
        return stopped;
    }

    /** The problem lines for stderr, one report per kind (skipped, repaired), or an empty list; see also stopped. */
    public List<String> reports() {
        List<String> out = new ArrayList<>();
        if (skipped.report() != null) {
            out.add(skipped.report());
        }
        if (repaired.report() != null) {
            out.add(repaired.report());
        }
        return out;
    }

    /**
     * Reads the stream to its end (or to a stop), handing every event to the consumer in file order. The Event
     * passed may be reused once the consumer returns. An exception from the consumer ends the reading and is thrown
     * here.
     *
     * @return the events handed to the consumer
     */
    public long read(InputStream in, Consumer<Event> consumer) throws IOException {
        LineChunker chunker = new LineChunker(in, maxLine, chunkSize);
        return parsers <= 1 ? readInline(chunker, consumer) : readParallel(chunker, consumer);
    }

    private long readInline(LineChunker chunker, Consumer<Event> consumer) throws IOException {
        Batch b = new Batch();
        long events = 0;
        LineChunker.Chunk c;
        while ((c = chunker.next()) != null) {
            b.parse(c, json, maxLine);
            events += deliver(b, consumer);
            b.clear();
        }
        return events;
    }

    private long readParallel(LineChunker chunker, Consumer<Event> consumer) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(parsers, r -> {
            Thread t = new Thread(r, "hookline-parse");
            t.setDaemon(true);
            return t;
        });
        // Bounded: the reader waits once this many chunks are read ahead, so memory stays a few chunks
        BlockingQueue<Future<Batch>> ready = new ArrayBlockingQueue<>(2 * parsers);
        ConcurrentLinkedQueue<Batch> free = new ConcurrentLinkedQueue<>();
        Future<Batch> end = CompletableFuture.completedFuture(null);
        Thread reader = new Thread(() -> {
            try {
                LineChunker.Chunk c;
                while ((c = chunker.next()) != null) {
                    LineChunker.Chunk chunk = c;
                    ready.put(pool.submit(() -> {
                        Batch b = free.poll();
                        if (b == null) {
                            b = new Batch();
                        }
                        b.parse(chunk, json, maxLine);
                        return b;
                    }));
                }
                ready.put(end);
            } catch (IOException | RuntimeException e) {
                try {
                    ready.put(CompletableFuture.failedFuture(e));
                } catch (InterruptedException stop) {
                    // the consumer has gone
                }
            } catch (InterruptedException stop) {
                // the consumer has gone (it failed or returned early)
            }
        }, "hookline-read");
        reader.setDaemon(true);
        reader.start();
        long events = 0;
        try {
            while (true) {
                Future<Batch> f = ready.take();
                if (f == end) {
                    return events;
                }
                Batch b;
                try {
                    b = f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new UncheckedIOException(new IOException(cause));
                }
                events += deliver(b, consumer);
                b.clear();
                free.add(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + source);
        } finally {
            reader.interrupt();
            pool.shutdownNow();
        }
    }

    /** Reports a parsed chunk's problems and hands its events to the consumer, on the caller's thread. */
    private long deliver(Batch b, Consumer<Event> consumer) {
        for (int i = 0; i < b.problemCount; i++) {
            (b.problemRepaired[i] ? repaired : skipped).add(b.problemLines[i], b.problemReasons[i]);
        }
        if (b.stop != null && stopped == null) {
            stopped = source + ": " + b.stop;
        }
        for (int i = 0; i < b.count; i++) {
            consumer.accept(b.events[i]);
        }
        return b.count;
    }

    /** One chunk's events and problems, in line order; reused (with its Event objects) once delivered. */
    private static final class Batch implements EventJsonReader.Rows, EventJsonReader.Problems {
        Event[] events = new Event[256];
        int count;
        long[] problemLines = new long[8];
        String[] problemReasons = new String[8];
        boolean[] problemRepaired = new boolean[8];
        int problemCount;
        String stop;

        void parse(LineChunker.Chunk c, EventJsonReader json, int maxLine) {
            for (int i = 0; i < c.lines(); i++) {
                long lineNo = c.firstLineNo() + i;
                int start = c.starts()[i];
                int end = c.ends()[i];
                if (end == LineChunker.OVER_LONG) {
                    skipped(lineNo, "longer than " + LineChunker.sizeText(maxLine));
                    continue;
                }
                json.parseLine(c.data(), start, end - start, lineNo, this, this);
            }
            stop = c.stop();
        }

        void clear() {
            count = 0;
            problemCount = 0;
            Arrays.fill(problemReasons, null);
            stop = null;
        }

        @Override
        public Event open() {
            if (count == events.length) {
                events = Arrays.copyOf(events, count * 2);
            }
            Event e = events[count];
            if (e == null) {
                e = new Event();
                events[count] = e;
            }
            return e;
        }

        @Override
        public void commit() {
            count++;
        }

        @Override
        public void skipped(long lineNo, String reason) {
            problem(lineNo, reason, false);
        }

        @Override
        public void repaired(long lineNo, String reason) {
            problem(lineNo, reason, true);
        }

        private void problem(long lineNo, String reason, boolean repair) {
            if (problemCount == problemLines.length) {
                int n = problemCount * 2;
                problemLines = Arrays.copyOf(problemLines, n);
                problemReasons = Arrays.copyOf(problemReasons, n);
                problemRepaired = Arrays.copyOf(problemRepaired, n);
            }
            problemLines[problemCount] = lineNo;
            problemReasons[problemCount] = reason;
            problemRepaired[problemCount] = repair;
            problemCount++;
        }
    }
}
