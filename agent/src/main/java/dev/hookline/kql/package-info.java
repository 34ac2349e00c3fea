/**
 * The KQL engine's API: compiled and streaming queries, arms and their gates, the lineage and write-history hooks,
 * and KqlException. Must not depend on kql.parse or kql.eval, which implement it; the entry point is
 * {@link dev.hookline.kql.eval.Kql}.
 */
package dev.hookline.kql;
