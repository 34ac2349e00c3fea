/**
 * The KQL lexer, recursive-descent parser and syntax tree, with line and column for every error. Must not depend on
 * kql.eval.
 */
package dev.hookline.kql.parse;
