package dev.hookline.agent;

import dev.hookline.collector.HealthSink;
import dev.hookline.output.FanOut;

/**
 * Turns streaks of failed writes to a raw event file (raw_events: a full disk, its directory gone) into health
 * alerts, like {@link OutputHealth} does for the alert outputs: one when a file starts failing, with the error,
 * one when it writes again. The events of the failed writes are not in the file; until then they were only
 * counted (raw_output_errors), which nobody watching the alerts saw.
 */
final class EventFileHealth implements FanOut.Listener {
    static final String FAILING = "EventFileFailing";
    static final String RECOVERED = "EventFileRecovered";

    private final HealthSink health;

    EventFileHealth(HealthSink health) {
        this.health = health;
    }

    @Override
    public void failing(String file, Exception error) {
        health.healthAlert(FAILING, "raw event file " + file + " failed to write an event: " + error.getMessage()
                + "; events are missing from it (counted in raw_output_errors) until it writes again");
    }

    @Override
    public void recovered(String file, long failedWrites) {
        health.healthAlert(RECOVERED, "raw event file " + file + " writes again after " + failedWrites
                + " failed " + (failedWrites == 1 ? "write" : "writes") + "; the events of those writes are not in it");
    }
}
