/**
 * The Hookline collector server (Netty): receives alert batches from the fleet, bounds and deduplicates them,
 * commits them to disk in groups. Must not depend on the client or the agent.
 */
package dev.hookline.transport.server;
