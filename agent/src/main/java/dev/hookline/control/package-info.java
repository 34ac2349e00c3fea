/**
 * The local control socket (root only) between the CLI and a running agent: status and hunting queries. Must not
 * depend on the agent; the agent implements ControlHandler.
 */
package dev.hookline.control;
