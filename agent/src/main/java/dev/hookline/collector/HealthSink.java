package dev.hookline.collector;

/** Agent-health findings a collector raises (audit pid taken over, rules deleted, queue overflow...). */
public interface HealthSink {
    /**
     * @param kind    a stable machine-readable kind, e.g. "AuditPidTakenOver"
     * @param message what happened and what the agent did about it, for a person
     */
    void healthAlert(String kind, String message);
}
