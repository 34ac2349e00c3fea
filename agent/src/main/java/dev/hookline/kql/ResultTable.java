package dev.hookline.kql;

import java.util.List;

/**
 * Output of a batch query. Row values are String, Long, Integer, Double, Boolean, java.time.Instant
 * (datetime), java.time.Duration (timespan), or null; a dynamic value is a List (array), a Map (property bag) or
 * one of the scalars (see {@link dev.hookline.kql.expr.Dynamic}).
 */
public record ResultTable(List<String> columnNames, List<String> columnTypes, List<Object[]> rows) {
}
