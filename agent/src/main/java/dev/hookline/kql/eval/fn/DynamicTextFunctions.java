package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Dynamic;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Terms;
import dev.hookline.kql.parse.KType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String functions whose result or argument is a {@code dynamic} array or bag: split, extract_all, parse_url,
 * parse_path, parse_command_line, parse_csv, extract_json/extractjson, strcat_array, array_sort_asc/desc,
 * base64_decode_toarray, has_any_index. Results are {@link Dynamic} values (immutable lists and bags). See
 * {@link StringFunctions} for how to add a function.
 */
public final class DynamicTextFunctions {
    private DynamicTextFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("split").args(2, 3).signature("split(text, delimiter [, index])")
                .doc("The parts of text between delimiters, as an array; with index, an array of just that part"
                        + " (empty when there is none).")
                .returns(c -> {
                    if (c.size() == 3) {
                        Types.whole(c, 2, "index");
                    }
                    return KType.DYNAMIC;
                })
                .node((c, type) -> {
                    Node text = c.text(0);
                    Node delim = c.text(1);
                    Node index = c.size() == 3 ? c.arg(2) : Nodes.Const.ofLong(KType.LONG,
                            Node.NULL);
                    boolean indexed = c.size() == 3;
                    return FnNode.ofDynamic(f -> {
                        List<Object> parts = split(text.evalString(f), delim.evalString(f));
                        if (!indexed) {
                            return Dynamic.array(parts);
                        }
                        long i = index.evalLong(f);
                        if (i == Node.NULL) {
                            return null;
                        }
                        List<Object> one = new ArrayList<>();
                        if (i >= 0 && i < parts.size()) {
                            one.add(parts.get((int) i));
                        }
                        return Dynamic.array(one);
                    }, text, delim, index);
                }));
        t.add(FunctionDef.named("extract_all").args(2, 3).signature("extract_all(regex, [groups,] text)")
                .usage("extract_all(@\"(\\w+)=(\\w+)\", ProcessCommandLine)")
                .doc("Every match of regex in text: an array of the capture group's texts, or of arrays when several"
                        + " groups are selected (groups: a constant dynamic array of group numbers); null when"
                        + " nothing matches.")
                .returns(c -> {
                    if (c.size() == 3) {
                        groups(c);
                    }
                    return KType.DYNAMIC;
                })
                .node((c, type) -> {
                    Regexes.Source re = Regexes.of(c, 0);
                    int[] wanted = c.size() == 3 ? groups(c) : null;
                    Node text = c.text(c.size() - 1);
                    return FnNode.ofDynamic(f -> Regexes.guarded(() -> extractAll(re.get(f), wanted, text.evalString(f)),
                            null), c.text(0), text);
                }));
        t.add(FunctionDef.named("parse_url").args(1).signature("parse_url(url)")
                .doc("The parts of an absolute URL as a bag: Scheme, Host, Port, Path, Username, Password,"
                        + " Query Parameters (a bag) and Fragment; an empty bag when it is not a URL.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node url = c.text(0);
                    return FnNode.ofDynamic(f -> parseUrl(url.evalString(f)), url);
                }));
        t.add(FunctionDef.named("parse_path").args(1).signature("parse_path(path)")
                .doc("The parts of a file path (Windows or Unix, with a scheme, a share or an alternate data stream)"
                        + " as a bag: Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension,"
                        + " AlternateDataStreamName.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node path = c.text(0);
                    return FnNode.ofDynamic(f -> parsePath(path.evalString(f)), path);
                }));
        t.add(FunctionDef.named("parse_command_line").args(2).signature("parse_command_line(command_line, parser)")
                .doc("The arguments of a command line as an array, split as Windows' CommandLineToArgvW does"
                        + " (parser must be \"windows\").")
                .returns(c -> {
                    String parser = Types.constantText(c, 1, "parser");
                    if (!parser.equalsIgnoreCase("windows")) {
                        throw c.error(1, "parse_command_line() parser must be \"windows\", not \"" + parser + "\"");
                    }
                    return KType.DYNAMIC;
                })
                .node((c, type) -> {
                    Node line = c.text(0);
                    return FnNode.ofDynamic(f -> Dynamic.array(windowsArgs(line.evalString(f))), line);
                }));
        t.add(FunctionDef.named("parse_csv").args(1).signature("parse_csv(csv_text)")
                .doc("The fields of the first record of CSV text as an array of strings (quotes and doubled quotes"
                        + " as in RFC 4180).")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofDynamic(f -> Dynamic.array(csv(v.evalString(f))), v);
                }));
        t.add(FunctionDef.named("extract_json").alias("extractjson").args(2, 3)
                .signature("extract_json(json_path, json_text [, typeof(T)])")
                .usage("extract_json(\"$.hosts[0].name\", AdditionalFields)")
                .doc("The element at a JSONPath ($, .name, ['name'], [index]) of JSON text, as text (or T); \"\" (null"
                        + " when typed) when absent.")
                .returns(c -> {
                    if (c.arg(0).isConstant()) {
                        try {
                            jsonPath(c.text(0).evalString(null));
                        } catch (IllegalArgumentException e) {
                            throw c.error(0, c.name() + "() " + e.getMessage());
                        }
                    }
                    return c.size() == 3 ? StringFunctions.typeofArg(c, 2) : KType.STRING;
                })
                .node((c, type) -> {
                    Node path = c.text(0);
                    Node json = c.arg(1);
                    List<Object> fixed = path.isConstant() ? jsonPath(path.evalString(null)) : null;
                    FnNode.StringFn found = f -> {
                        List<Object> steps = fixed;
                        if (steps == null) {
                            try {
                                steps = jsonPath(path.evalString(f));
                            } catch (IllegalArgumentException e) {
                                return null;
                            }
                        }
                        Object doc = json.type == KType.DYNAMIC ? json.evalDynamic(f) : Dynamic.parse(json.evalString(f));
                        if (doc == Dynamic.NOT_JSON) {
                            return null;
                        }
                        Object v = walk(doc, steps);
                        return v == null ? null : Dynamic.text(v);
                    };
                    return TypeFunctions.fromText(type, found, path, json);
                }));
        t.add(FunctionDef.named("strcat_array").args(2).signature("strcat_array(array, delimiter)")
                .doc("The text of the array's elements joined with delimiter; \"\" when it is not an array.")
                .returns(KType.STRING).node((c, type) -> {
                    Node array = c.arg(0);
                    Node delim = c.text(1);
                    return FnNode.ofString(f -> {
                        List<Object> list = DynamicFunctions.asList(array.evalDynamic(f));
                        if (list == null) {
                            return "";
                        }
                        StringBuilder sb = new StringBuilder();
                        String d = delim.evalString(f);
                        for (int i = 0; i < list.size(); i++) {
                            if (i > 0) {
                                sb.append(d);
                            }
                            sb.append(Dynamic.text(list.get(i)));
                        }
                        return sb.toString();
                    }, array, delim);
                }));
        for (boolean asc : new boolean[] {true, false}) {
            String name = asc ? "array_sort_asc" : "array_sort_desc";
            t.add(FunctionDef.named(name).args(1, 2).signature(name + "(array [, nulls_last])")
                    .doc("The array sorted " + (asc ? "ascending" : "descending") + " (numbers by value, then text"
                            + " ordinally), nulls last unless nulls_last is false; null when it is not an array.")
                    .returns(c -> {
                        if (c.size() == 2) {
                            c.bool(1);
                        }
                        return KType.DYNAMIC;
                    })
                    .node((c, type) -> {
                        Node array = c.arg(0);
                        Node nullsLast = c.size() == 2 ? c.bool(1)
                                : Nodes.Const.ofLong(KType.BOOL, Node.TRUE);
                        return FnNode.ofDynamic(f -> {
                            List<Object> list = DynamicFunctions.asList(array.evalDynamic(f));
                            if (list == null) {
                                return null;
                            }
                            return Dynamic.array(sorted(list, asc, nullsLast.evalLong(f) != Node.FALSE));
                        }, array, nullsLast);
                    }));
        }
        t.add(FunctionDef.named("base64_decode_toarray").args(1).signature("base64_decode_toarray(base64)")
                .doc("The bytes of base64 as an array of numbers 0-255; null when it is not base64.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofDynamic(f -> {
                        byte[] bytes;
                        try {
                            bytes = Base64.getDecoder().decode(v.evalString(f).trim());
                        } catch (IllegalArgumentException e) {
                            return null;
                        }
                        List<Object> out = new ArrayList<>(bytes.length);
                        for (byte b : bytes) {
                            out.add((long) (b & 0xFF));
                        }
                        return Dynamic.array(out);
                    }, v);
                }));
        t.add(FunctionDef.named("make_string").alias("unicode_codepoints_to_string").args(1, 64)
                .signature("make_string(codepoint_or_array, ...)")
                .doc("The text of the Unicode code points given as whole numbers or dynamic arrays of them; null"
                        + " (\"\") when one is not a code point.")
                .returns(c -> {
                    for (int i = 0; i < c.size(); i++) {
                        Types.require(c, i, Types.isWhole(c.type(i)) || c.type(i) == KType.DYNAMIC,
                                "whole numbers or dynamic arrays of them");
                    }
                    return KType.STRING;
                })
                .node((c, type) -> {
                    Node[] args = new Node[c.size()];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = c.arg(i);
                    }
                    return FnNode.ofString(f -> {
                        StringBuilder sb = new StringBuilder();
                        for (Node a : args) {
                            if (a.type == KType.DYNAMIC) {
                                Object v = a.evalDynamic(f);
                                List<Object> list = DynamicFunctions.asList(v);
                                for (Object o : list != null ? list : java.util.Arrays.asList(v)) {
                                    if (!(o instanceof Long) || !appendCodePoint(sb, (Long) o)) {
                                        return "";
                                    }
                                }
                            } else if (!appendCodePoint(sb, a.evalLong(f))) {
                                return "";
                            }
                        }
                        return sb.toString();
                    }, args);
                }));
        t.add(FunctionDef.named("parse_xml").args(1).signature("parse_xml(xml)")
                .doc("XML text as a dynamic bag: an element is a property of its name, attributes \"@name\", text"
                        + " \"#text\" beside them, repeated elements an array; null when it is not XML.")
                .returns(KType.DYNAMIC).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofDynamic(f -> Xml.parse(v.evalString(f)), v);
                }));
        t.add(FunctionDef.named("has_any_index").args(2).signature("has_any_index(text, values)")
                .usage("has_any_index(ProcessCommandLine, dynamic([\"-enc\", \"bypass\"]))")
                .doc("The index in the values array of the first value text has (as a whole term, ignoring case);"
                        + " -1 when none is.")
                .returns(c -> {
                    Types.require(c, 1, c.type(1) == KType.DYNAMIC, "a dynamic array of values");
                    return KType.LONG;
                })
                .node((c, type) -> {
                    Node text = c.text(0);
                    Node values = c.arg(1);
                    return FnNode.ofLong(KType.LONG, f -> {
                        List<Object> list = DynamicFunctions.asList(values.evalDynamic(f));
                        if (list == null) {
                            return -1;
                        }
                        String hay = text.evalString(f);
                        for (int i = 0; i < list.size(); i++) {
                            String term = Dynamic.text(list.get(i));
                            if (!term.isEmpty() && Terms.has(hay, term, true, false)) {
                                return i;
                            }
                        }
                        return -1;
                    }, text, values);
                }));
    }

    private static boolean appendCodePoint(StringBuilder sb, long cp) {
        if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        sb.appendCodePoint((int) cp);
        return true;
    }

    static List<Object> split(String text, String delim) {
        List<Object> parts = new ArrayList<>();
        if (delim.isEmpty()) {
            parts.add(text);
            return parts;
        }
        int from = 0;
        for (int i = text.indexOf(delim); i >= 0; i = text.indexOf(delim, from)) {
            parts.add(text.substring(from, i));
            from = i + delim.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    /** extract_all's groups argument: a constant dynamic array of whole group numbers (at least 1). */
    private static int[] groups(CallSite c) {
        Node n = c.arg(1);
        if (n.type != KType.DYNAMIC || !n.isConstant()) {
            throw c.error(1, "extract_all() groups must be a constant dynamic array of group numbers");
        }
        List<Object> list = DynamicFunctions.asList(n.evalDynamic(null));
        if (list == null || list.isEmpty()) {
            throw c.error(1, "extract_all() groups must be a non-empty array of group numbers");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long) || (Long) list.get(i) < 0 || (Long) list.get(i) > 16) {
                throw c.error(1, "extract_all() groups must be group numbers 0 to 16, not " + Dynamic.json(list.get(i)));
            }
            out[i] = (int) (long) (Long) list.get(i);
        }
        return out;
    }

    private static Object extractAll(Pattern p, int[] wanted, String text) {
        if (p == null) {
            return null;
        }
        Matcher m = Regexes.matcher(p, text);
        int[] groups = wanted;
        if (groups == null) {
            int n = m.groupCount();
            groups = new int[Math.max(1, n)];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = n == 0 ? 0 : i + 1; // a regex without groups yields its whole matches
            }
        }
        List<Object> out = new ArrayList<>();
        while (m.find()) {
            if (groups.length == 1) {
                out.add(group(m, groups[0]));
            } else {
                List<Object> row = new ArrayList<>(groups.length);
                for (int g : groups) {
                    row.add(group(m, g));
                }
                out.add(Dynamic.array(row));
            }
            if (m.end() == m.start() && m.end() >= text.length()) {
                break;
            }
        }
        return out.isEmpty() ? null : Dynamic.array(out);
    }

    private static String group(Matcher m, int g) {
        if (g > m.groupCount()) {
            return "";
        }
        String s = m.group(g);
        return s == null ? "" : s;
    }

    static Map<String, Object> parseUrl(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            return Dynamic.bag(out);
        }
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            return Dynamic.bag(out);
        }
        String user = "";
        String password = "";
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? "" : info.substring(colon + 1);
        }
        out.put("Scheme", u.getScheme());
        out.put("Host", u.getHost() == null ? "" : u.getHost());
        out.put("Port", u.getPort() < 0 ? "" : Integer.toString(u.getPort()));
        out.put("Path", u.getRawPath() == null ? "" : u.getRawPath());
        out.put("Username", user);
        out.put("Password", password);
        Map<String, Object> query = new LinkedHashMap<>();
        if (u.getRawQuery() != null) {
            for (String pair : u.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(EncodingFunctions.urlDecode(k), EncodingFunctions.urlDecode(v));
            }
        }
        out.put("Query Parameters", Dynamic.bag(query));
        out.put("Fragment", u.getRawFragment() == null ? "" : u.getRawFragment());
        return Dynamic.bag(out);
    }

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+)://");

    static Map<String, Object> parsePath(String path) {
        String scheme = "";
        String rest = path;
        Matcher m = SCHEME.matcher(path);
        if (m.find()) {
            scheme = m.group(1);
            rest = path.substring(m.end());
        }
        String body = rest.startsWith("\\\\?\\") ? rest.substring(4) : rest;
        String root = body.length() >= 2 && Character.isLetter(body.charAt(0)) && body.charAt(1) == ':'
                ? body.substring(0, 2) : "";
        int sep = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
        String dir = sep < 0 ? "" : rest.substring(0, sep);
        String file = rest.substring(sep + 1);
        String ads = "";
        int colon = file.indexOf(':');
        if (colon >= 0) {
            ads = file.substring(colon + 1);
            file = file.substring(0, colon);
        }
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1);
        int dirSep = Math.max(dir.lastIndexOf('/'), dir.lastIndexOf('\\'));
        String dirName = dir.substring(dirSep + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Scheme", scheme);
        out.put("RootPath", root);
        out.put("DirectoryPath", dir);
        out.put("DirectoryName", dirName);
        out.put("Filename", file);
        out.put("Extension", ext);
        out.put("AlternateDataStreamName", ads);
        return Dynamic.bag(out);
    }

    /** CommandLineToArgvW: 2n backslashes and a quote give n backslashes and toggle quoting; 2n+1 give a literal quote. */
    static List<Object> windowsArgs(String line) {
        List<Object> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        boolean any = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char ch = line.charAt(i);
            if (ch == '\\') {
                int j = i;
                while (j < n && line.charAt(j) == '\\') {
                    j++;
                }
                int count = j - i;
                if (j < n && line.charAt(j) == '"') {
                    cur.append("\\".repeat(count / 2));
                    if (count % 2 == 1) {
                        cur.append('"');
                        i = j;
                    } else {
                        i = j - 1;
                    }
                } else {
                    cur.append("\\".repeat(count));
                    i = j - 1;
                }
                any = true;
            } else if (ch == '"') {
                if (inQuotes && i + 1 < n && line.charAt(i + 1) == '"') {
                    cur.append('"'); // "" inside quotes is a literal quote
                    i++;
                } else {
                    inQuotes = !inQuotes;
                }
                any = true;
            } else if ((ch == ' ' || ch == '\t') && !inQuotes) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    static List<Object> csv(String text) {
        List<Object> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                break; // only the first record
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** A JSONPath of $, .name, ['name'] / ["name"] and [index] steps: a String is a key, a Long an index. */
    static List<Object> jsonPath(String path) {
        String p = path.trim();
        if (!p.startsWith("$")) {
            throw new IllegalArgumentException("JSON path must start with '$', not '" + path + "'");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < p.length()) {
            char ch = p.charAt(i);
            if (ch == '.') {
                int j = i + 1;
                while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
                    j++;
                }
                String key = p.substring(i + 1, j);
                if (key.isEmpty() || key.equals("*")) {
                    throw new IllegalArgumentException("JSON path step at index " + i + " of '" + path
                            + "' is not supported (only .name, ['name'] and [index])");
                }
                steps.add(key);
                i = j;
            } else if (ch == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("JSON path '" + path + "' has an unclosed '['");
                }
                String inner = p.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        steps.add(Long.parseLong(inner));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("JSON path step '[" + inner + "]' of '" + path
                                + "' is not supported (only .name, ['name'] and [index])");
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("JSON path '" + path + "' has an unexpected '" + ch + "' at index "
                        + i);
            }
        }
        return steps;
    }

    static Object walk(Object doc, List<Object> steps) {
        Object v = doc;
        for (Object step : steps) {
            if (step instanceof String) {
                Map<String, Object> bag = DynamicFunctions.asBag(v);
                v = bag == null ? null : bag.get(step);
            } else {
                List<Object> list = DynamicFunctions.asList(v);
                long i = (Long) step;
                if (list != null && i < 0) {
                    i += list.size();
                }
                v = list == null || i < 0 || i >= list.size() ? null : list.get((int) i);
            }
            if (v == null) {
                return null;
            }
        }
        return v;
    }

    private static List<Object> sorted(List<Object> list, boolean asc, boolean nullsLast) {
        List<Object> values = new ArrayList<>();
        int nulls = 0;
        for (Object o : list) {
            if (o == null) {
                nulls++;
            } else {
                values.add(o);
            }
        }
        Comparator<Object> order = (a, b) -> {
            boolean an = a instanceof Number;
            boolean bn = b instanceof Number;
            if (an && bn) {
                return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
            }
            if (an != bn) {
                return an ? -1 : 1; // numbers before everything else
            }
            return Dynamic.text(a).compareTo(Dynamic.text(b));
        };
        values.sort(asc ? order : order.reversed());
        List<Object> out = new ArrayList<>(list.size());
        if (!nullsLast) {
            for (int i = 0; i < nulls; i++) {
                out.add(null);
            }
        }
        out.addAll(values);
        if (nullsLast) {
            for (int i = 0; i < nulls; i++) {
                out.add(null);
            }
        }
        return out;
    }
}
