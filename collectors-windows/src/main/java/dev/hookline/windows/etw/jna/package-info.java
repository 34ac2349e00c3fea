/**
 * The ETW API over advapi32 through JNA, with the native structures it needs. Only the collector wiring picks it;
 * nothing else may depend on it.
 */
package dev.hookline.windows.etw.jna;
