package dev.hookline.output;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Logs one line of agent counters every interval, e.g.
 * {@code hookline health uptime_s=3600 records_received=1200 events_DeviceProcessEvents=300 ring_overruns=0 ...}.
 * The counters come from a supplier (the agent assembles them from the ring, collectors, rules and outputs); keys
 * are printed in the supplier's order. Writes to stderr unless given another sink.
 */
public final class HealthLog implements AutoCloseable {
    private final Supplier<? extends Map<String, ? extends Number>> counters;
    private final Duration interval;
    private final Consumer<String> sink;
    private final long startNanos = System.nanoTime();
    private ScheduledExecutorService timer;

    public HealthLog(Supplier<? extends Map<String, ? extends Number>> counters, Duration interval) {
        this(counters, interval, line -> System.err.println(line));
    }

    public HealthLog(Supplier<? extends Map<String, ? extends Number>> counters, Duration interval,
                     Consumer<String> sink) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("health log interval must be positive");
        }
        this.counters = counters;
        this.interval = interval;
        this.sink = sink;
    }

    /** Starts logging on a daemon thread, first line after one interval. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hookline-health");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::logNow, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Logs one line now (also used for a final line at shutdown). Never throws. */
    public void logNow() {
        try {
            sink.accept(line());
        } catch (RuntimeException e) {
            try {
                sink.accept("hookline health unavailable: " + e);
            } catch (RuntimeException ignored) {
                // a broken sink must not kill the timer
            }
        }
    }

    /** The line the next tick would log. */
    public String line() {
        StringBuilder sb = new StringBuilder("hookline health uptime_s=")
                .append(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
        Map<String, ? extends Number> m = counters.get();
        if (m != null) {
            m.forEach((k, v) -> {
                if (!k.equals("uptime_s")) { // the agent's counters carry it too (for `hookline status`): once here
                    sb.append(' ').append(k.replace(' ', '_')).append('=').append(v);
                }
            });
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
