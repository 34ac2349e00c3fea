package dev.hookline.alert;

import java.util.List;

/**
 * A rule's descriptive metadata, carried into every alert it raises. It lives with the alerts so they need not know
 * the rules package, which fills it.
 */
public record RuleMeta(String id, String title, String description, List<String> tactics, String technique,
                       String subTechnique, String severity, String confidence, List<String> falsePositives,
                       String notes) {

    /** MITRE ids, technique first: e.g. ["T1195", "T1195.001"]. */
    public List<String> mitreIds() {
        if (technique == null && subTechnique == null) {
            return List.of();
        }
        if (subTechnique == null) {
            return List.of(technique);
        }
        return technique == null ? List.of(subTechnique) : List.of(technique, subTechnique);
    }
}
