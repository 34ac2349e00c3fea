package dev.hookline.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The YAML shape of a rule file (and, with only `exclusions`/`enable`, of a tuning file). Unknown keys are errors. */
final class RuleFile {
    @JsonProperty
    String id;
    @JsonProperty
    String title;
    @JsonProperty
    String description;
    @JsonProperty
    Mitre mitre;
    @JsonProperty
    String severity;
    @JsonProperty
    String confidence;
    @JsonProperty("false_positives")
    List<String> falsePositives;
    @JsonProperty
    String notes;
    @JsonProperty
    String query;
    @JsonProperty
    List<ExclusionEntry> exclusions;
    @JsonProperty
    ScheduleEntry schedule;

    /** When the query runs over history (it cannot stream): how often, over how much, and what count alerts. */
    static final class ScheduleEntry {
        @JsonProperty
        String frequency;
        @JsonProperty
        String period;
        @JsonProperty("trigger_operator")
        String triggerOperator;
        @JsonProperty("trigger_threshold")
        Long triggerThreshold;
    }

    static final class Mitre {
        @JsonProperty
        List<String> tactics;
        @JsonProperty
        String technique;
        @JsonProperty("sub_technique")
        String subTechnique;
    }

    static final class ExclusionEntry {
        @JsonProperty
        String id;
        @JsonProperty
        String rule;
        @JsonProperty
        String arm;
        @JsonProperty
        String where;
        @JsonProperty
        String reason;
        @JsonProperty
        Boolean enabled;
    }

    /** A tuning file: extra exclusions, and ids of shipped exclusions to switch on. */
    static final class TuningFile {
        @JsonProperty
        List<ExclusionEntry> exclusions;
        @JsonProperty
        List<String> enable;
    }
}
