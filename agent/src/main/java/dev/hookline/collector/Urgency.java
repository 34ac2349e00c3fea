package dev.hookline.collector;

import dev.hookline.schema.Event;

/**
 * Whether an event might raise an alert, asked by a collector before it builds the event: one no rule can match may
 * wait a little and be processed together with others (a lone event on cold caches costs several times one in a
 * batch), one that might must not wait. Built by the agent from the rules' gates ({@code ArmGate}): conservative, so
 * "true" is always safe and "false" means no arm can match an event with these column values. One instance per
 * thread.
 */
public interface Urgency {
    /** Every event urgent: no rules known, or a collector that must not hold events back. */
    Urgency ALWAYS = probe -> true;

    /**
     * @param probe an event of the table asked for, with the columns named when this instance was made set as the
     *              finished event will have them (others are not read)
     */
    boolean mayMatch(Event probe);
}
