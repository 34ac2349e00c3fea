package dev.hookline.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hookline.alert.RuleMeta;
import dev.hookline.config.ConfigLoader;
import dev.hookline.kql.CompiledQuery;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.eval.Kql;
import dev.hookline.sigma.SigmaConversion;
import dev.hookline.sigma.SigmaConverter;
import dev.hookline.sigma.SigmaException;
import dev.hookline.sigma.SigmaOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads rules: YAML rule files (metadata + KQL + shipped exclusions), plain .kql files (a query as Sentinel would
 * run it, with default metadata), Sigma rules (YAML with top-level logsource: and detection:, converted to KQL),
 * Microsoft Sentinel scheduled analytic rules (top-level query with queryFrequency, triggerOperator, ...: see
 * {@link SentinelRules}), directories of these, and the packs built into the agent.
 */
public final class RuleLoader {
    /** The built-in packs, in load order; each lists its files in {@code <pack>/pack.txt}. */
    public static final List<String> BUILTIN_PACKS = List.of("seed", "hookline");
    private static final String RESOURCE_ROOT = "/dev/hookline/rules/";
    private static final Set<String> SEVERITIES = Set.of("informational", "low", "medium", "high", "critical");
    private static final Set<String> CONFIDENCES = Set.of("low", "medium", "high");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** How the rules' queries compile: the agent's loader never lets externaldata fetch (see {@link KqlOptions}). */
    private final KqlOptions options;

    public RuleLoader() {
        this(KqlOptions.DEFAULT);
    }

    /** A loader whose rules compile with these options (`hookline detect --allow-remote-externaldata`). */
    public RuleLoader(KqlOptions options) {
        this.options = options == null ? KqlOptions.DEFAULT : options;
    }

    /** Every rule of the built-in packs. */
    public List<Rule> loadBuiltin() throws RuleException {
        List<Rule> rules = new ArrayList<>();
        for (String pack : BUILTIN_PACKS) {
            String index = resource(RESOURCE_ROOT + pack + "/pack.txt");
            for (String line : index.split("\n")) {
                String name = line.trim();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                String where = "builtin:" + pack + "/" + name;
                rules.add(parse(where, resource(RESOURCE_ROOT + pack + "/" + name), name));
            }
        }
        return rules;
    }

    /**
     * What loading a path gave: the rules, the Sigma rules skipped (a feature Hookline cannot convert, each with
     * why), and the errors of other files (a Hookline rule, a .kql or a Sentinel rule that is wrong).
     */
    public record LoadReport(List<Rule> rules, List<Skipped> skipped, List<String> errors) {
        public boolean clean() {
            return skipped.isEmpty() && errors.isEmpty();
        }
    }

    /** A Sigma rule not loaded: its source (file, or file#n), the kind of feature, and the message naming both. */
    public record Skipped(String source, String feature, String message) {
    }

    /** A rule file, or every *.yaml, *.yml and *.kql file under a directory (sorted by path); fails at the first problem. */
    public List<Rule> load(Path path) throws RuleException {
        List<Rule> rules = new ArrayList<>();
        for (Path f : files(path)) {
            LoadReport r = loadFile(f);
            if (!r.skipped().isEmpty()) {
                throw new RuleException(r.skipped().get(0).message());
            }
            if (!r.errors().isEmpty()) {
                throw new RuleException(r.errors().get(0));
            }
            rules.addAll(r.rules());
        }
        return rules;
    }

    /**
     * Every rule file under a path, each loaded or reported: a Sigma rule Hookline cannot convert is skipped with
     * why, any other file's error is collected; nothing stops at the first problem. A missing path is an error.
     */
    public LoadReport loadReport(Path path) {
        List<Rule> rules = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Path> files;
        try {
            files = files(path);
        } catch (RuleException e) {
            return new LoadReport(List.of(), List.of(), List.of(e.getMessage()));
        }
        for (Path f : files) {
            LoadReport r = loadFile(f);
            rules.addAll(r.rules());
            skipped.addAll(r.skipped());
            errors.addAll(r.errors());
        }
        return new LoadReport(rules, skipped, errors);
    }

    private static List<Path> files(Path path) throws RuleException {
        if (!Files.exists(path)) {
            throw new RuleException(path + ": no such file or directory");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.walk(path)) {
                s.filter(Files::isRegularFile).filter(p -> isRuleFile(p.getFileName().toString()))
                        .sorted().forEach(files::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new RuleException(path + ": " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new RuleException(path + ": no rule files (*.yaml, *.yml, *.kql) found");
            }
        } else {
            files.add(path);
        }
        return files;
    }

    /** One file: its rules (a Sigma file may hold several), its skipped Sigma rules, or its error. */
    private LoadReport loadFile(Path f) {
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new LoadReport(List.of(), List.of(), List.of(f + ": cannot read: " + e.getMessage()));
        }
        String name = f.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".kql") && SigmaConverter.looksLikeSigma(text)) {
            List<Rule> rules = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (SigmaOutcome o : SigmaConverter.convertAll(f.toString(), text)) {
                if (!o.ok()) {
                    skipped.add(new Skipped(o.where(), o.error().feature(), o.error().getMessage()));
                    continue;
                }
                try {
                    Rule r = fromConversion(o.where(), o.conversion(), name);
                    if (!ids.add(r.id())) {
                        // documents of one collection share an id (a repeat keeps its rule's): the document number
                        // tells them apart
                        String n = o.where().substring(o.where().lastIndexOf('#'));
                        r = new Rule(withId(r.meta(), r.id() + n), r.query(), r.compiled(), r.exclusions(),
                                r.source(), r.schedule(), r.notices(), r.platform());
                    }
                    rules.add(r);
                } catch (RuleException | RuntimeException e) {
                    // the converter's KQL must compile: a failure here is ours, named with the file
                    skipped.add(new Skipped(o.where(), "internal", e instanceof RuleException ? e.getMessage()
                            : o.where() + ": internal error: " + e));
                }
            }
            return new LoadReport(rules, skipped, List.of());
        }
        try {
            return new LoadReport(List.of(parse(f.toString(), text, name)), List.of(), List.of());
        } catch (RuleException e) {
            return new LoadReport(List.of(), List.of(), List.of(e.getMessage()));
        } catch (RuntimeException e) {
            return new LoadReport(List.of(), List.of(), List.of(f + ": internal error: " + e));
        }
    }

    private static boolean isRuleFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".kql");
    }

    /** Parses one rule from its text; {@code fileName} decides the format. */
    public Rule parse(String where, String text, String fileName) throws RuleException {
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".kql")) {
            return fromKql(where, text, fileName);
        }
        if (SigmaConverter.looksLikeSigma(text)) {
            return fromSigma(where, text, fileName);
        }
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RuleException(where + locate(e.getLocation()) + ": " + describe(e));
        }
        if (SentinelRules.looksLikeSentinel(tree)) {
            SentinelRules.Parsed s = SentinelRules.parse(where, tree);
            return new Rule(s.meta(), s.query(), compile(where, s.query(), queryLine(text), options), List.of(), where,
                    s.schedule(), s.notices());
        }
        RuleFile f;
        try {
            f = yaml.readValue(text, RuleFile.class);
        } catch (JsonProcessingException e) {
            throw new RuleException(error(where, text, e));
        }
        if (f == null) {
            throw new RuleException(where + ": empty rule file");
        }
        require(where, "id", f.id);
        require(where, "title", f.title);
        require(where, "query", f.query);
        String severity = lower(f.severity, "medium");
        String confidence = lower(f.confidence, "medium");
        if (!SEVERITIES.contains(severity)) {
            throw new RuleException(where + ": severity \"" + f.severity + "\" is not one of " + SEVERITIES);
        }
        if (!CONFIDENCES.contains(confidence)) {
            throw new RuleException(where + ": confidence \"" + f.confidence + "\" is not one of " + CONFIDENCES);
        }
        RuleFile.Mitre m = f.mitre == null ? new RuleFile.Mitre() : f.mitre;
        RuleMeta meta = new RuleMeta(f.id, f.title, f.description, m.tactics == null ? List.of() : m.tactics,
                m.technique, m.subTechnique, severity, confidence,
                f.falsePositives == null ? List.of() : f.falsePositives, f.notes);
        CompiledQuery q = compile(where, f.query, queryLine(text), options);
        List<Exclusion> exclusions = new ArrayList<>();
        if (f.exclusions != null) {
            for (RuleFile.ExclusionEntry x : f.exclusions) {
                exclusions.add(exclusion(where, x, f.id, false, text, exclusions.size()));
            }
        }
        return new Rule(meta, f.query, q, List.copyOf(exclusions), where, schedule(where, f.schedule), List.of());
    }

    /** A Hookline rule's own schedule: each key overrides the default (every 5m over 1h, alert when rows gt 0). */
    private static Schedule schedule(String where, RuleFile.ScheduleEntry s) throws RuleException {
        if (s == null) {
            return Schedule.DEFAULT;
        }
        Schedule d = Schedule.DEFAULT;
        try {
            return new Schedule(s.frequency == null ? d.frequencyNanos() : Durations.parse(s.frequency),
                    s.period == null ? d.periodNanos() : Durations.parse(s.period),
                    s.triggerOperator == null ? d.trigger() : Trigger.parse(s.triggerOperator),
                    s.triggerThreshold == null ? d.threshold() : s.triggerThreshold, true, List.of(), 0, false);
        } catch (IllegalArgumentException e) {
            throw new RuleException(where + ": schedule: " + e.getMessage());
        }
    }

    private Rule fromKql(String where, String text, String fileName) throws RuleException {
        String base = fileName.replaceFirst("(?i)\\.kql$", "");
        String title = base;
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.startsWith("//")) {
                title = t.substring(2).trim();
                break;
            }
            if (!t.isEmpty()) {
                break;
            }
        }
        String technique = base.matches("T\\d{4}(\\.\\d{3})?") ? base.replaceFirst("\\..*", "") : null;
        String sub = base.matches("T\\d{4}\\.\\d{3}") ? base : null;
        RuleMeta meta = new RuleMeta(base, title, null, List.of(), technique, sub, "medium", "medium", List.of(), null);
        return new Rule(meta, text, compile(where, text, 0, options), List.of(), where);
    }

    /** A Sigma rule: converted to KQL text, then compiled like any other query. */
    private static Rule fromSigma(String where, String text, String fileName) throws RuleException {
        SigmaConversion c;
        try {
            c = SigmaConverter.convert(where, text);
        } catch (SigmaException e) {
            throw new RuleException(e.getMessage());
        }
        return fromConversion(where, c, fileName);
    }

    private static RuleMeta withId(RuleMeta m, String id) {
        return new RuleMeta(id, m.title(), m.description(), m.tactics(), m.technique(), m.subTechnique(), m.severity(),
                m.confidence(), m.falsePositives(), m.notes());
    }

    private static Rule fromConversion(String where, SigmaConversion c, String fileName) throws RuleException {
        String base = fileName.replaceFirst("(?i)\\.ya?ml$", "");
        String technique = null;
        String sub = null;
        for (String t : c.techniques()) {
            if (t.contains(".") && sub == null) {
                sub = t;
                technique = technique == null ? t.substring(0, t.indexOf('.')) : technique;
            } else if (!t.contains(".") && technique == null) {
                technique = t;
            }
        }
        String severity = c.level() != null && SEVERITIES.contains(c.level()) ? c.level() : "medium";
        // Sigma's status says how proven a rule is; it is the nearest thing to a confidence
        String confidence = "stable".equals(c.status()) ? "high" : "experimental".equals(c.status()) ? "low" : "medium";
        String notes = "Converted from Sigma (" + fileName + ")" + (c.notes().isEmpty() ? "." : ": "
                + String.join("; ", c.notes()));
        RuleMeta meta = new RuleMeta("sigma." + (c.id() != null ? c.id() : base), c.title(), c.description(),
                c.tactics(), technique, sub, severity, confidence, c.falsePositives(), notes);
        return new Rule(meta, c.kql(), compile(where, c.kql(), 0, KqlOptions.DEFAULT), List.of(), where,
                Schedule.DEFAULT, List.of(), Platform.of(c.product()));
    }

    private static CompiledQuery compile(String where, String query, int lineOffset, KqlOptions options)
            throws RuleException {
        try {
            return Kql.compile(query, options);
        } catch (KqlException e) {
            String fileLine = lineOffset > 0 ? " (file line " + (lineOffset + e.line()) + ")" : "";
            throw new RuleException(where + ": query " + e.getMessage() + fileLine);
        }
    }

    /**
     * A YAML error with its position: an unknown key lists the keys allowed; a value of the wrong type (a string
     * where a list goes...) is said in the agent config's words, key path, line and column, never Java class names.
     */
    private static String error(String where, String text, JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return where + locate(e.getLocation()) + ": " + describe(e);
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException) {
            return ConfigLoader.explain(e, where, text);
        }
        return where + locate(e.getLocation()) + ": " + describe(e);
    }

    /** Jackson's message, except for an unknown key: its own words name our classes instead of the keys allowed. */
    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "' (known keys here: "
                    + ConfigLoader.knownKeys(u.getKnownPropertyIds()) + ")";
        }
        return e.getOriginalMessage();
    }

    /** A tuning file: exclusions of its own (enabled unless they say otherwise) and ids to switch on. */
    public Tuning loadTuning(Path path) throws RuleException {
        RuleFile.TuningFile t;
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new RuleException(path + ": cannot read: " + e.getMessage());
        }
        try {
            t = yaml.readValue(text, RuleFile.TuningFile.class);
        } catch (JsonProcessingException e) {
            throw new RuleException(error(path.toString(), text, e));
        }
        if (t == null) {
            return Tuning.NONE;
        }
        List<Exclusion> extra = new ArrayList<>();
        if (t.exclusions != null) {
            for (RuleFile.ExclusionEntry x : t.exclusions) {
                extra.add(exclusion(path.toString(), x, null, true, text, extra.size()));
            }
        }
        return new Tuning(extra, t.enable == null ? Set.of() : Set.copyOf(t.enable));
    }

    private static Exclusion exclusion(String where, RuleFile.ExclusionEntry x, String ruleId, boolean defaultOn,
                                       String text, int index) throws RuleException {
        require(where, "exclusions[].id", x.id);
        require(where, "exclusions[].where (exclusion " + x.id + ")", x.where);
        String rule = x.rule != null ? x.rule : ruleId;
        if (rule == null) {
            throw new RuleException(where + ": exclusion " + x.id + " must name its rule");
        }
        if (ruleId != null && x.rule != null && !x.rule.equals(ruleId)) {
            throw new RuleException(where + ": exclusion " + x.id + " names rule " + x.rule + " inside rule " + ruleId);
        }
        int[] at = predicateStart(text, index);
        return new Exclusion(x.id, rule, x.arm, x.where, x.reason, x.enabled == null ? defaultOn : x.enabled, where,
                at[0], at[1]);
    }

    /**
     * Line and column (1-based) of the first character of exclusions[index].where in the file, {0, 0} if not found:
     * after a block indicator (| or >) the text starts on the next line at its indentation, inside quotes one on.
     */
    static int[] predicateStart(String text, int index) {
        JsonLocation loc = ConfigLoader.locate(text, List.of("exclusions", "[" + index + "]", "where"));
        if (loc == null || loc.getLineNr() < 1) {
            return new int[] {0, 0};
        }
        String[] lines = text.split("\n", -1);
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        String l = line <= lines.length ? lines[line - 1] : "";
        char c = col - 1 < l.length() && col >= 1 ? l.charAt(col - 1) : ' ';
        if (c == '|' || c == '>') {
            for (int i = line; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    int indent = 0;
                    while (indent < lines[i].length() && lines[i].charAt(indent) == ' ') {
                        indent++;
                    }
                    return new int[] {i + 1, indent + 1};
                }
            }
            return new int[] {0, 0};
        }
        if (c == '"' || c == '\'') {
            return new int[] {line, col + 1};
        }
        return new int[] {line, col};
    }

    private static void require(String where, String key, String value) throws RuleException {
        if (value == null || value.isBlank()) {
            throw new RuleException(where + ": missing required key '" + key + "'");
        }
    }

    private static String lower(String s, String dflt) {
        return s == null ? dflt : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String locate(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    }

    /** 1-based line of the `query:` key, so a KQL error can name the file line too; 0 when not found. */
    private static int queryLine(String yamlText) {
        String[] lines = yamlText.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("query:")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String resource(String name) throws RuleException {
        try (InputStream in = RuleLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new RuleException("missing built-in resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleException("cannot read built-in resource " + name + ": " + e.getMessage());
        }
    }
}
