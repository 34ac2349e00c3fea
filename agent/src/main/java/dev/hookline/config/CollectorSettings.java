package dev.hookline.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.collector.InvalidSetting;
import java.util.List;
import java.util.Map;

/**
 * Binds a collector's config section to its settings record with the agent config's own mapper: snake_case keys,
 * strict types (a boolean is true or false, nothing else), an unknown key named with the allowed ones. A key left
 * out, or left empty, keeps the default. The agent's {@code CollectorContext.settings} binds with it; the agent has
 * already checked the same section, with line and column, when it loaded the config.
 */
public final class CollectorSettings {
    private CollectorSettings() {
    }

    /**
     * The section over the defaults.
     *
     * @param collector the collector's name, for error messages
     * @throws IllegalArgumentException naming the key and what is wrong
     */
    public static <T extends Record> T bind(String collector, Map<String, Object> section, T defaults) {
        try {
            return bindOrThrow(section, defaults);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(ConfigLoader.translate(e, "config", null,
                    List.of("collectors", collector)).getMessage(), e);
        } catch (InvalidSetting e) {
            throw new IllegalArgumentException("config: 'collectors." + collector + "." + e.key() + "': "
                    + e.getMessage(), e);
        }
    }

    /** The overlay itself: Jackson's exceptions carry the key path the loader turns into a line and column. */
    @SuppressWarnings("unchecked")
    static <T extends Record> T bindOrThrow(Map<String, Object> section, T defaults) throws JacksonException {
        ObjectNode node = ConfigLoader.MAPPER.valueToTree(defaults);
        if (section != null) {
            for (Map.Entry<String, Object> e : section.entrySet()) {
                if (e.getValue() != null) { // an empty value means the default, as everywhere in the config
                    node.set(e.getKey(), ConfigLoader.MAPPER.valueToTree(e.getValue()));
                }
            }
        }
        try {
            return (T) ConfigLoader.MAPPER.treeToValue(node, defaults.getClass());
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidSetting) { // the record's own check: it names its key
                throw (InvalidSetting) e.getCause();
            }
            throw e;
        }
    }

    /** A settings record rendered as YAML (snake_case keys), as `config show` would print it. */
    public static String toYaml(Record settings) {
        return ConfigLoader.toYamlValue(settings);
    }
}
