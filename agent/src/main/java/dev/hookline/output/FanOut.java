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

    private final List<AlertOutput> outputs;
    private final AtomicLongArray failures;
    private final AtomicLongArray delivered;

    public FanOut(List<AlertOutput> outputs) {
        this.outputs = List.copyOf(outputs);
        this.failures = new AtomicLongArray(this.outputs.size());
        this.delivered = new AtomicLongArray(this.outputs.size());
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
            } catch (IOException | RuntimeException e) {
                failed(i, "write", e);
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
