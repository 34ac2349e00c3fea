package dev.hookline.rules;

import java.util.List;
import java.util.Set;

/** A user's tuning: extra exclusions and the ids of shipped exclusions to switch on ("all" switches on every one). */
public record Tuning(List<Exclusion> exclusions, Set<String> enable) {
    public static final Tuning NONE = new Tuning(List.of(), Set.of());

    public boolean enables(String exclusionId) {
        return enable.contains(exclusionId) || enable.contains("all");
    }
}
