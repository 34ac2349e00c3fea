/**
 * The Linux scenarios (seed procedures, incidents, benign controls), run for real under loopback-only, self-
 * cleaning workspaces.
 */
package dev.hookline.linux.scenario;
