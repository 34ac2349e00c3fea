package dev.hookline.config;

import dev.hookline.collector.Collector;
import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.collector.InvalidSetting;
import java.util.List;

/**
 * A collector for another operating system, with settings of every kind: the agent's tests check collector
 * sections against it. Never runs (not for this platform).
 */
public final class ElsewhereCollectorProvider implements CollectorProvider {
    public static final String NAME = "test-elsewhere";

    /** Settings of every kind a collector declares. */
    public record Settings(long quietPeriodMs, boolean sha256, List<String> excludePaths, Mode mode) {
        public enum Mode { AUTO, FD }

        public Settings {
            InvalidSetting.require(quietPeriodMs >= 1, "quiet_period_ms", "must be at least 1, got " + quietPeriodMs);
            excludePaths = List.copyOf(excludePaths);
        }
    }

    public static final Settings DEFAULTS = new Settings(1000, false, List.of("/proc"), Settings.Mode.AUTO);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String unsupportedReason() {
        return "for another operating system";
    }

    @Override
    public boolean forThisPlatform() {
        return false;
    }

    @Override
    public Record defaultSettings() {
        return DEFAULTS;
    }

    @Override
    public String documentedSettings() {
        return "# How long a write burst waits.\nquiet_period_ms: 1000\nsha256: false\nexclude_paths:\n  - /proc\n"
                + "mode: auto\n";
    }

    @Override
    public Collector create(CollectorContext context) throws CollectorException {
        throw new CollectorException("not here");
    }
}
