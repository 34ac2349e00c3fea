package dev.hookline.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The YAML documents of one Sigma file turned into rules, as the Sigma specification's rule collections define
 * them: a document with {@code action: global} is merged into every later rule document of the file (several
 * global documents accumulate), {@code action: reset} forgets them, and {@code action: repeat} generates the
 * previous rule again with its own content merged over it. Every other document is a rule. Merging is key by key
 * down through mappings; lists and values are replaced whole. Where a global document and a rule set the same key
 * the rule's value wins (the specification does not say; pySigma lets the global one win, the original sigmac
 * converter the rule: a rule that says something about itself should be believed).
 */
final class SigmaCollection {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One rule of the file: its 1-based document number and the merged YAML, or why it has none. */
    record Doc(int number, JsonNode rule, SigmaException error) {
    }

    private SigmaCollection() {
    }

    /** Every rule document of the file, after the collection actions; action documents yield no entry. */
    static List<Doc> read(String where, String text) {
        List<JsonNode> docs = new ArrayList<>();
        SigmaException broken = null;
        try (JsonParser p = YAML.getFactory().createParser(new SurrogateSafeReader(text));
             MappingIterator<JsonNode> it = YAML.readValues(p, JsonNode.class)) {
            while (it.hasNextValue()) {
                docs.add(it.nextValue());
            }
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr();
            broken = new SigmaException(where + loc + ": " + e.getOriginalMessage(), "yaml");
        } catch (IOException | RuntimeException e) {
            broken = new SigmaException(where + ": " + e.getMessage(), "yaml");
        }
        boolean many = docs.size() + (broken == null ? 0 : 1) > 1;
        List<Doc> out = new ArrayList<>();
        ObjectNode global = null;
        JsonNode previous = null;
        for (int i = 0; i < docs.size(); i++) {
            JsonNode d = docs.get(i);
            int n = i + 1;
            if (d == null || d.isNull() || d.isMissingNode()) {
                continue; // an empty document (a trailing ---): nothing to convert, nothing lost
            }
            if (!d.isObject()) {
                out.add(new Doc(n, null, new SigmaException(name(where, n, many)
                        + ": not a Sigma rule (expected a YAML mapping)", "yaml")));
                continue;
            }
            JsonNode action = d.get("action");
            String a = action == null || action.isNull() ? null : action.asText();
            ObjectNode body = ((ObjectNode) d).deepCopy();
            body.remove("action");
            if (a == null) {
                ObjectNode rule = global == null ? body : merge(global.deepCopy(), body);
                out.add(new Doc(n, rule, null));
                previous = rule;
            } else if (a.equals("global")) {
                global = global == null ? body : merge(global, body);
            } else if (a.equals("reset")) {
                global = null;
            } else if (a.equals("repeat")) {
                if (previous == null) {
                    out.add(new Doc(n, null, new SigmaException(name(where, n, many)
                            + ": 'action: repeat' with no rule before it to repeat", "collection")));
                    continue;
                }
                ObjectNode rule = merge(previous.deepCopy(), body);
                out.add(new Doc(n, rule, null));
                previous = rule;
            } else {
                out.add(new Doc(n, null, new SigmaException(name(where, n, many) + ": unknown collection action '" + a
                        + "' (Sigma defines global, reset and repeat)", "collection")));
            }
        }
        if (broken != null) {
            out.add(new Doc(docs.size() + 1, null, broken));
        }
        return out;
    }

    /** The name of a document in messages: the file alone when it holds one document, else file#n. */
    static String name(String where, int number, boolean many) {
        return many ? where + "#" + number : where;
    }

    /** Merges src into dest key by key (mappings recursively; anything else replaced); returns dest. */
    static ObjectNode merge(ObjectNode dest, JsonNode src) {
        Iterator<Map.Entry<String, JsonNode>> it = src.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = dest.get(e.getKey());
            if (e.getValue().isObject() && old != null && old.isObject()) {
                merge((ObjectNode) old, e.getValue());
            } else {
                dest.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return dest;
    }

    /**
     * A reader that never ends a read on a high surrogate. SnakeYAML reads 1,024 chars at a time and, when the last
     * is the first half of a surrogate pair (an emoji), reads one more into the full buffer and fails with an
     * IndexOutOfBoundsException; handing it one char fewer keeps the pair together in the next read.
     */
    static final class SurrogateSafeReader extends Reader {
        private final String text;
        private int pos;

        SurrogateSafeReader(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (pos >= text.length()) {
                return -1;
            }
            int n = Math.min(len, text.length() - pos);
            if (n > 1 && Character.isHighSurrogate(text.charAt(pos + n - 1))) {
                n--;
            }
            text.getChars(pos, pos + n, buf, off);
            pos += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
