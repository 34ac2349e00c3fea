/**
 * Processes from /proc and the proc connector, and the lifecycle that keeps the shared process table current from
 * fork, exec and exit.
 */
package dev.hookline.linux.proc;
