package dev.hookline.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.hookline.collector.InvalidSetting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Reads the agent config: {@code --config FILE}, else {@value #DEFAULT_FILE} when it exists, else the embedded
 * defaults. Unknown keys, wrong types and out-of-range values become a {@link ConfigException} naming the key,
 * line and column.
 */
public final class ConfigLoader {
    public static final String DEFAULT_FILE = "/etc/hookline/hookline.yaml";
    /** The documented default config: every setting with its default and a comment. */
    public static final String DEFAULT_RESOURCE = "/dev/hookline/config/hookline-default.yaml";
    private static final long MAX_FILE_BYTES = 1 << 20;

    static final YAMLMapper MAPPER = mapper();

    private ConfigLoader() {
    }

    static YAMLMapper mapper() {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                // YAML 1.1's yes/no/on/off/y/n stay text: only true and false are booleans (below).
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
        return YAMLMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .visibility(PropertyAccessor.ALL, Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, Visibility.ANY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                // An empty value ("keep:") means "the default", not null.
                .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP))
                // A boolean is true or false: not 1, not "true" in quotes, not yes/on.
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .build();
    }

    /** Where the effective config came from: a file, or null for the embedded defaults. */
    public record Loaded(AgentConfig config, Path file) {
        public String source() {
            return file == null ? "embedded defaults" : file.toString();
        }
    }

    /**
     * @param explicit the {@code --config} file (must exist), or null to use {@value #DEFAULT_FILE} if present
     */
    public static Loaded load(Path explicit) throws ConfigException {
        return load(explicit, Path.of(DEFAULT_FILE));
    }

    static Loaded load(Path explicit, Path defaultFile) throws ConfigException {
        Path file = explicit;
        if (file == null) {
            if (!Files.exists(defaultFile)) {
                return new Loaded(AgentConfig.defaults(), null);
            }
            file = defaultFile;
        }
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": config file larger than " + MAX_FILE_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
        }
        AgentConfig config = parse(text, file.toString());
        if (!config.alerts().sentinel().clientSecret().isEmpty()) {
            FilePermissions.requireOwnerOnly(file, "alerts.sentinel.client_secret");
        }
        return new Loaded(config, file);
    }

    /** Parses config text over the defaults; {@code source} names it in error messages. */
    public static AgentConfig parse(String yaml, String source) throws ConfigException {
        return parse(yaml, source, KnownCollectors.installed());
    }

    /** As {@link #parse(String, String)}, checking {@code collectors:} sections against {@code known}. */
    public static AgentConfig parse(String yaml, String source, KnownCollectors known) throws ConfigException {
        AgentConfig config;
        try {
            if (isEmptyDocument(yaml)) {
                return AgentConfig.defaults();
            }
            config = MAPPER.readValue(yaml, AgentConfig.class);
        } catch (JacksonException e) {
            throw translate(e, source, yaml, List.of());
        } catch (RuntimeException e) {
            throw new ConfigException(source + ": cannot read config: " + e.getMessage());
        }
        if (config == null) { // a document holding only "~"
            config = AgentConfig.defaults();
        }
        Problem p = ConfigValidator.firstProblem(config);
        if (p != null) {
            throw new ConfigException(where(source, locate(yaml, p.path())) + "'" + String.join(".", p.path())
                    + "': " + p.message());
        }
        checkCollectors(config, known, yaml, source);
        return config;
    }

    /**
     * Every {@code collectors:} section names a known collector and binds to its settings record. A collector for
     * another OS is checked too (the agent ignores its section at run time, with a notice).
     */
    private static void checkCollectors(AgentConfig config, KnownCollectors known, String yaml, String source)
            throws ConfigException {
        for (String name : config.collectorNames()) {
            List<String> section = List.of("collectors", name);
            KnownCollectors.Known k = known.get(name);
            if (k == null) {
                throw new ConfigException(where(source, locate(yaml, section, true)) + "unknown collector '" + name
                        + "' in section 'collectors' (known collectors: " + known.names() + ")");
            }
            try {
                CollectorSettings.bindOrThrow(config.collector(name), k.defaults());
            } catch (JacksonException e) {
                throw translate(e, source, yaml, section);
            } catch (InvalidSetting e) {
                List<String> path = new ArrayList<>(section);
                path.add(e.key());
                throw new ConfigException(where(source, locate(yaml, path)) + "'" + String.join(".", path) + "': "
                        + e.getMessage());
            }
        }
    }

    /**
     * The documented defaults (`hookline config defaults`): the agent's file with, in place of its empty
     * {@code collectors: {}}, the documented section of every known collector that has settings.
     */
    public static String documentedDefaults(KnownCollectors known) {
        String text = defaultConfigText();
        StringBuilder sections = new StringBuilder();
        for (KnownCollectors.Known k : known.all()) {
            if (k.documented().isBlank()) {
                continue;
            }
            sections.append("  ").append(k.name()).append(":\n");
            for (String line : k.documented().split("\n", -1)) {
                if (!line.isEmpty()) {
                    sections.append("    ").append(line);
                }
                sections.append('\n');
            }
        }
        String empty = "\ncollectors: {}\n";
        if (sections.length() == 0 || !text.endsWith(empty)) {
            return text;
        }
        return text.substring(0, text.length() - empty.length()) + "\ncollectors:\n"
                + sections.toString().stripTrailing() + "\n";
    }

    /** A semantic problem: the key path (YAML names) and what is wrong. */
    record Problem(List<String> path, String message) {
    }

    /** The effective config rendered as YAML ({@code hookline config show}). */
    public static String toYaml(AgentConfig config) {
        return toYamlValue(config);
    }

    static String toYamlValue(Object config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render config", e);
        }
    }

    /** The text of the documented default config resource. */
    public static String defaultConfigText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True for a file with nothing but comments and blank lines (the defaults apply). */
    private static boolean isEmptyDocument(String yaml) throws ConfigException {
        try (JsonParser p = MAPPER.getFactory().createParser(yaml)) {
            return p.nextToken() == null;
        } catch (IOException e) {
            return false; // let the real parse report it with its location
        }
    }

    /**
     * A Jackson error as a one-line message with the key path (under {@code prefix}, the path of the node that was
     * bound) and, when {@code yaml} is given, the key's line and column.
     */
    static ConfigException translate(JacksonException e, String source, String yaml, List<String> prefix) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException) { // a YAML syntax error, maybe wrapped by the binding
                StreamReadException s = (StreamReadException) t;
                String msg = firstLine(s.getOriginalMessage());
                List<String> keyPath = new ArrayList<>(prefix);
                if (s.getProcessor() instanceof JsonParser) {
                    keyPath.addAll(pathOf(((JsonParser) s.getProcessor()).getParsingContext()));
                }
                String key = String.join(".", keyPath);
                if (s instanceof InputCoercionException) {
                    JsonLocation at = prefix.isEmpty() ? s.getLocation() : locate(yaml, keyPath);
                    return new ConfigException(where(source, at) + "'" + key + "': number out of range");
                }
                if (msg.startsWith("Duplicate field ")) {
                    return new ConfigException(where(source, s.getLocation()) + "duplicate key "
                            + msg.substring("Duplicate field ".length()));
                }
                return new ConfigException(where(source, s.getLocation()) + "YAML syntax error: " + msg);
            }
        }
        List<String> path = new ArrayList<>(prefix);
        if (e instanceof JsonMappingException) {
            for (JsonMappingException.Reference r : ((JsonMappingException) e).getPath()) {
                path.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
            }
        }
        // Jackson reports where its reader stopped (often the end of the value); the key's own location is
        // clearer: the key itself for an unknown key, else the start of the offending value.
        JsonLocation loc = path.isEmpty() ? null
                : locate(yaml, path, e instanceof UnrecognizedPropertyException);
        String where = where(source, loc != null ? loc : e.getLocation());
        String key = String.join(".", path).replace(".[", "[");
        if (e instanceof UnrecognizedPropertyException) {
            UnrecognizedPropertyException u = (UnrecognizedPropertyException) e;
            String section = String.join(".", path.subList(0, Math.max(0, path.size() - 1)));
            return new ConfigException(where + "unknown key '" + u.getPropertyName() + "'"
                    + (section.isEmpty() ? " at the top level" : " in section '" + section + "'")
                    + " (known keys: " + knownKeys(u.getKnownPropertyIds()) + ")");
        }
        if (e instanceof InvalidFormatException) {
            InvalidFormatException f = (InvalidFormatException) e;
            return new ConfigException(where + "'" + key + "': expected " + describe(f.getTargetType()) + ", got '"
                    + f.getValue() + "'");
        }
        if (e instanceof MismatchedInputException) {
            MismatchedInputException m = (MismatchedInputException) e;
            String got = got(m);
            return new ConfigException(where + (key.isEmpty() ? "the config" : "'" + key + "'") + ": expected "
                    + describe(m.getTargetType()) + (got == null ? "" : ", got " + got));
        }
        String msg = firstLine(e.getOriginalMessage());
        if (e instanceof JsonMappingException) {
            return new ConfigException(where + (key.isEmpty() ? "" : "'" + key + "': ") + msg);
        }
        return new ConfigException(where + "YAML syntax error: " + msg);
    }

    private static String where(String source, JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return source + ": ";
        }
        return source + ", line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    }

    /** The keys Jackson allows where an unknown one was found, sorted and joined, for an error message. */
    public static String knownKeys(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "none";
        }
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(o -> names.add(String.valueOf(o)));
        return String.join(", ", names);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
            }
            return "one of " + String.join(", ", names);
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a section of key: value lines";
    }

    private static String got(MismatchedInputException m) {
        try {
            Object proc = m.getProcessor();
            if (!(proc instanceof JsonParser)) {
                return null;
            }
            JsonParser p = (JsonParser) proc;
            JsonToken t = p.currentToken();
            if (t == null) {
                return null;
            }
            switch (t) {
                case START_OBJECT:
                case FIELD_NAME:
                    return "a section";
                case START_ARRAY:
                    return "a list";
                case VALUE_NULL:
                    return "nothing";
                default:
                    return "'" + p.getText() + "'";
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid config";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The location of the value at a key path (list items as "[i]"), or null: for other files' error messages. */
    public static JsonLocation locate(String yaml, List<String> path) {
        return locate(yaml, path, false);
    }

    /**
     * A binding error of another YAML file (rules, tuning) in the config's words: "file, line L, column C: 'key':
     * expected a list, got 'x'" instead of Jackson's class names.
     */
    public static String explain(JacksonException e, String source, String yaml) {
        return translate(e, source, yaml, List.of()).getMessage();
    }

    /** The location of the key (or its value) at a key path, found by re-reading the text as tokens; null if absent. */
    static JsonLocation locate(String yaml, List<String> path, boolean keyItself) {
        if (yaml == null) {
            return null;
        }
        try (JsonParser p = MAPPER.getFactory().createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && pathOf(p.getParsingContext()).equals(path)) {
                    if (keyItself) {
                        return p.currentTokenLocation();
                    }
                    p.nextToken();
                    return p.currentTokenLocation();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the text parsed once already; no location is acceptable
        }
        return null;
    }

    private static List<String> pathOf(JsonStreamContext ctx) {
        List<String> out = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null; c = c.getParent()) {
            if (c.inObject()) {
                out.add(c.getCurrentName());
            } else if (c.inArray()) {
                out.add("[" + c.getCurrentIndex() + "]");
            }
        }
        Collections.reverse(out);
        return out;
    }
}
