/**
 * The macOS collectors module: the "macos-es" collector (eslogger bridge plus libproc network polling), its
 * provider and settings. Like every collectors module, it uses of the agent only the collector API (see README,
 * Layout).
 */
package dev.hookline.macos;
