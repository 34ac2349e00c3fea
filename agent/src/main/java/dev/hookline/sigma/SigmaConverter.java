package dev.hookline.sigma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.expr.IpText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Converts Sigma rules (process_creation, network_connection, file_event and its change/delete/rename variants) to
 * KQL over the MDE tables. Sigma matching is case-insensitive, so plain values become {@code =~}/{@code in~},
 * contains/startswith/endswith their (case-insensitive) KQL namesakes, and |cased the _cs forms. Wildcards at the
 * ends of a value become those operators; a wildcard inside a value becomes an anchored, case-insensitive
 * {@code matches regex} (* is .*, ? is .), as the pySigma Kusto backend does. |re becomes {@code matches regex}
 * (case-sensitive, as Sigma's re is; its i, m and s sub-modifiers become (?i), (?m), (?s)), checked against RE2 at
 * conversion time. |cidr becomes ipv4_is_in_range() or, for an IPv6 prefix, ipv6_is_in_range(); a list is an or.
 * What cannot be converted (the base64 modifiers, keyword searches, aggregations, ...) is an error that names the
 * rule file and the feature.
 */
public final class SigmaConverter {
    private static final Pattern TOP_KEY_LOGSOURCE = Pattern.compile("(?m)^logsource\\s*:");
    private static final Pattern TOP_KEY_DETECTION = Pattern.compile("(?m)^detection\\s*:");
    private static final Set<String> KNOWN_MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "re",
            "cidr", "windash", "exists", "cased", "lt", "lte", "gt", "gte", "i", "m", "s");
    private static final Map<String, String> TACTICS = Map.ofEntries(
            Map.entry("reconnaissance", "Reconnaissance"), Map.entry("resource_development", "Resource Development"),
            Map.entry("initial_access", "Initial Access"), Map.entry("execution", "Execution"),
            Map.entry("persistence", "Persistence"), Map.entry("privilege_escalation", "Privilege Escalation"),
            Map.entry("defense_evasion", "Defense Evasion"), Map.entry("credential_access", "Credential Access"),
            Map.entry("discovery", "Discovery"), Map.entry("lateral_movement", "Lateral Movement"),
            Map.entry("collection", "Collection"), Map.entry("command_and_control", "Command and Control"),
            Map.entry("exfiltration", "Exfiltration"), Map.entry("impact", "Impact"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String where;
    private final List<String> notes = new ArrayList<>();

    private SigmaConverter(String where) {
        this.where = where;
    }

    /** A YAML text is taken for a Sigma rule when it has top-level logsource: and detection: keys. */
    public static boolean looksLikeSigma(String text) {
        return text != null && TOP_KEY_LOGSOURCE.matcher(text).find() && TOP_KEY_DETECTION.matcher(text).find();
    }

    /**
     * Converts one Sigma rule.
     *
     * @param where names the rule in errors (a file path)
     * @throws SigmaException naming {@code where} and the feature that cannot be converted
     */
    public static SigmaConversion convert(String where, String yamlText) {
        return new SigmaConverter(where).run(yamlText);
    }

    private SigmaException error(String msg) {
        return new SigmaException(where + ": " + msg);
    }

    private SigmaConversion run(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw new SigmaException(where + loc + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw error("not a Sigma rule (expected a YAML mapping)");
        }
        String title = text(root, "title");
        if (title == null || title.isBlank()) {
            throw error("missing required key 'title'");
        }
        JsonNode logsource = root.get("logsource");
        if (logsource == null || !logsource.isObject()) {
            throw error("missing 'logsource' mapping");
        }
        String categoryName = text(logsource, "category");
        SigmaFields.Category cat = SigmaFields.category(categoryName);
        if (cat == null) {
            throw error("logsource category '" + categoryName + "' is not supported (supported: "
                    + String.join(", ", SigmaFields.categories()) + ")");
        }
        JsonNode detection = root.get("detection");
        if (detection == null || !detection.isObject()) {
            throw error("missing 'detection' mapping");
        }
        Map<String, String> searches = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = detection.fields();
        JsonNode condition = null;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("condition")) {
                condition = e.getValue();
            } else if (e.getKey().equals("timeframe")) {
                throw error("detection.timeframe (correlation) is not supported");
            } else {
                searches.put(e.getKey(), search(e.getKey(), e.getValue(), cat));
            }
        }
        if (condition == null) {
            throw error("detection has no 'condition'");
        }
        String where;
        if (condition.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode c : condition) {
                parts.add(SigmaCondition.toKql(c.asText(), searches, this::error));
            }
            where = parts.size() == 1 ? parts.get(0) : "(" + String.join(" or ", parts) + ")";
        } else {
            where = SigmaCondition.toKql(condition.asText(), searches, this::error);
        }
        List<String> tactics = new ArrayList<>();
        List<String> techniques = new ArrayList<>();
        JsonNode tags = root.get("tags");
        if (tags != null && tags.isArray()) {
            for (JsonNode t : tags) {
                String tag = t.asText().toLowerCase(Locale.ROOT);
                if (tag.matches("attack\\.t\\d{4}(\\.\\d{3})?")) {
                    techniques.add(tag.substring("attack.".length()).toUpperCase(Locale.ROOT));
                } else if (tag.startsWith("attack.") && TACTICS.containsKey(tag.substring(7).replace('-', '_'))) {
                    tactics.add(TACTICS.get(tag.substring(7).replace('-', '_')));
                }
            }
        }
        List<String> fps = new ArrayList<>();
        JsonNode fp = root.get("falsepositives");
        if (fp != null && fp.isArray()) {
            fp.forEach(x -> fps.add(x.asText()));
        } else if (fp != null && fp.isTextual()) {
            fps.add(fp.asText());
        }
        StringBuilder kql = new StringBuilder();
        kql.append("// ").append(oneLine(title)).append('\n');
        String id = text(root, "id");
        kql.append("// Converted from Sigma").append(id == null ? "" : " rule " + id).append(" by hookline sigma convert\n");
        for (String n : notes) {
            kql.append("// note: ").append(n).append('\n');
        }
        kql.append(cat.table().name()).append('\n');
        if (cat.actionType() != null) {
            kql.append("| where ActionType == ").append(quote(cat.actionType())).append('\n');
        }
        kql.append("| where ").append(where).append('\n');
        return new SigmaConversion(kql.toString(), cat.table(), id, title, text(root, "description"),
                lower(text(root, "level")), lower(text(root, "status")), List.copyOf(tactics),
                List.copyOf(techniques), List.copyOf(fps), List.copyOf(notes));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A search identifier: a map (AND of its fields) or a list of maps (OR); keyword lists are not supported. */
    private String search(String name, JsonNode body, SigmaFields.Category cat) {
        if (body.isObject()) {
            return fieldMap(name, body, cat);
        }
        if (body.isArray()) {
            List<String> alts = new ArrayList<>();
            for (JsonNode item : body) {
                if (!item.isObject()) {
                    throw error("search '" + name + "' is a keyword list (values without field names), which is not"
                            + " supported: MDE rows have no free-text field");
                }
                alts.add(fieldMap(name, item, cat));
            }
            if (alts.isEmpty()) {
                throw error("search '" + name + "' is empty");
            }
            return alts.size() == 1 ? alts.get(0) : "(" + String.join(" or ", alts) + ")";
        }
        throw error("search '" + name + "' is a plain value; keyword search is not supported");
    }

    private String fieldMap(String name, JsonNode map, SigmaFields.Category cat) {
        List<String> terms = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = map.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String t = field(name, e.getKey(), e.getValue(), cat);
            if (t != null) {
                terms.add(t);
            }
        }
        if (terms.isEmpty()) {
            return "true";
        }
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" and ", terms) + ")";
    }

    private String field(String search, String key, JsonNode value, SigmaFields.Category cat) {
        String[] parts = key.split("\\|");
        String fieldName = parts[0];
        if (fieldName.isEmpty()) {
            throw error("search '" + search + "': '" + key + "' has modifiers but no field (keyword search is not"
                    + " supported)");
        }
        SigmaFields.Mapping m = cat.fields().get(fieldName);
        if (m == null) {
            throw error("field '" + fieldName + "' (search '" + search + "') has no mapping for category "
                    + cat.name() + " (mapped: " + String.join(", ", cat.fields().keySet()) + ")");
        }
        if (m.unsupported() != null) {
            throw error("field '" + fieldName + "' (search '" + search + "') is not supported: " + m.unsupported());
        }
        if (m.ignored() != null) {
            if (!notes.contains(m.ignored())) {
                notes.add(m.ignored());
            }
            return null;
        }
        Set<String> mods = new java.util.LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String mod = parts[i].toLowerCase(Locale.ROOT);
            if (!KNOWN_MODIFIERS.contains(mod)) {
                throw error("modifier '" + parts[i] + "' on " + fieldName + " (search '" + search
                        + "') is not supported");
            }
            mods.add(mod);
        }
        String col = m.column();
        List<JsonNode> values = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(values::add);
        } else {
            values.add(value);
        }
        if (values.isEmpty()) {
            throw error("field '" + key + "' (search '" + search + "') has an empty value list");
        }
        boolean reFlags = mods.contains("i") || mods.contains("m") || mods.contains("s");
        if (reFlags && !mods.contains("re")) {
            throw error("modifiers i, m and s on " + fieldName + " (search '" + search + "') only go with 're'");
        }
        if (mods.contains("re")) {
            return regex(search, key, col, m, mods, values, cat);
        }
        if (mods.contains("cidr")) {
            return cidr(search, key, col, mods, values);
        }
        if (mods.contains("exists")) {
            boolean want = values.get(0) == null || values.get(0).asBoolean(true);
            return (want ? "isnotempty(" : "isempty(") + col + ")";
        }
        String cmp = null;
        for (String c : new String[] {"lt", "lte", "gt", "gte"}) {
            if (mods.contains(c)) {
                cmp = c;
            }
        }
        if (cmp != null) {
            if (values.size() != 1 || !values.get(0).isNumber() || !m.numeric()) {
                throw error("modifier '" + cmp + "' on " + fieldName + " needs one number and a numeric field");
            }
            String op = Map.of("lt", "<", "lte", "<=", "gt", ">", "gte", ">=").get(cmp);
            return col + " " + op + " " + values.get(0).asLong();
        }
        boolean all = mods.contains("all");
        boolean cased = mods.contains("cased");
        Kind base = mods.contains("contains") ? Kind.CONTAINS : mods.contains("startswith") ? Kind.STARTSWITH
                : mods.contains("endswith") ? Kind.ENDSWITH : Kind.EQUALS;
        int kinds = (mods.contains("contains") ? 1 : 0) + (mods.contains("startswith") ? 1 : 0)
                + (mods.contains("endswith") ? 1 : 0);
        if (kinds > 1) {
            throw error("field '" + key + "' (search '" + search + "') combines contains/startswith/endswith");
        }
        if (m.numeric() && base == Kind.EQUALS && !mods.contains("windash")) {
            return numeric(search, key, col, values, all);
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode v : values) {
            if (v == null || v.isNull()) {
                strings.add(null);
            } else if (v.isContainerNode()) {
                throw error("field '" + key + "' (search '" + search + "') has a nested value");
            } else {
                strings.add(v.asText());
            }
        }
        if (mods.contains("windash")) {
            List<String> expanded = new ArrayList<>();
            for (String s : strings) {
                expanded.addAll(s == null ? java.util.Collections.singletonList(null) : windash(s));
            }
            if (all) {
                throw error("modifiers 'windash' and 'all' together on " + fieldName + " are not supported");
            }
            strings = expanded;
        }
        String target = m.numeric() ? "tostring(" + col + ")" : col;
        List<String> preds = new ArrayList<>();
        List<String> plainEquals = new ArrayList<>();
        for (String s : strings) {
            if (s == null) {
                preds.add("isempty(" + target + ")");
                continue;
            }
            Pred p = predicate(search, key, target, base, s, cased);
            if (p.equalsValue != null && !all) {
                plainEquals.add(p.equalsValue);
            } else {
                preds.add(p.text);
            }
        }
        if (plainEquals.size() == 1) {
            preds.add(0, target + (cased ? " == " : " =~ ") + quote(plainEquals.get(0)));
        } else if (plainEquals.size() > 1) {
            List<String> q = new ArrayList<>();
            plainEquals.forEach(s -> q.add(quote(s)));
            preds.add(0, target + (cased ? " in (" : " in~ (") + String.join(", ", q) + ")");
        }
        return preds.size() == 1 ? preds.get(0) : "(" + String.join(all ? " and " : " or ", preds) + ")";
    }

    /** |re: one `matches regex` per value (or-ed; and-ed with |all), validated against RE2 here. */
    private String regex(String search, String key, String col, SigmaFields.Mapping m, Set<String> mods,
                         List<JsonNode> values, SigmaFields.Category cat) {
        Set<String> others = new java.util.LinkedHashSet<>(mods);
        others.removeAll(Set.of("re", "i", "m", "s", "all"));
        if (!others.isEmpty()) {
            throw error("modifier 're' on " + key + " (search '" + search + "') cannot be combined with " + others);
        }
        String flags = (mods.contains("i") ? "i" : "") + (mods.contains("m") ? "m" : "") + (mods.contains("s") ? "s" : "");
        String target = m.numeric() ? "tostring(" + col + ")" : col;
        List<String> preds = new ArrayList<>();
        for (JsonNode v : values) {
            if (v == null || v.isNull() || v.isContainerNode()) {
                throw error("modifier 're' on " + key + " (search '" + search + "') needs string values");
            }
            String re = (flags.isEmpty() ? "" : "(?" + flags + ")") + v.asText();
            String pred = target + " matches regex " + regexLiteral(re);
            try {
                Kql.compilePredicate(pred, cat.table());
            } catch (KqlException e) {
                String msg = e.getMessage().replaceFirst("^line \\d+, column \\d+: ", "");
                throw error("modifier 're' on " + key + " (search '" + search + "'): " + msg);
            }
            preds.add(pred);
        }
        return preds.size() == 1 ? preds.get(0) : "(" + String.join(mods.contains("all") ? " and " : " or ", preds) + ")";
    }

    /** A regex as a KQL verbatim string (@"..." with " doubled), readable when pasted; quoted if it spans lines. */
    static String regexLiteral(String re) {
        if (re.indexOf('\n') >= 0 || re.indexOf('\r') >= 0) {
            return quote(re);
        }
        return "@\"" + re.replace("\"", "\"\"") + "\"";
    }

    /** |cidr: ipv4_is_in_range or ipv6_is_in_range per prefix; a list is an or (an and with |all). */
    private String cidr(String search, String key, String col, Set<String> mods, List<JsonNode> values) {
        Set<String> others = new java.util.LinkedHashSet<>(mods);
        others.removeAll(Set.of("cidr", "all"));
        if (!others.isEmpty()) {
            throw error("modifier 'cidr' on " + key + " (search '" + search + "') cannot be combined with " + others);
        }
        List<String> preds = new ArrayList<>();
        for (JsonNode v : values) {
            String c = v == null || v.isNull() ? "" : v.asText().trim();
            boolean v6 = c.indexOf(':') >= 0;
            boolean ok = v6 ? IpText.v6(c, new long[3])
                    : IpText.v4(c) != IpText.INVALID;
            if (!ok) {
                throw error("modifier 'cidr' on " + key + " (search '" + search + "'): '" + c + "' is not an IPv"
                        + (v6 ? "6" : "4") + " prefix (a.b.c.d/n or x:y::/n)");
            }
            preds.add((v6 ? "ipv6_is_in_range(" : "ipv4_is_in_range(") + col + ", " + quote(c) + ")");
        }
        return preds.size() == 1 ? preds.get(0) : "(" + String.join(mods.contains("all") ? " and " : " or ", preds) + ")";
    }

    private String numeric(String search, String key, String col, List<JsonNode> values, boolean all) {
        List<String> nums = new ArrayList<>();
        List<String> nulls = new ArrayList<>();
        for (JsonNode v : values) {
            if (v == null || v.isNull()) {
                nulls.add("isnull(" + col + ")");
            } else if (v.isIntegralNumber() || (v.isTextual() && v.asText().matches("\\d{1,18}"))) {
                nums.add(String.valueOf(v.asLong()));
                if (v.isTextual()) {
                    nums.set(nums.size() - 1, v.asText().replaceFirst("^0+(?=\\d)", ""));
                }
            } else {
                throw error("field '" + key + "' (search '" + search + "') is numeric but has value '" + v.asText()
                        + "' (wildcards on numbers are not supported)");
            }
        }
        List<String> preds = new ArrayList<>();
        if (all) {
            nums.forEach(n -> preds.add(col + " == " + n));
        } else if (nums.size() == 1) {
            preds.add(col + " == " + nums.get(0));
        } else if (nums.size() > 1) {
            preds.add(col + " in (" + String.join(", ", nums) + ")");
        }
        preds.addAll(nulls);
        return preds.size() == 1 ? preds.get(0) : "(" + String.join(all ? " and " : " or ", preds) + ")";
    }

    private enum Kind { EQUALS, CONTAINS, STARTSWITH, ENDSWITH }

    /** equalsValue is set when the predicate is a plain equality (so several can merge into in~). */
    private record Pred(String text, String equalsValue) {
    }

    /**
     * One value: Sigma escapes (\* \? \\) and wildcards. A leading or trailing * turns equality into
     * endswith/startswith/contains; any other wildcard needs a regex and is rejected.
     */
    private Pred predicate(String search, String key, String col, Kind base, String raw, boolean cased) {
        StringBuilder lit = new StringBuilder();
        boolean leading = base == Kind.CONTAINS || base == Kind.ENDSWITH;
        boolean trailing = base == Kind.CONTAINS || base == Kind.STARTSWITH;
        int n = raw.length();
        int i = 0;
        // leading unescaped stars
        while (i < n && raw.charAt(i) == '*') {
            leading = true;
            i++;
        }
        int end = n;
        // trailing unescaped stars (a star preceded by an odd run of backslashes is escaped)
        while (end > i && raw.charAt(end - 1) == '*' && !escaped(raw, end - 1)) {
            trailing = true;
            end--;
        }
        if (i == end && leading) {
            trailing = true; // "*" alone: any value
        }
        for (int j = i; j < end; j++) {
            char ch = raw.charAt(j);
            if (ch == '\\' && j + 1 < end && "*?\\".indexOf(raw.charAt(j + 1)) >= 0) {
                lit.append(raw.charAt(j + 1));
                j++;
            } else if (ch == '*' || ch == '?') {
                return new Pred(col + " matches regex " + regexLiteral(wildcardRegex(raw, base, cased)), null);
            } else {
                lit.append(ch);
            }
        }
        String v = lit.toString();
        String cs = cased ? "_cs" : "";
        if (leading && trailing) {
            if (v.isEmpty()) {
                return new Pred("isnotempty(" + col + ")", null);
            }
            return new Pred(col + " contains" + cs + " " + quote(v), null);
        }
        if (leading) {
            return new Pred(col + " endswith" + cs + " " + quote(v), null);
        }
        if (trailing) {
            return new Pred(col + " startswith" + cs + " " + quote(v), null);
        }
        return new Pred(col + (cased ? " == " : " =~ ") + quote(v), v);
    }

    /**
     * A value with wildcards inside as an RE2 pattern: anchored at each end unless the value (or the contains,
     * startswith, endswith modifier) leaves that end open; * is .*, ? is ., Sigma's \\* \\? \\\\ escapes are
     * literals, everything else is quoted; case-insensitive unless |cased. (?s) lets * span newlines.
     */
    static String wildcardRegex(String raw, Kind base, boolean cased) {
        StringBuilder re = new StringBuilder(cased ? "(?s)" : "(?is)");
        boolean openStart = base == Kind.CONTAINS || base == Kind.ENDSWITH;
        boolean openEnd = base == Kind.CONTAINS || base == Kind.STARTSWITH;
        if (!openStart) {
            re.append('^');
        }
        for (int j = 0; j < raw.length(); j++) {
            char ch = raw.charAt(j);
            if (ch == '\\' && j + 1 < raw.length() && "*?\\".indexOf(raw.charAt(j + 1)) >= 0) {
                literal(re, raw.charAt(++j));
            } else if (ch == '*') {
                re.append(".*");
            } else if (ch == '?') {
                re.append('.');
            } else {
                literal(re, ch);
            }
        }
        if (!openEnd) {
            re.append('$');
        }
        return re.toString();
    }

    private static void literal(StringBuilder re, char ch) {
        if ("\\.+*?()|[]{}^$".indexOf(ch) >= 0) {
            re.append('\\');
        }
        re.append(ch);
    }

    private static boolean escaped(String s, int idx) {
        int k = idx - 1;
        int backslashes = 0;
        while (k >= 0 && s.charAt(k) == '\\') {
            backslashes++;
            k--;
        }
        return backslashes % 2 == 1;
    }

    /** pySigma's windash: a - or / starting a word becomes each of -, /, en dash, em dash, horizontal bar. */
    static List<String> windash(String s) {
        List<String> out = new ArrayList<>();
        for (String dash : new String[] {"-", "/", "\u2013", "\u2014", "\u2015"}) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                boolean startsWord = (ch == '-' || ch == '/') && (i == 0 || !isWord(s.charAt(i - 1)))
                        && i + 1 < s.length() && isWord(s.charAt(i + 1));
                b.append(startsWord ? dash : String.valueOf(ch));
            }
            String v = b.toString();
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** A KQL double-quoted string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\': b.append("\\\\"); break;
                case '"': b.append("\\\""); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default: b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
