package dev.hookline.transport.client;

import dev.hookline.output.AlertOutput;
import dev.hookline.transport.spool.Spool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * Ships alerts to a Hookline collector, at least once. {@link #write} only appends to the durable {@link Spool}
 * (disk speed, never the network); a sender thread reads batches from the spool's ack position, POSTs them gzip'd
 * over mutual TLS and advances the ack position only on a 200 ack. Failures are retried on an exponential backoff
 * schedule with jitter, capped low (5 s by default) so the collector's return is noticed soon, never earlier than a
 * 503/429's Retry-After, and new alerts do not cut a backoff short (they did: an agent raising alerts during an
 * outage retried once per alert). Once a send succeeds the spool drains at full speed. After a restart, everything not yet acknowledged is sent again and the
 * collector drops the duplicates by AlertId. A 413 halves the batch; a single record the collector refuses as too
 * large is dropped and counted (retrying it forever would stall the fleet's queue).
 */
public final class ShippingOutput implements AlertOutput {
    private static final Logger LOG = Logger.getLogger(ShippingOutput.class.getName());

    /** What the sender is doing, also exported as the {@code connection_state} counter (the ordinal). */
    public enum State { CONNECTING, CONNECTED, BACKING_OFF, STOPPED }

    private final ShippingConfig config;
    private final Spool spool;
    private final CollectorClient client;
    private final Thread sender;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private volatile boolean abandoned;
    private volatile State state = State.CONNECTING;

    private volatile long sentBatches;
    private volatile long sentRecords;
    private volatile long ackedRecords;
    private volatile long duplicatesAtCollector;
    private volatile long retries;
    /** Requests attempted (sent or failed to connect): what an outage costs the collector. */
    private volatile long attempts;
    private volatile long droppedTooLarge;
    private volatile long lastError;
    private int batchLimit;

    /** Opens the spool (recovering what a previous run left unacknowledged) and starts the sender thread. */
    public ShippingOutput(ShippingConfig config) throws IOException {
        this.config = config;
        this.spool = new Spool(config.spoolDir, config.spool);
        try {
            this.client = new CollectorClient(config.host, config.port, config.tls, config.bearerToken,
                    config.agentId, config.connectTimeoutMillis);
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        this.batchLimit = config.batchMaxRecords;
        sender = new Thread(this::run, "hookline-shipper-" + config.agentId);
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public String name() {
        return "collector";
    }

    @Override
    public void write(String jsonLine) throws IOException {
        if (spool.append(jsonLine.getBytes(StandardCharsets.UTF_8)) < 0) {
            throw new IOException("alert too large for the spool");
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void flush() throws IOException {
        spool.flush();
    }

    /** Stops the sender (finishing the request in flight) and closes the spool; unsent alerts stay for next time. */
    @Override
    public void close() throws IOException {
        stopSender();
        client.close();
        spool.close();
    }

    /**
     * Test hook standing in for a killed agent process: the sender stops without acknowledging anything further,
     * the spool is dropped without a flush or close (see {@link Spool#abandonForCrashTest()}).
     */
    public void abandonForCrashTest() {
        abandoned = true;
        stopSender();
        client.close();
        spool.abandonForCrashTest();
    }

    private void stopSender() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            sender.join(config.requestTimeoutMillis + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }

    private void run() {
        long cursor = spool.ackedSeq();
        int failures = 0;
        while (running) {
            try {
                spool.syncIfDue();
                Spool.Batch batch = spool.read(cursor, batchLimit, config.batchMaxBytes);
                if (batch.isEmpty() || (batch.records().size() < batchLimit && young(batch))) {
                    waitFor(batch.isEmpty() ? 1_000 : config.lingerMillis);
                    if (batch.isEmpty()) {
                        continue;
                    }
                    batch = spool.read(cursor, batchLimit, config.batchMaxBytes);
                }
                CollectorResponse r = send(batch);
                if (abandoned) {
                    return; // a killed process acknowledges nothing more
                }
                if (r.ok()) {
                    spool.ack(batch.nextSeq());
                    cursor = batch.nextSeq();
                    ackedRecords += batch.records().size();
                    duplicatesAtCollector += r.field("duplicates");
                    failures = 0;
                    batchLimit = Math.min(config.batchMaxRecords, batchLimit * 2);
                    state = State.CONNECTED;
                    continue;
                }
                if (r.status() == 413) {
                    if (batch.records().size() == 1) {
                        droppedTooLarge++;
                        LOG.warning("collector refused alert #" + batch.firstSeq() + " as too large: dropped");
                        spool.ack(batch.nextSeq());
                        cursor = batch.nextSeq();
                    } else {
                        batchLimit = Math.max(1, batch.records().size() / 2);
                    }
                    continue;
                }
                lastError = r.status();
                retries++;
                backoff(++failures, r.retryAfterSeconds());
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                lastError = -1;
                retries++;
                LOG.log(failures == 0 ? Level.WARNING : Level.FINE, "shipping to " + config.host + ":" + config.port
                        + " failed: " + e.getMessage());
                backoff(++failures, 0);
                cursor = spool.ackedSeq(); // resend from the last acknowledged record
            }
        }
    }

    private boolean young(Spool.Batch b) {
        return System.currentTimeMillis() - b.firstAppendMillis() < config.lingerMillis;
    }

    private CollectorResponse send(Spool.Batch batch) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(16 * 1024);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos, 8192)) {
            for (byte[] rec : batch.records()) {
                gz.write(rec);
                gz.write('\n');
            }
        }
        if (!client.connected()) {
            state = State.CONNECTING;
        }
        String batchId = config.agentId + "-" + batch.firstSeq() + "-" + batch.nextSeq();
        attempts++;
        CollectorResponse r = client.post(bos.toByteArray(), true, batchId, config.requestTimeoutMillis);
        sentBatches++;
        sentRecords += batch.records().size();
        return r;
    }

    /**
     * Exponential backoff with equal jitter: half the step fixed, half random; at least the Retry-After (itself
     * capped at an hour). Only close ends it early: new alerts wait for the schedule.
     */
    private void backoff(int failures, long retryAfterSeconds) {
        state = State.BACKING_OFF;
        waitFor(delay(failures, retryAfterSeconds, config.backoffInitialMillis, config.backoffMaxMillis,
                ThreadLocalRandom.current().nextDouble()), false);
    }

    /** The wait after {@code failures} failures in a row; {@code random} in [0, 1) draws the jitter. */
    static long delay(int failures, long retryAfterSeconds, long initialMillis, long maxMillis, double random) {
        long step = Math.min(maxMillis, initialMillis << Math.min(Math.max(failures, 1) - 1, 20));
        long sleep = step / 2 + (long) (random * (step / 2 + 1));
        return Math.max(sleep, TimeUnit.SECONDS.toMillis(Math.min(Math.max(retryAfterSeconds, 0), 3600)));
    }

    private void waitFor(long millis) {
        waitFor(millis, true);
    }

    /**
     * Sleeps up to {@code millis}; woken early by close, and by a write when {@code wakeOnWrite} (no interrupts:
     * they would close the spool).
     */
    private void waitFor(long millis, boolean wakeOnWrite) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (signal) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                    if (wakeOnWrite) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public State state() {
        return state;
    }

    /** Records not yet acknowledged by the collector. */
    public long spoolDepth() {
        return spool.depth();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("spool_depth", spool.depth());
        m.put("oldest_unacked_age_ms", spool.oldestUnackedAgeMillis());
        m.put("connection_state", (long) state.ordinal());
        m.put("batches_sent", sentBatches);
        m.put("records_sent", sentRecords);
        m.put("records_acked", ackedRecords);
        m.put("duplicates_at_collector", duplicatesAtCollector);
        m.put("retries", retries);
        m.put("attempts", attempts);
        m.put("dropped_too_large", droppedTooLarge);
        m.put("last_error_status", lastError);
        m.put("evicted", spool.evictedRecords());
        for (Map.Entry<String, Long> e : spool.counters().entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        return m;
    }
}
