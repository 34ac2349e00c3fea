/**
 * Compiled scalar expressions: {@code Node} and the frame it evaluates over, Kusto's values (unboxed slots,
 * {@code Dynamic} arrays and bags), and the operator nodes (logic, comparison, string operators, arithmetic)
 * with the cost order that arranges and/or terms. The function library ({@code kql.eval.fn}) and the compiler
 * ({@code kql.eval}) build on it; it depends on neither, which keeps the three free of cycles.
 */
package dev.hookline.kql.expr;
