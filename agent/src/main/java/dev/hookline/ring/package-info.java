/**
 * The on-host event ring (many producers, one consumer), its consumer loop and the snapshots hunting queries read.
 * Must not depend on rules or the agent.
 */
package dev.hookline.ring;
