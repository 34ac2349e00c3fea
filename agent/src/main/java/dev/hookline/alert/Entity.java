package dev.hookline.alert;

import java.util.Map;

/** A Sentinel entity resolved from a result row: its type (Host, Account, File, ...) and identifier → value. */
public record Entity(String type, Map<String, String> identifiers) {
}
