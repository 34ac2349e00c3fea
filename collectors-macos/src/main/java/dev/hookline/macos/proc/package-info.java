/**
 * What macOS shows about a running process (libproc, sysctl KERN_PROCARGS2, getpwuid) for the process table and
 * account columns.
 */
package dev.hookline.macos.proc;
