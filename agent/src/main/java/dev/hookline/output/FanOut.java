package dev.hookline.output;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Logger;

/**
 * Delivers each alert line to several outputs. One output failing (exception) is counted and logged and does not
 * stop the others; {@link #write} itself never throws.
 */
public final class FanOut implements AlertOutput {
    private static final Logger LOG = Logger.getLogger(FanOut.class.getName());

    /** Told when an output starts failing (the first failed write of a streak) and when it writes again. */
    public interface Listener {
        void failing(String output, Exception error);

        void recovered(String output, long failedWrites);

        Listener NONE = new Listener() {
            @Override
            public void failing(String output, Exception error) {
            }

            @Override
            public void recovered(String output, long failedWrites) {
            }
        };
    }

    private final List<AlertOutput> outputs;
    private final AtomicLongArray failures;
    private final AtomicLongArray delivered;
    /** Per output: failed writes in the current streak (0 = healthy). Guarded by this. */
    private final long[] streak;
    private volatile Listener listener = Listener.NONE;

    public FanOut(List<AlertOutput> outputs) {
        this.outputs = List.copyOf(outputs);
        this.failures = new AtomicLongArray(this.outputs.size());
        this.delivered = new AtomicLongArray(this.outputs.size());
        this.streak = new long[this.outputs.size()];
    }

    /**
     * Where streaks of failed writes are reported (the agent raises health alerts). The listener may write to this
     * FanOut again (a health alert is an alert line): it is called after the output's state has changed, so the
     * nested write neither repeats the report nor loses it.
     */
    public void listener(Listener l) {
        this.listener = l == null ? Listener.NONE : l;
    }

    @Override
    public String name() {
        return "fanout";
    }

    public List<AlertOutput> outputs() {
        return outputs;
    }

    @Override
    public void write(String jsonLine) {
        for (int i = 0; i < outputs.size(); i++) {
            try {
                outputs.get(i).write(jsonLine);
                delivered.incrementAndGet(i);
                long was;
                synchronized (streak) {
                    was = streak[i];
                    streak[i] = 0;
                }
                if (was > 0) {
                    listener.recovered(outputs.get(i).name(), was);
                }
            } catch (IOException | RuntimeException e) {
                failed(i, "write", e);
                boolean first;
                synchronized (streak) {
                    first = streak[i]++ == 0;
                }
                if (first) {
                    listener.failing(outputs.get(i).name(), e);
                }
            }
        }
    }

    private void failed(int i, String what, Exception e) {
        long n = failures.incrementAndGet(i);
        // Log the 1st, 2nd, 4th, 8th... failure: visible without flooding the log when an output stays down.
        if (Long.bitCount(n) == 1) {
            LOG.warning("alert output " + outputs.get(i).name() + ": " + what + " failed (" + n + " failures so far): "
                    + e);
        }
    }

    @Override
    public void flush() {
        for (int i = 0; i < outputs.size(); i++) {
            try {
                outputs.get(i).flush();
            } catch (IOException | RuntimeException e) {
                failed(i, "flush", e);
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < outputs.size(); i++) {
            try {
                outputs.get(i).close();
            } catch (IOException | RuntimeException e) {
                failed(i, "close", e);
            }
        }
    }

    public long failures(int outputIndex) {
        return failures.get(outputIndex);
    }

    /** Per output: {@code <name>_delivered}, {@code <name>_failures} and its own counters as {@code <name>_<counter>}. */
    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            AlertOutput o = outputs.get(i);
            m.put(o.name() + "_delivered", delivered.get(i));
            m.put(o.name() + "_failures", failures.get(i));
            try {
                o.counters().forEach((k, v) -> m.put(o.name() + "_" + k, v));
            } catch (RuntimeException e) {
                // a broken output's counters must not break the health line
            }
        }
        return m;
    }
}
