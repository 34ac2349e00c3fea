/**
 * DeviceFileEvents from fanotify: marks, event reading, path resolution, write coalescing, initiator lookup and the
 * agent's protected paths. Must not depend on the audit collector; they meet through the collector context.
 */
package dev.hookline.linux.fanotify;
