/**
 * Where alerts and events go: rotating JSON-lines files, fan-out, raw event files, the health log, and result
 * printing. Must not depend on the agent, rules or transport.
 */
package dev.hookline.output;
