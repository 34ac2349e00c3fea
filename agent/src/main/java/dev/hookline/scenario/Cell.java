package dev.hookline.scenario;

/**
 * One cell of the matrix: a rule arm's outcome for a scenario. {@code latencyMillis} is from the triggering event
 * (the kernel's time of the action) to the first alert of this arm, or -1; {@code alerts} counts them.
 */
public record Cell(String ruleId, String arm, Outcome outcome, long latencyMillis, int alerts, String note) {
    public String label() {
        return ruleId + (arm == null || arm.isEmpty() ? "" : " / " + arm);
    }
}
