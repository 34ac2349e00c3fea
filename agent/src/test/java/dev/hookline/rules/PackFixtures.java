package dev.hookline.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the built-in packs' fixture tests share: one pack's rules, a cases file by ReportId, a JSON list as a set. */
final class PackFixtures {
    private PackFixtures() {
    }

    /** The built-in rules of one pack ("hookline", "persistence", ...). */
    static List<Rule> pack(String name) throws RuleException {
        List<Rule> out = new ArrayList<>();
        for (Rule r : new RuleLoader().loadBuiltin()) {
            if (r.source().startsWith("builtin:" + name + "/")) {
                out.add(r);
            }
        }
        return out;
    }

    /** The events of fixtures/{@code file} (JSON lines) by their ReportId, in order. */
    static Map<Long, JsonNode> cases(String file) throws IOException {
        Map<Long, JsonNode> out = new TreeMap<>();
        try (InputStream in = PackFixtures.class.getResourceAsStream("/fixtures/" + file)) {
            ObjectMapper m = new ObjectMapper();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode n = m.readTree(line);
                    out.put(n.get("ReportId").asLong(), n);
                }
            }
        }
        return out;
    }

    /** The rules some case expects to fire ("_expect" lists "rule/arm"). */
    static Set<String> rulesWithPositiveCases(Map<Long, JsonNode> cases) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : cases.values()) {
            for (String s : strings(c.get("_expect"))) {
                out.add(s.substring(0, s.indexOf('/')));
            }
        }
        return out;
    }

    /** The rules some case is a near miss for ("_negative_for"). */
    static Set<String> rulesWithNegativeCases(Map<Long, JsonNode> cases) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : cases.values()) {
            out.addAll(strings(c.get("_negative_for")));
        }
        return out;
    }

    /** A JSON array of strings (e.g. "_expect") as a sorted set; empty for a missing field. */
    static Set<String> strings(JsonNode n) {
        Set<String> s = new TreeSet<>();
        if (n != null) {
            n.forEach(x -> s.add(x.asText()));
        }
        return s;
    }
}
