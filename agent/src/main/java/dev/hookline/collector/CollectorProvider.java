package dev.hookline.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Service-provider entry point of a collectors module, found at run time with {@link java.util.ServiceLoader}
 * (META-INF/services/dev.hookline.collector.CollectorProvider), so the agent never links OS code directly.
 */
public interface CollectorProvider {
    /** Short name used in config and status, e.g. "linux-audit". */
    String name();

    /**
     * Null when this collector can run here; otherwise why not (wrong OS, not root, kernel lacks audit), in
     * words a person can act on.
     */
    String unsupportedReason();

    Collector create(CollectorContext context) throws CollectorException;

    /**
     * False when this collector is for another operating system: the agent then skips it without reporting it as
     * missing (a Linux host is not missing its Windows collector). Unsupported on the right OS (not root, no
     * audit in the kernel) is {@link #unsupportedReason()}'s job, and is reported.
     */
    default boolean forThisPlatform() {
        return true;
    }

    /**
     * How this collector's recorded raw input ({@link RawRecorder}) is fed back through its decoders and
     * normalizers, on any OS (the decoding is plain Java); null when it cannot record.
     */
    default RawReplay replay() {
        return null;
    }

    /**
     * This collector's settings, every one at its default. The record's class declares the keys of the collector's
     * section under {@code collectors:} (its components, in snake_case: {@code quietPeriodMs} is
     * {@code quiet_period_ms}); the agent binds and checks each section with the mapper of its own config
     * ({@code dev.hookline.config.CollectorSettings}), so an unknown key, a wrong type or a bad value is reported
     * with its line and column when the config is loaded, whichever OS the collector is for. The collector gets
     * its section bound with {@link CollectorContext#settings}; a range check a type cannot express goes in the
     * record's constructor ({@link InvalidSetting}).
     */
    default Record defaultSettings() {
        return new NoSettings();
    }

    /** The settings type: the class of {@link #defaultSettings()}. */
    default Class<? extends Record> settingsType() {
        return defaultSettings().getClass();
    }

    /**
     * The collector's section as `hookline config defaults` prints it: every key with its default and a comment,
     * not indented (the agent indents it under the collector's name); "" when it has no settings. By default the
     * resource {@code <name>.yaml} beside the settings record (e.g. {@code linux-audit.yaml}).
     */
    default String documentedSettings() {
        try (InputStream in = settingsType().getResourceAsStream(name() + ".yaml")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
