/**
 * {@code hookline selftest}: does a known set of things on the host (a child process with a marker command line, a
 * loopback connection, a file created, modified, renamed and deleted), then checks through the agent's query path
 * that each expected row arrived, with its latency, and names the rows that did not (and the nearest seen instead).
 */
package dev.hookline.selftest;
