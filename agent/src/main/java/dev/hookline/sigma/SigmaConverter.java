package dev.hookline.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.expr.IpText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * |base64 and |base64offset (with the utf16/wide encodings) become the encoded strings, as pySigma expands them.
 * What cannot be converted (keyword searches, aggregations, fields MDE has no column for, ...) is an error that names
 * the rule file and the feature. A file of several YAML documents is a Sigma collection ({@link SigmaCollection}).
 */
public final class SigmaConverter {
    private static final Pattern TOP_KEY_LOGSOURCE = Pattern.compile("(?m)^logsource\\s*:");
    private static final Pattern TOP_KEY_DETECTION = Pattern.compile("(?m)^detection\\s*:");
    private static final Set<String> KNOWN_MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "re",
            "cidr", "windash", "exists", "cased", "lt", "lte", "gt", "gte", "i", "m", "s", "base64", "base64offset",
            "wide", "utf16le", "utf16be", "utf16");
    private static final Map<String, String> TACTICS = Map.ofEntries(
            Map.entry("reconnaissance", "Reconnaissance"), Map.entry("resource_development", "Resource Development"),
            Map.entry("initial_access", "Initial Access"), Map.entry("execution", "Execution"),
            Map.entry("persistence", "Persistence"), Map.entry("privilege_escalation", "Privilege Escalation"),
            Map.entry("defense_evasion", "Defense Evasion"), Map.entry("credential_access", "Credential Access"),
            Map.entry("discovery", "Discovery"), Map.entry("lateral_movement", "Lateral Movement"),
            Map.entry("collection", "Collection"), Map.entry("command_and_control", "Command and Control"),
            Map.entry("exfiltration", "Exfiltration"), Map.entry("impact", "Impact"));
    /** The logsource products whose rows Hookline writes. */
    public static final List<String> PRODUCTS = List.of("windows", "linux", "macos");

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
     * Converts one Sigma rule: the file's only rule (a file of several is an error; see {@link #convertAll}).
     *
     * @param where names the rule in errors (a file path)
     * @throws SigmaException naming {@code where} and the feature that cannot be converted
     */
    public static SigmaConversion convert(String where, String yamlText) {
        List<SigmaOutcome> all = convertAll(where, yamlText);
        for (SigmaOutcome o : all) {
            if (!o.ok()) {
                throw o.error();
            }
        }
        if (all.size() != 1) {
            throw new SigmaException(where + ": holds " + all.size() + " rules, expected one", "collection");
        }
        return all.get(0).conversion();
    }

    /**
     * Every rule of a Sigma file, each converted or refused with its reason: a file may hold several YAML documents
     * and Sigma's collection actions (global, reset, repeat; see {@link SigmaCollection}). A failure inside the
     * converter itself is reported as that rule's error ("internal error"), naming the file, never thrown.
     */
    public static List<SigmaOutcome> convertAll(String where, String yamlText) {
        List<SigmaOutcome> out = new ArrayList<>();
        List<SigmaCollection.Doc> docs;
        try {
            docs = SigmaCollection.read(where, yamlText);
        } catch (RuntimeException e) {
            return List.of(new SigmaOutcome(where, null, internal(where, e)));
        }
        boolean many = docs.size() > 1;
        for (SigmaCollection.Doc d : docs) {
            String name = SigmaCollection.name(where, d.number(), many);
            if (d.error() != null) {
                out.add(new SigmaOutcome(name, null, d.error()));
                continue;
            }
            try {
                out.add(new SigmaOutcome(name, new SigmaConverter(name).run(d.rule()), null));
            } catch (SigmaException e) {
                out.add(new SigmaOutcome(name, null, e));
            } catch (RuntimeException e) {
                out.add(new SigmaOutcome(name, null, internal(name, e)));
            }
        }
        if (out.isEmpty()) {
            out.add(new SigmaOutcome(where, null, new SigmaException(where + ": no Sigma rule in the file", "yaml")));
        }
        return out;
    }

    private static SigmaException internal(String where, RuntimeException e) {
        return new SigmaException(where + ": internal error: " + e, "internal");
    }

    private SigmaException error(String msg) {
        return error("rule", msg);
    }

    private SigmaException error(String feature, String msg) {
        return new SigmaException(where + ": " + msg, feature);
    }

    private SigmaConversion run(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw error("yaml", "not a Sigma rule (expected a YAML mapping)");
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
            throw error("logsource", "logsource category '" + categoryName + "' is not supported (supported: "
                    + String.join(", ", SigmaFields.categories()) + ")");
        }
        // the OS the rule is for: Hookline runs it only on that OS's rows (see Platform in the rules package)
        String product = lower(text(logsource, "product"));
        if (product != null && !PRODUCTS.contains(product)) {
            throw error("logsource", "logsource product '" + text(logsource, "product") + "' is not supported with"
                    + " category " + cat.name() + " (supported: " + String.join(", ", PRODUCTS) + ", or none)");
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
                throw error("correlation", "detection.timeframe (correlation) is not supported");
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
                parts.add(SigmaCondition.toKql(c.asText(), searches, msg -> error("condition", msg)));
            }
            where = SigmaCondition.join(parts, "or");
        } else {
            where = SigmaCondition.toKql(condition.asText(), searches, msg -> error("condition", msg));
        }
        if (where.equals("false")) {
            throw error("value", "the rule can never match an MDE row: all it looks for is a value no MDE row carries"
                    + " (" + String.join("; ", notes) + ")");
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
        // every text from the rule stays inside its comment line: a newline in it would start KQL
        kql.append("// Converted from Sigma").append(id == null ? "" : " rule " + oneLine(id))
                .append(" by hookline sigma convert\n");
        for (String n : notes) {
            kql.append("// note: ").append(oneLine(n)).append('\n');
        }
        kql.append(cat.table().name()).append('\n');
        if (cat.actionType() != null) {
            kql.append("| where ActionType == ").append(quote(cat.actionType())).append('\n');
        }
        kql.append("| where ").append(where).append('\n');
        return new SigmaConversion(kql.toString(), cat.table(), id, title, text(root, "description"),
                lower(text(root, "level")), lower(text(root, "status")), List.copyOf(tactics),
                List.copyOf(techniques), List.copyOf(fps), List.copyOf(notes), product);
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
                    throw error("keyword search", "search '" + name + "' is a keyword list (values without field names), which is not"
                            + " supported: MDE rows have no free-text field");
                }
                alts.add(fieldMap(name, item, cat));
            }
            if (alts.isEmpty()) {
                throw error("search '" + name + "' is empty");
            }
            return SigmaCondition.join(alts, "or");
        }
        throw error("keyword search", "search '" + name + "' is a plain value; keyword search is not supported");
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
        return SigmaCondition.join(terms, "and");
    }

    private String field(String search, String key, JsonNode value, SigmaFields.Category cat) {
        String[] parts = key.split("\\|");
        String fieldName = parts[0];
        if (fieldName.isEmpty()) {
            throw error("keyword search", "search '" + search + "': '" + key + "' has modifiers but no field (keyword"
                    + " search is not supported)");
        }
        SigmaFields.Mapping m = cat.fields().get(fieldName);
        if (m == null) {
            throw error("field", "field '" + fieldName + "' (search '" + search + "') has no mapping for category "
                    + cat.name() + " (mapped: " + String.join(", ", cat.mapped()) + ")");
        }
        if (m.unsupported() != null) {
            throw error("field", "field '" + fieldName + "' (search '" + search + "') is not supported: "
                    + m.unsupported());
        }
        if (m.ignored() != null) {
            note(m.ignored());
            return null;
        }
        Set<String> mods = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String mod = parts[i].toLowerCase(Locale.ROOT);
            if (!KNOWN_MODIFIERS.contains(mod)) {
                throw error("modifier", "modifier '" + parts[i] + "' on " + fieldName + " (search '" + search
                        + "') is not supported");
            }
            mods.add(mod);
        }
        List<JsonNode> values = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(values::add);
        } else {
            values.add(value);
        }
        if (values.isEmpty()) {
            throw error("value", "field '" + key + "' (search '" + search + "') has an empty value list");
        }
        if (m.special() == SigmaFields.Special.EVENT_ID) {
            return eventId(search, key, mods, values, cat);
        }
        if (m.special() == SigmaFields.Special.HASHES) {
            return hashes(search, key, m, mods, values);
        }
        String col = m.column();
        boolean reFlags = mods.contains("i") || mods.contains("m") || mods.contains("s");
        if (reFlags && !mods.contains("re")) {
            throw error("modifier", "modifiers i, m and s on " + fieldName + " (search '" + search
                    + "') only go with 're'");
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
            if (values.size() != 1 || !m.numeric() || number(values.get(0)) == null) {
                throw error("modifier", "modifier '" + cmp + "' on " + fieldName + " needs one number and a numeric"
                        + " field");
            }
            String op = Map.of("lt", "<", "lte", "<=", "gt", ">", "gte", ">=").get(cmp);
            return col + " " + op + " " + number(values.get(0));
        }
        boolean all = mods.contains("all");
        boolean cased = mods.contains("cased");
        Kind base = mods.contains("contains") ? Kind.CONTAINS : mods.contains("startswith") ? Kind.STARTSWITH
                : mods.contains("endswith") ? Kind.ENDSWITH : Kind.EQUALS;
        int kinds = (mods.contains("contains") ? 1 : 0) + (mods.contains("startswith") ? 1 : 0)
                + (mods.contains("endswith") ? 1 : 0);
        if (kinds > 1) {
            throw error("modifier", "field '" + key + "' (search '" + search + "') combines"
                    + " contains/startswith/endswith");
        }
        boolean b64 = mods.contains("base64") || mods.contains("base64offset");
        String encoding = mods.contains("wide") || mods.contains("utf16le") ? "utf16le" : mods.contains("utf16be")
                ? "utf16be" : mods.contains("utf16") ? "utf16" : null;
        if (encoding != null && !b64) {
            throw error("modifier", "modifier '" + encoding + "' on " + fieldName + " (search '" + search
                    + "') only goes with base64 or base64offset: MDE's string columns hold text, not UTF-16 bytes");
        }
        if (mods.contains("base64") && mods.contains("base64offset")) {
            throw error("modifier", "modifiers 'base64' and 'base64offset' together on " + fieldName);
        }
        boolean expands = mods.contains("windash") || b64;
        // on a numeric column numbers compare as numbers; any other value (a wildcard, 'null' as text) as text
        String numericPart = null;
        if (m.numeric() && base == Kind.EQUALS && !expands) {
            List<JsonNode> nums = new ArrayList<>();
            List<JsonNode> texts = new ArrayList<>();
            for (JsonNode v : values) {
                (v == null || v.isNull() || number(v) != null ? nums : texts).add(v);
            }
            if (texts.isEmpty()) {
                return numeric(col, values, all);
            }
            numericPart = nums.isEmpty() ? null : numeric(col, nums, all);
            values = texts;
        }
        // one group per value: its variants (|windash dashes, |base64offset's three shifts) are or-ed within it
        List<List<String>> groups = new ArrayList<>();
        for (JsonNode v : values) {
            if (v == null || v.isNull()) {
                groups.add(java.util.Collections.singletonList(null));
                continue;
            }
            if (v.isContainerNode()) {
                throw error("value", "field '" + key + "' (search '" + search + "') has a nested value");
            }
            String s = v.asText();
            if (m.special() == SigmaFields.Special.FILE_NAME) {
                s = fileNameOf(search, key, s, m.column());
            }
            List<String> variants = new ArrayList<>(List.of(s));
            if (mods.contains("windash")) {
                variants = windash(s);
            }
            if (b64) {
                if (hasWildcard(s)) {
                    throw error("value", "field '" + key + "' (search '" + search + "'): base64 of a value with"
                            + " wildcards is not defined");
                }
                List<String> enc = new ArrayList<>();
                for (String x : variants) {
                    byte[] bytes = encode(unescape(x), encoding);
                    for (String e : mods.contains("base64offset") ? base64Offsets(bytes)
                            : List.of(Base64.getEncoder().encodeToString(bytes))) {
                        if (!enc.contains(e)) {
                            enc.add(e);
                        }
                    }
                }
                variants = enc;
            }
            groups.add(variants);
        }
        String target = m.numeric() ? "tostring(" + col + ")" : col;
        List<String> preds = new ArrayList<>();
        if (numericPart != null) {
            preds.add(numericPart);
        }
        if (all) {
            for (List<String> g : groups) {
                preds.add(anyOf(search, key, target, base, g, cased));
            }
            return SigmaCondition.join(preds, "and");
        }
        List<String> flat = new ArrayList<>();
        groups.forEach(flat::addAll);
        preds.add(anyOf(search, key, target, base, flat, cased));
        return SigmaCondition.join(preds, "or");
    }

    /** The or of one predicate per value; plain equalities merge into one in~ (in with |cased). */
    private String anyOf(String search, String key, String target, Kind base, List<String> strings, boolean cased) {
        List<String> preds = new ArrayList<>();
        List<String> plainEquals = new ArrayList<>();
        for (String s : strings) {
            if (s == null) {
                preds.add("isempty(" + target + ")");
                continue;
            }
            Pred p = predicate(search, key, target, base, s, cased);
            if (p.equalsValue != null) {
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
        return preds.size() == 1 ? preds.get(0) : "(" + String.join(" or ", preds) + ")";
    }

    private void note(String n) {
        if (!notes.contains(n)) {
            notes.add(n);
        }
    }

    /**
     * Sysmon's (or the Security log's) EventID inside a category rule: the category already says which event the
     * rows are, so a value naming that event is always true and dropped; any other value names events this
     * category's table does not hold, and the rule is refused with which events those are.
     */
    private String eventId(String search, String key, Set<String> mods, List<JsonNode> values,
                           SigmaFields.Category cat) {
        if (!mods.isEmpty()) {
            throw error("modifier", "modifiers on EventID (search '" + search + "') are not supported");
        }
        for (JsonNode v : values) {
            String n = v == null || v.isNull() ? null : number(v);
            if (n == null || !cat.eventIds().contains(n)) {
                String what = n == null ? null : SigmaFields.EVENT_NAMES.get(n);
                throw error("value", "EventID " + (v == null ? "null" : v.asText()) + " (search '" + search + "')"
                        + (what == null ? "" : " is " + what + ",") + " not a " + cat.name() + " event: this"
                        + " category's rows are " + (cat.eventIds().isEmpty() ? "no Sysmon event"
                        : "EventID " + String.join(" or ", cat.eventIds())));
            }
        }
        note("EventID " + values.stream().map(JsonNode::asText).reduce((x, y) -> x + ", " + y).orElse("")
                + " is dropped: every " + cat.table().name() + " row of category " + cat.name() + " is that event");
        return null;
    }

    /**
     * Sysmon's Hashes (ALGO=value, ALGO|value, or a bare hash told by its length), as pySigma's Defender pipeline
     * reads it: MD5, SHA1 and SHA256 values go to the table's hash columns; other algorithms (IMPHASH, SHA384, ...)
     * have no column and are left out with a note. The hash is compared whole, whatever contains/startswith/endswith
     * the rule put on it (a hash column holds exactly one hash).
     */
    private String hashes(String search, String key, SigmaFields.Mapping m, Set<String> mods, List<JsonNode> values) {
        Set<String> others = new LinkedHashSet<>(mods);
        others.removeAll(Set.of("contains", "startswith", "endswith", "all"));
        if (!others.isEmpty()) {
            throw error("modifier", "modifiers " + others + " on Hashes (search '" + search + "') are not supported");
        }
        Map<String, List<String>> byColumn = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        for (JsonNode v : values) {
            String s = v == null || v.isNull() ? "" : v.asText().replaceAll("^\\*+|\\*+$", "");
            int cut = s.indexOf('=') >= 0 ? s.indexOf('=') : s.indexOf('|');
            String algo;
            String hash;
            if (cut >= 0) {
                algo = s.substring(0, cut).trim().toUpperCase(Locale.ROOT);
                hash = s.substring(cut + 1).trim();
            } else {
                hash = s.trim();
                algo = switch (hash.length()) {
                    case 32 -> "MD5";
                    case 40 -> "SHA1";
                    case 64 -> "SHA256";
                    default -> "";
                };
            }
            if (!Set.of("MD5", "SHA1", "SHA256").contains(algo)) {
                dropped.add(algo.isEmpty() ? "'" + s + "'" : algo);
                continue;
            }
            byColumn.computeIfAbsent(m.column() + algo, k -> new ArrayList<>()).add(hash);
        }
        if (byColumn.isEmpty()) {
            // no row can match: MDE rows carry no such hash. As a constant the condition folds it (an or drops it,
            // a not makes it true); a rule that is left with nothing that can match is refused in run()
            note("Hashes values that no MDE row carries (only MD5, SHA1 and SHA256 are there) never match: "
                    + String.join(", ", dropped));
            return "false";
        }
        if (!dropped.isEmpty()) {
            note("Hashes values left out (MDE rows carry only MD5, SHA1 and SHA256): " + String.join(", ", dropped));
        }
        List<String> preds = new ArrayList<>();
        boolean all = mods.contains("all");
        for (Map.Entry<String, List<String>> e : byColumn.entrySet()) {
            if (all) {
                e.getValue().forEach(h -> preds.add(e.getKey() + " =~ " + quote(h)));
            } else {
                preds.add(e.getValue().size() == 1 ? e.getKey() + " =~ " + quote(e.getValue().get(0))
                        : e.getKey() + " in~ (" + String.join(", ", e.getValue().stream().map(SigmaConverter::quote)
                        .toList()) + ")");
            }
        }
        return preds.size() == 1 ? preds.get(0) : "(" + String.join(all ? " and " : " or ", preds) + ")";
    }

    /**
     * The file name part of a path value for a column that holds only a file name (InitiatingProcessParentFileName
     * for ParentImage outside process_creation, as pySigma's Defender pipeline maps it): the text after the last
     * unescaped \ or /. A value that ends in a separator names a folder, which that column cannot say: refused.
     */
    private String fileNameOf(String search, String key, String raw, String column) {
        int cut = -1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && "*?\\".indexOf(raw.charAt(i + 1)) >= 0) {
                i++; // an escape: \* \? \\ are not separators
                if (raw.charAt(i) == '\\') {
                    cut = i;
                }
            } else if (c == '\\' || c == '/') {
                cut = i;
            }
        }
        String name = raw.substring(cut + 1);
        if (name.isEmpty() || name.equals("*")) {
            throw error("value", "field '" + key + "' (search '" + search + "') value '" + raw + "' names a folder;"
                    + " " + column + " holds only the parent process's file name");
        }
        return name;
    }

    private static boolean hasWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && "*?\\".indexOf(s.charAt(i + 1)) >= 0) {
                i++;
            } else if (c == '*' || c == '?') {
                return true;
            }
        }
        return false;
    }

    /** Sigma's escapes (\\* \\? \\\\) resolved: the plain text a base64 modifier encodes. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && "*?\\".indexOf(s.charAt(i + 1)) >= 0) {
                b.append(s.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The bytes Sigma's encoding modifiers give (utf16 is little-endian with a byte-order mark, as pySigma's). */
    private static byte[] encode(String s, String encoding) {
        if (encoding == null) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return switch (encoding) {
            case "utf16le" -> s.getBytes(StandardCharsets.UTF_16LE);
            case "utf16be" -> s.getBytes(StandardCharsets.UTF_16BE);
            default -> {
                byte[] le = s.getBytes(StandardCharsets.UTF_16LE);
                byte[] out = new byte[le.length + 2];
                out[0] = (byte) 0xFF;
                out[1] = (byte) 0xFE;
                System.arraycopy(le, 0, out, 2, le.length);
                yield out;
            }
        };
    }

    /**
     * |base64offset as pySigma expands it: the value base64-encoded at each of the three byte offsets it can start
     * at inside a longer encoded text (prefixed by 0, 1 or 2 spaces), with the characters that depend on the
     * unknown neighbours cut from each end.
     */
    static List<String> base64Offsets(byte[] value) {
        int[] start = {0, 2, 3};
        int[] endCut = {0, 3, 2};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] shifted = new byte[value.length + i];
            java.util.Arrays.fill(shifted, 0, i, (byte) ' ');
            System.arraycopy(value, 0, shifted, i, value.length);
            String enc = Base64.getEncoder().encodeToString(shifted);
            int end = enc.length() - endCut[(value.length + i) % 3];
            String v = start[i] <= end ? enc.substring(start[i], end) : "";
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** A number value as KQL text: decimal (a leading - allowed, leading zeros dropped) or hex 0x...; else null. */
    static String number(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            // YAML reads a long run of digits as a BigInteger: past a KQL long it is no number a column holds (text)
            return v.canConvertToLong() ? Long.toString(v.asLong()) : null;
        }
        String t = v.asText().trim();
        if (t.matches("-?\\d{1,18}")) {
            return t.replaceFirst("^(-?)0+(?=\\d)", "$1");
        }
        if (t.matches("0[xX][0-9a-fA-F]{1,16}")) {
            long x = Long.parseUnsignedLong(t.substring(2), 16);
            return x >= 0 ? Long.toString(x) : null; // 0x8000... and up: past a KQL long, as above
        }
        return null;
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

    private String numeric(String col, List<JsonNode> values, boolean all) {
        List<String> nums = new ArrayList<>();
        List<String> nulls = new ArrayList<>();
        for (JsonNode v : values) {
            if (v == null || v.isNull()) {
                nulls.add("isnull(" + col + ")");
            } else {
                nums.add(number(v));
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
