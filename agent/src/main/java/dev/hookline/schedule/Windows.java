package dev.hookline.schedule;

import dev.hookline.kql.TableSource;

/** Where a scheduled run reads: the events with {@code from <= Timestamp < to}. */
@FunctionalInterface
public interface Windows {
    TableSource window(long from, long to);
}
