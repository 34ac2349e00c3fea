package dev.hookline.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hookline.collector.CollectorProvider;
import dev.hookline.config.AgentConfig;
import dev.hookline.config.CollectorSettings;
import dev.hookline.config.ConfigException;
import dev.hookline.config.ConfigLoader;
import dev.hookline.config.KnownCollectors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A collector's section as the agent loads it: written under {@code collectors:} in a config file named
 * "hookline.yaml", checked against the provider's settings record, so errors carry their line and column.
 */
final class SectionChecks {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SectionChecks() {
    }

    /** The config text with {@code body} (lines of key: value) as the provider's section; its keys start at line 3. */
    public static String config(CollectorProvider p, String body) {
        StringBuilder sb = new StringBuilder("collectors:\n  ").append(p.name()).append(":\n");
        for (String line : body.split("\n")) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** The section bound as the collector binds it, after the agent has loaded the config. */
    @SuppressWarnings("unchecked")
    public static <T extends Record> T bind(CollectorProvider p, String body) throws ConfigException {
        AgentConfig c = ConfigLoader.parse(config(p, body), "hookline.yaml", KnownCollectors.of(List.of(p)));
        return (T) CollectorSettings.bind(p.name(), c.collector(p.name()), p.defaultSettings());
    }

    /** The loader's message for a section it refuses. */
    public static String error(CollectorProvider p, String body) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(p, body), "hookline.yaml",
                KnownCollectors.of(List.of(p)))).getMessage();
    }

    /**
     * `hookline config defaults` with this collector: it parses, its section binds to the built-in defaults and
     * it names every key of the settings record.
     */
    public static void documentedDefaultsAreTheBuiltInOnes(CollectorProvider p) throws Exception {
        KnownCollectors known = KnownCollectors.of(List.of(p));
        String text = ConfigLoader.documentedDefaults(known);
        AgentConfig c = ConfigLoader.parse(text, "defaults", known);
        assertEquals(p.defaultSettings(), CollectorSettings.bind(p.name(), c.collector(p.name()),
                p.defaultSettings()), "the documented values are the built-in defaults");
        JsonNode documented = YAML.readTree(p.documentedSettings());
        JsonNode builtIn = YAML.readTree(CollectorSettings.toYaml(p.defaultSettings()));
        assertEquals(keys(builtIn), keys(documented), "every key is documented");
    }

    private static TreeSet<String> keys(JsonNode n) {
        TreeSet<String> out = new TreeSet<>();
        if (n != null) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        return out;
    }

    /** The keys of a settings record, sorted and joined as the loader lists them. */
    public static String keyList(CollectorProvider p) throws Exception {
        return String.join(", ", new ArrayList<>(keys(YAML.readTree(CollectorSettings.toYaml(p.defaultSettings())))));
    }
}
