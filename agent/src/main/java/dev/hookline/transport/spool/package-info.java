/**
 * A durable, bounded, append-only queue on disk: the store-and-forward buffer in front of a remote output.
 */
package dev.hookline.transport.spool;
