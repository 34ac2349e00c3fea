package dev.hookline.rules;

/**
 * What an alert's {@code event()} is. The evaluated event is usually a ring-buffer slot that is refilled as soon as
 * the detector returns, so a consumer that keeps alerts needs a snapshot; one that writes each alert out before
 * returning (the agent's pipeline, {@code detect}) does not, and skips the copy.
 */
public enum AlertEvents {
    /** A copy of the event, the alert's own: safe to keep. */
    SNAPSHOT,
    /** The evaluated event itself, valid only during the consumer's call. */
    LENT
}
