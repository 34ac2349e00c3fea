/**
 * The Windows collectors module: the ETW collector ("windows-etw") and its provider, wiring etw, normalize and host
 * together. Like every collectors module, it uses of the agent only the collector API (see README, Layout).
 */
package dev.hookline.windows;
