package dev.hookline.ring;

/** What a producer does when the consumer is a full ring behind. */
public enum OverrunPolicy {
    /** Drop the new event and count it as an overrun: a collector thread never blocks (the default). */
    DROP,
    /** Wait until the consumer frees a slot: no loss, but a slow rule engine slows the collectors. */
    BLOCK
}
