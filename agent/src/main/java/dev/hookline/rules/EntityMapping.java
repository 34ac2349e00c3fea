package dev.hookline.rules;

import java.util.List;

/** Sentinel's entityMappings entry: an entity type and, per identifier, the result column that holds its value. */
public record EntityMapping(String entityType, List<Field> fields) {
    public record Field(String identifier, String columnName) {
    }
}
