package dev.hookline.sentinel;

import dev.hookline.config.Secret;
import dev.hookline.output.AlertOutput;
import dev.hookline.output.EventOutput;
import dev.hookline.output.FsyncPolicy;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import dev.hookline.transport.spool.Spool;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forwards alerts (and optionally every raw event) to Microsoft Sentinel through the Azure Monitor Logs Ingestion
 * API, at least once.
 *
 * <p>{@link #write(String)} / {@link #write(Event)} only shape the record and append it to a durable {@link Spool}
 * — one per stream, so a flood of raw events can never evict alerts. A sender thread drains the spools (alerts
 * first) in JSON arrays of at most {@code maxBodyBytes} uncompressed, gzip'd, and acknowledges the spool only on a
 * 2xx (204) answer: nothing is lost while Sentinel is unreachable, within the spool bound. 429 and 5xx are retried
 * with exponential backoff and jitter, never sooner than Retry-After; 413 halves the batch (a single record refused
 * as too large is dropped and counted); 401/403 log the likely cause (the missing role), drop the cached token and
 * retry with a fresh one. Other answers (400, 404: a wrong DCR id or stream name) are retried with backoff too, so
 * fixing the configuration loses nothing.
 */
public final class SentinelOutput implements AlertOutput, EventOutput {
    private static final Logger LOG = Logger.getLogger(SentinelOutput.class.getName());

    /** One stream with its spool and read position. */
    private static final class Lane {
        final SentinelStreams.Stream stream;
        final Spool spool;
        final String key;
        long cursor;
        int batchLimit;
        volatile long sentRecords;
        volatile long sentBatches;

        Lane(SentinelStreams.Stream stream, Spool spool, String key, int batchLimit) {
            this.stream = stream;
            this.spool = spool;
            this.key = key;
            this.cursor = spool.ackedSeq();
            this.batchLimit = batchLimit;
        }
    }

    private final SentinelSettings s;
    private final List<Lane> lanes = new ArrayList<>();
    private final Lane alerts;
    private final Lane[] rawLanes = new Lane[Table.values().length];
    private final SentinelRecords alertRecords;
    private final SentinelRecords eventRecords;
    private final TokenSource tokens;
    private final IngestionClient client;
    private final Thread sender;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean closed;

    private volatile long retries;
    private volatile long authFailures;
    private volatile long droppedRefused;
    private volatile long lastStatus;
    private volatile long spoolRefused;

    /** Opens the spools (recovering what a previous run left unsent) and starts the sender thread. */
    public SentinelOutput(SentinelSettings settings) throws IOException {
        this.s = settings;
        int maxRecord = s.maxBodyBytes - 2;
        this.alertRecords = new SentinelRecords(maxRecord);
        this.eventRecords = new SentinelRecords(maxRecord);
        HttpClient.Builder hb = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(s.connectTimeoutMillis))
                .proxy(ProxySelector.getDefault()); // honours -Dhttps.proxyHost; none by default
        if (s.sslContext != null) {
            hb.sslContext(s.sslContext);
        }
        HttpClient http = hb.build();
        this.tokens = new TokenSource(s, http, System::currentTimeMillis);
        this.client = new IngestionClient(s, http);
        try {
            alerts = open(SentinelStreams.alerts(s.alertsStream), "alerts");
            if (s.rawEvents) {
                for (Table t : Table.values()) {
                    rawLanes[t.ordinal()] = open(SentinelStreams.raw(t), t.name());
                }
            }
        } catch (IOException | RuntimeException e) {
            closeSpools();
            throw e;
        }
        sender = new Thread(this::run, "hookline-sentinel");
        sender.setDaemon(true);
        sender.start();
    }

    private Lane open(SentinelStreams.Stream stream, String sub) throws IOException {
        long max = s.spoolMaxBytes;
        long seg = Math.max(1024, Math.min(8L << 20, max / 4));
        Spool sp = new Spool(s.spoolDir.resolve(sub), new Spool.Config(max, seg, FsyncPolicy.defaultPolicy()));
        Lane l = new Lane(stream, sp, sub, s.maxBatchRecords);
        lanes.add(l);
        return l;
    }

    @Override
    public String name() {
        return "sentinel";
    }

    /** Appends an alert line (as an alert-stream record) to the alert spool. */
    @Override
    public void write(String jsonLine) throws IOException {
        byte[] rec;
        synchronized (alertRecords) {
            rec = alertRecords.alert(jsonLine);
        }
        if (rec == null) {
            return; // counted: not an object, or larger than a call even after truncation
        }
        append(alerts, rec);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Appends a raw event to its table's spool; ignored unless raw_events is on. */
    @Override
    public void write(Event event) throws IOException {
        Lane l = rawLanes[event.table().ordinal()];
        if (l == null) {
            return;
        }
        byte[] rec;
        synchronized (eventRecords) {
            rec = eventRecords.event(event);
        }
        if (rec != null) {
            append(l, rec); // the sender picks it up within the linger time: no wake-up per event
        }
    }

    private void append(Lane l, byte[] rec) throws IOException {
        if (l.spool.append(rec) < 0) {
            spoolRefused++;
            throw new IOException("record too large for the Sentinel spool (" + rec.length + " bytes)");
        }
    }

    @Override
    public void flush() throws IOException {
        for (Lane l : lanes) {
            l.spool.flush();
        }
    }

    /**
     * Stops the sender (finishing the call in flight) and closes the spools; unsent records stay for next time. With
     * {@code closeDrainMillis} set (a CI job: its runner never comes back), first waits up to that long for the
     * spools to empty.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (s.closeDrainMillis > 0) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.closeDrainMillis);
            synchronized (signal) {
                signal.notifyAll(); // send what lingers now
            }
            while (spoolDepth() > 0 && System.nanoTime() < deadline && sender.isAlive()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            long left = spoolDepth();
            if (left > 0) {
                LOG.warning(left + " record(s) not yet accepted by Sentinel after waiting "
                        + s.closeDrainMillis / 1000 + " s; they stay in the spool " + s.spoolDir);
            }
        }
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            sender.join(s.requestTimeoutMillis + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSpools();
    }

    private void closeSpools() {
        for (Lane l : lanes) {
            try {
                l.spool.close();
            } catch (IOException e) {
                LOG.warning("closing Sentinel spool " + l.spool.dir() + ": " + e.getMessage());
            }
        }
    }

    private void run() {
        int failures = 0;
        boolean authStreak = false;
        while (running) {
            boolean progressed = false;
            long waitMillis = 1_000;
            for (Lane l : lanes) {
                if (!running) {
                    return;
                }
                try {
                    l.spool.syncIfDue();
                    Spool.Batch b = l.spool.read(l.cursor, l.batchLimit, s.maxBodyBytes);
                    if (b.isEmpty()) {
                        continue;
                    }
                    long age = System.currentTimeMillis() - b.firstAppendMillis();
                    if (b.records().size() < l.batchLimit && age < s.lingerMillis) {
                        waitMillis = Math.min(waitMillis, s.lingerMillis - age);
                        continue; // let a few more arrive: fewer, fuller calls
                    }
                    int k = fitting(b.records());
                    List<byte[]> recs = b.records().subList(0, k);
                    IngestionClient.Response r = client.post(l.stream.name(),
                            IngestionClient.jsonArray(recs), tokens.token());
                    lastStatus = r.status();
                    if (!running && !r.accepted()) {
                        return;
                    }
                    if (r.accepted()) {
                        long next = b.firstSeq() + k;
                        l.spool.ack(next);
                        l.cursor = next;
                        l.sentRecords += k;
                        l.sentBatches++;
                        l.batchLimit = Math.min(s.maxBatchRecords, Math.max(l.batchLimit, 1) * 2);
                        failures = 0;
                        authStreak = false;
                        progressed = true;
                        continue;
                    }
                    if (r.status() == 413) {
                        if (k == 1) {
                            droppedRefused++;
                            LOG.warning("Sentinel refused a " + l.key + " record of " + recs.get(0).length
                                    + " bytes as too large: dropped");
                            l.spool.ack(b.firstSeq() + 1);
                            l.cursor = b.firstSeq() + 1;
                        } else {
                            l.batchLimit = Math.max(1, k / 2);
                        }
                        progressed = true;
                        continue;
                    }
                    retries++;
                    if (r.status() == 401 || r.status() == 403) {
                        authFailures++;
                        tokens.invalidate();
                        if (!authStreak) {
                            LOG.warning(authMessage(r));
                            authStreak = true;
                            progressed = true; // retry at once with a fresh token
                            continue;
                        }
                    } else if (failures == 0) {
                        LOG.warning("Sentinel answered HTTP " + r.status() + " for stream " + l.stream.name()
                                + " (request " + r.requestId() + ")" + detail(r) + "; retrying with backoff");
                    }
                    backoff(++failures, r.retryAfterMillis());
                    progressed = true;
                    break; // start over with the alerts after a backoff
                } catch (IOException | RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    retries++;
                    LOG.log(failures == 0 ? Level.WARNING : Level.FINE, "sending to Sentinel failed: "
                            + redact(e.getMessage()));
                    backoff(++failures, 0);
                    l.cursor = l.spool.ackedSeq();
                    progressed = true;
                    break;
                }
            }
            if (!progressed) {
                waitFor(Math.max(1, waitMillis));
            }
        }
    }

    /** How many records from the front fit one call: the array's brackets and commas count too. */
    private int fitting(List<byte[]> recs) {
        long size = 2;
        int k = 0;
        for (byte[] r : recs) {
            long add = r.length + (k > 0 ? 1 : 0);
            if (k > 0 && size + add > s.maxBodyBytes) {
                break;
            }
            size += add;
            k++;
        }
        return k;
    }

    private String authMessage(IngestionClient.Response r) {
        return "Sentinel refused the call with HTTP " + r.status() + " (request " + r.requestId() + ")" + detail(r)
                + ": the identity (" + tokens.describe() + ") most likely lacks the \"Monitoring Metrics Publisher\""
                + " role on the data collection rule " + s.dcrImmutableId + " (az role assignment create --role "
                + "\"Monitoring Metrics Publisher\" --assignee " + (s.clientId != null ? s.clientId
                : "<the identity's principal id>") + " --scope <DCR resource id>); a new "
                + "role assignment can take up to 30 minutes to take effect. Refreshing the token and retrying.";
    }

    private String detail(IngestionClient.Response r) {
        String b = r.body() == null ? "" : r.body().replace('\n', ' ').trim();
        return b.isEmpty() ? "" : ": " + redact(b.length() > 200 ? b.substring(0, 200) + "..." : b);
    }

    private String redact(String m) {
        if (m == null) {
            return "";
        }
        if (s.githubOidcToken != null) {
            m = s.githubOidcToken.redact(m);
        }
        return s.clientSecret == null ? m : s.clientSecret.redact(m);
    }

    /** Exponential backoff with equal jitter, never shorter than the server's Retry-After. */
    private void backoff(int failures, long retryAfterMillis) {
        long step = Math.min(s.backoffMaxMillis, s.backoffInitialMillis << Math.min(failures - 1, 20));
        long sleep = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        sleep = Math.max(sleep, retryAfterMillis);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep);
        // the full time: a write must not cut a Retry-After short
        while (running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            waitFor(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    /** Sleeps up to {@code millis}, woken early by an alert or by close. */
    private void waitFor(long millis) {
        synchronized (signal) {
            if (!running) {
                return;
            }
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records of all streams not yet accepted by Sentinel. */
    public long spoolDepth() {
        long d = 0;
        for (Lane l : lanes) {
            d += l.spool.depth();
        }
        return d;
    }

    /** Tokens fetched from Entra ID so far. */
    public long tokensFetched() {
        return tokens.fetched();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Lane l : lanes) {
            m.put(l.key + "_spool_depth", l.spool.depth());
            m.put(l.key + "_records_sent", l.sentRecords);
            m.put(l.key + "_batches_sent", l.sentBatches);
            m.put(l.key + "_evicted", l.spool.evictedRecords());
        }
        m.put("retries", retries);
        m.put("auth_failures", authFailures);
        m.put("tokens_fetched", tokens.fetched());
        m.put("last_status", lastStatus);
        m.put("dropped_refused_too_large", droppedRefused);
        m.put("spool_refused", spoolRefused);
        synchronized (alertRecords) {
            m.put("alerts_bad_lines", alertRecords.badAlertLines());
            m.put("alerts_dropped_too_large", alertRecords.droppedTooLarge());
            m.put("alerts_truncated_fields", alertRecords.truncatedFields());
        }
        synchronized (eventRecords) {
            m.put("events_dropped_too_large", eventRecords.droppedTooLarge());
            m.put("events_truncated_fields", eventRecords.truncatedFields());
        }
        return m;
    }

    @Override
    public String toString() {
        return "SentinelOutput[" + s + "]";
    }
}
