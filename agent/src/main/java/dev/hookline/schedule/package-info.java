/**
 * Scheduled rules (Sentinel analytic rules, and queries streaming cannot evaluate): each runs every so often over a
 * window of history, its result compared with its trigger, its rows turned into alerts once each. The agent runs
 * them on their own thread over the store and ring; `hookline detect` steps them over an events file.
 */
package dev.hookline.schedule;
