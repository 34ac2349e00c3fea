/**
 * The collector SPI: what a collectors module implements (provider, collector) and what the agent hands it
 * (context, sinks, host identity, the shared DNS cache and write-before-exec). Part of the collector API: may
 * depend only on schema, process and net.
 */
package dev.hookline.collector;
