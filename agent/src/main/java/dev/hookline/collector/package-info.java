/**
 * The collector SPI: what a collectors module implements (provider, collector, its settings record) and what the
 * agent hands it (context, sinks, host identity, its settings bound, the shared DNS cache and write-before-exec),
 * and the raw-input record hook with its replay.
 * Part of the collector API: may depend only on schema, process and net.
 */
package dev.hookline.collector;
