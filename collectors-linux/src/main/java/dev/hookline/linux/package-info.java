/**
 * The Linux collectors module's audit provider ("linux-audit"); the other collectors and the scenarios sit in the
 * sub-packages. Like every collectors module, it uses of the agent only the collector API (see README, Layout).
 */
package dev.hookline.linux;
