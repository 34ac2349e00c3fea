package dev.hookline.kql.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.kql.KqlException;
import dev.hookline.kql.KqlOptions;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * externaldata: rows read from local files (a path, or a file:// URI) in csv, tsv, txt, json or multijson format.
 * http(s) URIs are refused at compile time unless the compile options allow remote fetches (the agent makes no
 * outbound requests of its own accord); other schemes (Azure storage connection strings) are refused.
 */
final class ExternalData extends TabNode {
    private static final Set<String> FORMATS = Set.of("csv", "tsv", "tsve", "txt", "json", "multijson", "scsv", "psv");
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.ALLOW_COMMENTS, true);

    private final List<URI> uris;
    private final String format;
    private final boolean skipFirst;
    private final long budget;
    private final Ast.Pos pos;
    private final KqlOptions.Fetcher fetcher;

    private ExternalData(List<String> names, List<KType> types, List<URI> uris, String format, boolean skipFirst,
            long budget, Ast.Pos pos, KqlOptions.Fetcher fetcher) {
        super(names, types, null);
        this.uris = uris;
        this.format = format;
        this.skipFirst = skipFirst;
        this.budget = budget;
        this.pos = pos;
        this.fetcher = fetcher;
    }

    static TabNode plan(Ast.ExternalData d, CompileContext ctx) {
        List<String> names = Leaves.names(d.columns());
        List<KType> types = Leaves.types(d.columns());
        if (names.isEmpty()) {
            throw ExprCompiler.error(d.pos(), "externaldata needs its columns declared, e.g. externaldata (Name:string)");
        }
        Map<String, String> props = d.props();
        String format = props.getOrDefault("format", "csv").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw ExprCompiler.error(d.pos(), "externaldata format '" + format + "' is not supported (csv, tsv, scsv,"
                    + " psv, txt, json, multijson)");
        }
        boolean skipFirst = props.getOrDefault("ignorefirstrecord", "false").equalsIgnoreCase("true");
        List<URI> uris = new ArrayList<>();
        for (String u : d.uris()) {
            uris.add(uri(u, d.pos(), ctx));
        }
        return new ExternalData(names, types, uris, format, skipFirst, ctx.options.rowBudget(), d.pos(),
                ctx.options.fetcher());
    }

    private static URI uri(String text, Ast.Pos pos, CompileContext ctx) {
        String t = text.trim();
        int semi = t.indexOf(';');
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            if (!ctx.options.allowRemoteExternalData()) {
                throw ExprCompiler.error(pos, "externaldata from " + shown(t) + " refused: Hookline makes no outbound"
                        + " fetches unless asked to (`hookline query --events FILE --allow-remote-externaldata`, or"
                        + " `hookline detect ... --allow-remote-externaldata`);"
                        + " download the file and use its local path instead");
            }
            return URI.create(semi >= 0 ? t.substring(0, semi) : t); // a ';key' suffix is a storage credential
        }
        boolean remoteScheme = t.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !lower.startsWith("file:");
        if (!remoteScheme && !ctx.options.allowLocalExternalData()) {
            throw ExprCompiler.error(pos, "externaldata from local files is disabled here (the query would read them"
                    + " with the agent's rights); run it with `hookline query --events` instead");
        }
        if (lower.startsWith("file:")) {
            try {
                return Path.of(URI.create(t)).toUri();
            } catch (RuntimeException e) {
                throw ExprCompiler.error(pos, "externaldata: bad file URI '" + t + "'");
            }
        }
        if (t.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw ExprCompiler.error(pos, "externaldata: only local paths, file:// and http(s):// URIs are supported,"
                    + " not " + shown(t));
        }
        try {
            return Path.of(t).toAbsolutePath().toUri();
        } catch (RuntimeException e) {
            throw ExprCompiler.error(pos, "externaldata: bad path '" + t + "'");
        }
    }

    /** A URI for a message, without query string or credentials. */
    private static String shown(String u) {
        int cut = u.length();
        for (char c : new char[] {'?', ';'}) {
            int i = u.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return "'" + u.substring(0, cut) + "'";
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        long[] n = {0};
        Consumer<Object[]> counted = row -> {
            if (++n[0] > budget) {
                throw new KqlException(pos.line(), pos.column(), "externaldata returned more than " + budget
                        + " rows (the row budget)");
            }
            out.accept(row);
        };
        for (URI u : uris) {
            try (InputStream in = open(u); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                read(new BufferedReader(r), counted);
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new KqlException(pos.line(), pos.column(), "externaldata: cannot read " + shown(u.toString())
                        + ": " + e.getMessage());
            }
        }
    }

    private InputStream open(URI u) throws IOException, InterruptedException {
        if ("file".equalsIgnoreCase(u.getScheme())) {
            return Files.newInputStream(Path.of(u));
        }
        return fetcher.open(u);
    }

    private void read(BufferedReader r, Consumer<Object[]> out) throws IOException {
        switch (format) {
            case "json":
            case "multijson":
                readJson(r, out);
                return;
            case "txt":
                readLines(r, out, '\0');
                return;
            case "tsv":
            case "tsve":
                readLines(r, out, '\t');
                return;
            case "scsv":
                readLines(r, out, ';');
                return;
            case "psv":
                readLines(r, out, '|');
                return;
            default:
                readLines(r, out, ',');
        }
    }

    /** Delimited records (sep '\0': the whole line is the first column); quotes as in RFC 4180. */
    private void readLines(BufferedReader r, Consumer<Object[]> out, char sep) throws IOException {
        boolean first = true;
        String line;
        while ((line = r.readLine()) != null) {
            if (sep != '\0') {
                while (openQuote(line)) {
                    String more = r.readLine();
                    if (more == null) {
                        break;
                    }
                    line = line + "\n" + more; // a quoted field spans lines
                }
            }
            if (first && skipFirst) {
                first = false;
                continue;
            }
            first = false;
            if (line.isEmpty() && sep != '\0') {
                continue;
            }
            List<String> fields = sep == '\0' ? List.of(line) : split(line, sep);
            Object[] row = new Object[names.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = Leaves.fromText(i < fields.size() ? fields.get(i) : null, types.get(i));
            }
            out.accept(row);
        }
    }

    private static boolean openQuote(String line) {
        int q = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '"') {
                q++;
            }
        }
        return q % 2 == 1;
    }

    static List<String> split(String line, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"' && sb.length() == 0) {
                quoted = true;
            } else if (c == sep) {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    /** One JSON object per record (json: one per line; multijson: any layout); columns by property name. */
    private void readJson(BufferedReader r, Consumer<Object[]> out) throws IOException {
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(r)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node.isArray()) {
                    for (JsonNode el : node) {
                        out.accept(jsonRow(el));
                    }
                } else {
                    out.accept(jsonRow(node));
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("bad JSON: " + e.getMessage(), e);
        }
    }

    private Object[] jsonRow(JsonNode obj) {
        Object[] row = new Object[names.size()];
        for (int i = 0; i < row.length; i++) {
            JsonNode v = obj.isObject() ? obj.get(names.get(i)) : null;
            String text = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
            row[i] = Leaves.fromText(text, types.get(i));
        }
        return row;
    }
}
