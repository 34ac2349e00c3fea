/**
 * Process and network telemetry from the kernel audit subsystem over NETLINK_AUDIT (Hookline is the audit daemon):
 * socket, rules, record parsing and assembly, mapping to MDE rows.
 */
package dev.hookline.linux.audit;
