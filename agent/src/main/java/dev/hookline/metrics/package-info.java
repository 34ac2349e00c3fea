/**
 * The optional Prometheus endpoint of {@code hookline run} and {@code hookline collector} (off by default): the
 * counters that {@code hookline status} and the collector's status line show, read at scrape time and named by
 * Prometheus conventions, served in the standard text format by the Prometheus Java client.
 */
package dev.hookline.metrics;
