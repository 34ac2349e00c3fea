package dev.hookline.collector;

import java.util.Map;

/**
 * A running source of events (audit, fanotify, ETW, eslogger...). Created by its {@link CollectorProvider}, then
 * started once; {@link #close()} stops it and restores whatever it changed in the OS.
 */
public interface Collector extends AutoCloseable {
    String name();

    /** Starts the collector's threads. Throws with a message a person can act on when it cannot start. */
    void start() throws CollectorException;

    /**
     * False for a helper that publishes no rows of its own and only enriches other collectors' rows (the DNS
     * sniffer): the agent does not count it when it checks that it can see anything at all.
     */
    default boolean producesEvents() {
        return true;
    }

    /**
     * What the running collector does to and with the OS, in one line, for the start log and `hookline status`
     * (e.g. the audit collector's mode, backlog, rule count and the record types it keeps the kernel from making);
     * null when there is nothing to say beyond its name.
     */
    default String description() {
        return null;
    }

    /** Counters for `hookline status` and the periodic health log (records, lost, gaps, parse errors...). */
    Map<String, Long> counters();

    @Override
    void close();
}
