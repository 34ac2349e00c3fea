package dev.hookline.agent;

import dev.hookline.collector.HealthSink;
import dev.hookline.output.FanOut;

/**
 * Turns streaks of failed alert writes (alert file, collector spool, Sentinel spool) into health alerts: one when
 * an output starts failing, with the error, and one when it writes again. Counters alone went unseen. The alert
 * about a failing output reaches the other outputs and the agent's log (stderr), since it cannot reach the broken
 * one; HealthAlerts rate-limits both kinds like every other.
 */
final class OutputHealth implements FanOut.Listener {
    static final String FAILING = "AlertOutputFailing";
    static final String RECOVERED = "AlertOutputRecovered";

    private final HealthSink health;

    OutputHealth(HealthSink health) {
        this.health = health;
    }

    @Override
    public void failing(String output, Exception error) {
        health.healthAlert(FAILING, "alert output '" + output + "' failed to write an alert: " + error.getMessage()
                + "; alerts are not reaching it (counted in output_" + output + "_failures) until it writes again");
    }

    @Override
    public void recovered(String output, long failedWrites) {
        health.healthAlert(RECOVERED, "alert output '" + output + "' writes again after " + failedWrites
                + " failed " + (failedWrites == 1 ? "write" : "writes") + "; the alerts of those writes did not reach it");
    }
}
