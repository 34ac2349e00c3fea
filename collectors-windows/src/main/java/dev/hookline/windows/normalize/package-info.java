/**
 * Decoded ETW events to MDE rows: process joins, NT paths to drive letters, accounts, and the process table kept
 * current. Must not depend on host or the JNA binding (tests run it on any OS).
 */
package dev.hookline.windows.normalize;
