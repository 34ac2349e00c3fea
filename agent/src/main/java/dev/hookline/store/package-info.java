/**
 * The agent's local history: every event it produces, kept on disk in compressed, CRC-checked blocks, one segment
 * per table per hour, bounded by age and size, cut back to its last good block after a crash; read back by time
 * range as a KQL {@code TableSource}, alone or merged with the ring ({@code HistorySource}). See docs/store.md.
 */
package dev.hookline.store;
