/**
 * Sigma rules converted to KQL (single-event rules, with field and category mappings). Must not depend on rules;
 * the rule loader uses it.
 */
package dev.hookline.sigma;
