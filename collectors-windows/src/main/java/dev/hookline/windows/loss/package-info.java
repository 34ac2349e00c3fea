/**
 * ETW loss accounting: the session's cumulative loss statistics (polled) and the consumer's per-buffer figures
 * turned into growing counters, and raised as an agent-health alert when they grow. Depends on etw's value types
 * only, not on the JNA binding.
 */
package dev.hookline.windows.loss;
