/**
 * Alerts (and optionally raw events) to Microsoft Sentinel through the Logs Ingestion API: token, ingestion calls,
 * record shapes, ARM template. Must not depend on the agent; it is an alert output.
 */
package dev.hookline.sentinel;
