/**
 * The running agent: wires collectors, the ring, the detection pipeline, outputs and the control socket, and
 * creates what collectors share (process table, DNS cache, write-before-exec). Only the commands (cli, watch,
 * scenario runner) depend on it; the core packages must not.
 */
package dev.hookline.agent;
