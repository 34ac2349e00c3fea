/**
 * Rules: loading (YAML, KQL, Sigma), tuning and exclusions, and streaming detection over events with arm gates.
 * Must not depend on the agent, outputs or transport.
 */
package dev.hookline.rules;
