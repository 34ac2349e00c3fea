package dev.hookline.sigma;

import dev.hookline.schema.Table;
import java.util.List;

/**
 * A Sigma rule converted to KQL: the query text (pasteable into Sentinel; conversion notes are // comments at its
 * top) and the Sigma metadata a Hookline rule needs.
 *
 * @param level      Sigma level (informational, low, medium, high, critical), or null
 * @param status     Sigma status (stable, test, experimental, deprecated, unsupported), or null
 * @param techniques MITRE technique ids from attack.tNNNN[.NNN] tags, upper-cased
 * @param tactics    MITRE tactic names from attack.tactic_name tags ("Initial Access")
 * @param product    logsource.product lower-cased (windows, linux, macos), or null when the rule names none
 */
public record SigmaConversion(String kql, Table table, String id, String title, String description, String level,
                              String status, List<String> tactics, List<String> techniques,
                              List<String> falsePositives, List<String> notes, String product) {
}
