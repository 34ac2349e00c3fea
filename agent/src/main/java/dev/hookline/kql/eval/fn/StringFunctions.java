package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Nodes;
import dev.hookline.kql.expr.Values;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import dev.hookline.kql.parse.Lexer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String functions: tolower, toupper, strcat, strlen, and the library analysts' queries call (extract, substring,
 * indexof, replace_string/replace_regex, trim, countof, strcat_delim, strrep, reverse, string_size, strcmp,
 * isascii, isutf8, new_guid). Regular-expression arguments are RE2's, as everywhere (see {@link Regexes}).
 *
 * <p><b>Adding a function</b> (here or in any family class):
 * <ol>
 *   <li>Write its node: a small class extending {@link Node} whose constructor passes the operands to
 *       {@code super(type, operands...)} (that is all constant folding, cost walks and the now/row checks need),
 *       and which overrides the eval method of its result type ({@code evalLong} for long, int, bool, datetime,
 *       timespan; {@code evalReal}; {@code evalString}). Follow Kusto's null rules: a number, datetime or timespan
 *       null is {@link Node#NULL} (NaN for real), a string is never null ("").</li>
 *   <li>Add one definition to {@code register}:
 *       <pre>{@code
 * t.add(FunctionDef.named("strlen").args(1).signature("strlen(text)")
 *         .doc("The number of characters in text.")
 *         .returns(KType.LONG)                       // or c -> { check c.type(i)...; return type; }
 *         .node((c, type) -> new Strlen(c.text(0))));
 * }</pre>
 *       {@code args(min, max)} with {@link FunctionDef#VARARGS} for open lists; {@code alias(...)} for other
 *       names. Type checks throw {@code c.error(i, ...)} so the message names the argument's line and column.</li>
 *   <li>Add a row to the family's table-driven test ({@code StringFunctionsFollowKustoTest} and siblings):
 *       the expression, an input event, and the expected value, taken from Kusto's documented examples where
 *       there are some.</li>
 * </ol>
 * The compiler, the "did you mean" suggestions and the list of supported functions all read the table.
 */
public final class StringFunctions {
    private StringFunctions() {
    }

    static void register(FunctionTable t) {
        t.add(FunctionDef.named("tolower").args(1).signature("tolower(text)")
                .doc("text in lower case.")
                .returns(KType.STRING).node((c, type) -> new Case(c.text(0), false)));
        t.add(FunctionDef.named("toupper").args(1).signature("toupper(text)")
                .doc("text in upper case.")
                .returns(KType.STRING).node((c, type) -> new Case(c.text(0), true)));
        t.add(FunctionDef.named("strcat").args(1, 64).signature("strcat(a, b, ...)")
                .doc("The text forms of 1 to 64 values joined.")
                .returns(KType.STRING).node((c, type) -> {
                    Node[] args = new Node[c.size()];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = c.arg(i);
                    }
                    return new Strcat(args);
                }));
        t.add(FunctionDef.named("strlen").args(1).signature("strlen(text)")
                .doc("The number of characters in text.")
                .returns(KType.LONG).node((c, type) -> new Strlen(c.text(0))));
        registerLibrary(t);
    }

    private static void registerLibrary(FunctionTable t) {
        t.add(FunctionDef.named("extract").args(3, 4).signature("extract(regex, group, text [, typeof(T)])")
                .usage("extract(@\"port=(\\d+)\", 1, ProcessCommandLine, typeof(long))")
                .doc("Capture group (0 for the whole match) of the first match of regex in text, as T when given;"
                        + " no match gives \"\" (null for a typed result).")
                .returns(c -> {
                    Types.whole(c, 1, "capture group");
                    return c.size() == 4 ? typeofArg(c, 3) : KType.STRING;
                })
                .node((c, type) -> {
                    Regexes.Source re = Regexes.of(c, 0);
                    Node group = c.arg(1);
                    Node text = c.text(2);
                    FnNode.StringFn found = f -> {
                        Pattern p = re.get(f);
                        long g = group.evalLong(f);
                        if (p == null || g == NULL || g < 0) {
                            return null;
                        }
                        Matcher m = Regexes.matcher(p, text.evalString(f));
                        return Regexes.guarded(() -> !m.find() || g > m.groupCount() ? null : m.group((int) g), null);
                    };
                    return TypeFunctions.fromText(type, found, c.text(0), group, text);
                }));
        t.add(FunctionDef.named("substring").args(2, 3).signature("substring(text, start [, length])")
                .doc("The characters of text from start (counted from the end when negative), length of them or to"
                        + " the end.")
                .returns(c -> {
                    Types.whole(c, 1, "start");
                    if (c.size() == 3) {
                        Types.whole(c, 2, "length");
                    }
                    return KType.STRING;
                })
                .node((c, type) -> {
                    Node text = c.text(0);
                    Node start = c.arg(1);
                    Node length = c.size() == 3 ? c.arg(2) : null;
                    FnNode.StringFn fn = f -> {
                        String v = text.evalString(f);
                        long from = start.evalLong(f);
                        long n = length == null ? Long.MAX_VALUE : length.evalLong(f);
                        if (from == NULL || n == NULL || n < 0) {
                            return "";
                        }
                        if (from < 0) {
                            from = Math.max(0, v.length() + from);
                        }
                        if (from >= v.length()) {
                            return "";
                        }
                        long end = Math.min(v.length(), from + Math.min(n, v.length()));
                        return v.substring((int) from, (int) end);
                    };
                    return length == null ? FnNode.ofString(fn, text, start) : FnNode.ofString(fn, text, start, length);
                }));
        t.add(FunctionDef.named("indexof").args(2, 5).signature("indexof(text, lookup [, start [, length [, occurrence]]])")
                .doc("Zero-based position of the occurrence-th lookup in text, searching length characters from"
                        + " start (negative: from the end); -1 when absent, null for a negative start or occurrence.")
                .returns(c -> {
                    for (int i = 2; i < c.size(); i++) {
                        Types.whole(c, i, i == 2 ? "start" : i == 3 ? "length" : "occurrence");
                    }
                    return KType.LONG;
                })
                .node((c, type) -> {
                    Node[] args = new Node[c.size()];
                    args[0] = c.text(0);
                    args[1] = c.text(1);
                    for (int i = 2; i < args.length; i++) {
                        args[i] = c.arg(i);
                    }
                    return FnNode.ofLong(KType.LONG, f -> indexOf(args, f), args);
                }));
        t.add(FunctionDef.named("replace_string").args(3).signature("replace_string(text, lookup, rewrite)")
                .doc("text with every (non-overlapping) lookup replaced by rewrite.")
                .returns(KType.STRING).node((c, type) -> {
                    Node text = c.text(0);
                    Node lookup = c.text(1);
                    Node rewrite = c.text(2);
                    return FnNode.ofString(f -> {
                        String l = lookup.evalString(f);
                        String v = text.evalString(f);
                        return l.isEmpty() ? v : v.replace(l, rewrite.evalString(f));
                    }, text, lookup, rewrite);
                }));
        t.add(FunctionDef.named("replace_regex").args(3)
                .signature("replace_regex(text, regex, rewrite)")
                .doc("text with every match of regex replaced by rewrite, where \\0 is the match and \\1..\\9 its"
                        + " groups.")
                .returns(KType.STRING).node((c, type) -> replaceRegex(c, 0, 1, 2)));
        t.add(FunctionDef.named("replace").args(3)
                .signature("replace(regex, rewrite, text)")
                .doc("Deprecated form of replace_regex, with the arguments in another order.")
                .returns(KType.STRING).node((c, type) -> replaceRegex(c, 2, 0, 1)));
        for (String name : new String[] {"trim", "trim_start", "trim_end"}) {
            boolean start = !name.equals("trim_end");
            boolean end = !name.equals("trim_start");
            t.add(FunctionDef.named(name).args(2).signature(name + "(regex, text)")
                    .doc("text without the matches of regex" + (start && end ? " at its start and its end."
                            : start ? " at its start." : " at its end."))
                    .returns(KType.STRING).node((c, type) -> {
                        // the pattern is applied repeatedly rather than wrapped in (?:re)+, which would nest
                        // quantifiers and backtrack exponentially on text that almost matches
                        Regexes.Source lead = start ? Regexes.of(c, 0) : null;
                        Regexes.Source tail = end ? Regexes.of(c, 0, "(?:", ")\\z") : null;
                        Node text = c.text(1);
                        return FnNode.ofString(f -> Regexes.guarded(() -> trim(text.evalString(f),
                                lead == null ? null : lead.get(f), tail == null ? null : tail.get(f), start, end), ""),
                                c.text(0), text);
                    }));
        }
        t.add(FunctionDef.named("countof").args(2, 3).signature("countof(text, search [, kind])")
                .doc("How often search occurs in text: kind \"normal\" (the default) counts overlapping"
                        + " occurrences, \"regex\" non-overlapping matches of a regular expression.")
                .returns(c -> {
                    if (c.size() == 3) {
                        String kind = Types.constantText(c, 2, "kind");
                        if (!kind.equals("normal") && !kind.equals("regex")) {
                            throw c.error(2, "countof() kind must be \"normal\" or \"regex\", not \"" + kind + "\"");
                        }
                    }
                    return KType.LONG;
                })
                .node((c, type) -> {
                    Node text = c.text(0);
                    Node search = c.text(1);
                    if (c.size() == 3 && c.arg(2).evalString(null).equals("regex")) {
                        Regexes.Source re = Regexes.of(c, 1);
                        return FnNode.ofLong(KType.LONG, f -> {
                            Pattern p = re.get(f);
                            if (p == null) {
                                return NULL;
                            }
                            Matcher m = Regexes.matcher(p, text.evalString(f));
                            return Regexes.guarded(() -> {
                                long n = 0;
                                while (m.find()) {
                                    n++;
                                }
                                return n;
                            }, NULL);
                        }, text, search);
                    }
                    return FnNode.ofLong(KType.LONG, f -> countOverlapping(text.evalString(f), search.evalString(f)),
                            text, search);
                }));
        t.add(FunctionDef.named("strcat_delim").args(3, 65).signature("strcat_delim(delimiter, a, b, ...)")
                .doc("The text forms of 2 to 64 values joined with delimiter between them.")
                .returns(KType.STRING).node((c, type) -> {
                    Node[] args = new Node[c.size()];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = c.arg(i);
                    }
                    return FnNode.ofString(f -> {
                        String delim = Values.text(args[0], f);
                        StringBuilder sb = new StringBuilder();
                        for (int i = 1; i < args.length; i++) {
                            if (i > 1) {
                                sb.append(delim);
                            }
                            sb.append(Values.text(args[i], f));
                        }
                        return sb.toString();
                    }, args);
                }));
        t.add(FunctionDef.named("strrep").args(2, 3).signature("strrep(value, times [, delimiter])")
                .doc("The text of value repeated times times (at most 1024), with delimiter between the copies.")
                .returns(c -> {
                    Types.whole(c, 1, "times");
                    return KType.STRING;
                })
                .node((c, type) -> {
                    Node value = c.text(0);
                    Node times = c.arg(1);
                    Node delim = c.size() == 3 ? c.text(2) : Nodes.Const.ofString("");
                    return FnNode.ofString(f -> {
                        long n = times.evalLong(f);
                        if (n == NULL || n < 1) {
                            return "";
                        }
                        String v = value.evalString(f);
                        String d = delim.evalString(f);
                        StringBuilder sb = new StringBuilder();
                        for (long i = 0; i < Math.min(n, 1024); i++) {
                            if (i > 0) {
                                sb.append(d);
                            }
                            sb.append(v);
                        }
                        return sb.toString();
                    }, value, times, delim);
                }));
        t.add(FunctionDef.named("reverse").args(1).signature("reverse(value)")
                .doc("The text of value backwards.")
                .returns(KType.STRING).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofString(f -> new StringBuilder(v.evalString(f)).reverse().toString(), v);
                }));
        t.add(FunctionDef.named("string_size").args(1).signature("string_size(text)")
                .doc("The number of bytes of text in UTF-8.")
                .returns(KType.LONG).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofLong(KType.LONG, f -> utf8Length(v.evalString(f)), v);
                }));
        t.add(FunctionDef.named("strcmp").args(2).signature("strcmp(a, b)")
                .doc("-1, 0 or 1 as a sorts before, with or after b (ordinal comparison).")
                .returns(KType.LONG).node((c, type) -> {
                    Node a = c.text(0);
                    Node b = c.text(1);
                    return FnNode.ofLong(KType.LONG, f -> Integer.signum(a.evalString(f).compareTo(b.evalString(f))),
                            a, b);
                }));
        t.add(FunctionDef.named("isascii").args(1).signature("isascii(text)")
                .doc("Whether every character of text is ASCII.")
                .returns(KType.BOOL).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofLong(KType.BOOL, f -> v.evalString(f).chars().allMatch(ch -> ch < 128) ? TRUE : FALSE,
                            v);
                }));
        t.add(FunctionDef.named("isutf8").args(1).signature("isutf8(text)")
                .doc("Whether text is valid Unicode (it has no unpaired surrogate), so it has a UTF-8 form.")
                .returns(KType.BOOL).node((c, type) -> {
                    Node v = c.text(0);
                    return FnNode.ofLong(KType.BOOL, f -> StandardCharsets.UTF_8.newEncoder().canEncode(v.evalString(f))
                            ? TRUE : FALSE, v);
                }));
        t.add(FunctionDef.named("new_guid").args(0).signature("new_guid()")
                .doc("A random GUID (version 4) as text, different on every row.")
                .returns(KType.STRING).node((c, type) -> FnNode.volatileString(f -> UUID.randomUUID().toString())));
    }

    private static final long NULL = Node.NULL;
    private static final long TRUE = Node.TRUE;
    private static final long FALSE = Node.FALSE;

    /** The type named by typeof(T) in argument i (extract's result type). */
    static KType typeofArg(CallSite c, int i) {
        Ast.Expr e = c.expr(i);
        if (e instanceof Ast.Call && ((Ast.Call) e).name().equals("typeof") && ((Ast.Call) e).args().size() == 1
                && ((Ast.Call) e).args().get(0) instanceof Ast.Ident) {
            String name = ((Ast.Ident) ((Ast.Call) e).args().get(0)).name();
            KType k = KType.byName(name);
            if (k == null || k == KType.DYNAMIC) {
                throw c.error(i, c.name() + "() cannot convert to '" + name
                        + "'; use string, long, int, real, bool, datetime or timespan");
            }
            return k;
        }
        throw c.error(i, c.name() + "() last argument must be a type such as typeof(long)");
    }

    static long indexOf(Node[] args, Frame f) {
        String text = args[0].evalString(f);
        String lookup = args[1].evalString(f);
        long start = args.length > 2 ? args[2].evalLong(f) : 0;
        long length = args.length > 3 ? args[3].evalLong(f) : -1;
        long occurrence = args.length > 4 ? args[4].evalLong(f) : 1;
        if (start == NULL || length == NULL || occurrence == NULL) {
            return NULL;
        }
        if (start < 0) {
            start = text.length() + start;
        }
        if (start < 0 || length < -1 || occurrence < 0) {
            return NULL;
        }
        if (start > text.length()) {
            return -1;
        }
        long at = -1;
        long from = start;
        for (long n = 0; n < Math.max(1, occurrence); n++) {
            // each further occurrence is searched from just after the previous one, over the same length
            long stop = length == -1 ? text.length() : Math.min(text.length(), from + length);
            int i = text.indexOf(lookup, (int) from);
            if (i < 0 || i + lookup.length() > stop) {
                return -1;
            }
            at = i;
            from = i + 1L;
        }
        return at;
    }

    private static Node replaceRegex(CallSite c, int textAt, int regexAt, int rewriteAt) {
        Node text = c.text(textAt);
        Regexes.Source re = Regexes.of(c, regexAt);
        Node rewrite = c.text(rewriteAt);
        return FnNode.ofString(f -> {
            Pattern p = re.get(f);
            return p == null ? "" : Regexes.guarded(() -> replaceRegex(p, text.evalString(f), rewrite.evalString(f)),
                    "");
        }, text, c.text(regexAt), rewrite);
    }

    /** Kusto's rewrite: \0 is the whole match, \1..\9 the groups; everything else is literal. */
    static String replaceRegex(Pattern p, String text, String rewrite) {
        Matcher m = Regexes.matcher(p, text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        int last = 0;
        do {
            sb.append(text, last, m.start());
            for (int i = 0; i < rewrite.length(); i++) {
                char ch = rewrite.charAt(i);
                if (ch == '\\' && i + 1 < rewrite.length() && Lexer.digit(rewrite.charAt(i + 1))) {
                    int g = rewrite.charAt(++i) - '0';
                    if (g <= m.groupCount() && m.group(g) != null) {
                        sb.append(m.group(g));
                    }
                } else {
                    sb.append(ch);
                }
            }
            last = m.end();
            if (m.end() == m.start()) {
                // an empty match: copy one character so the scan moves on
                if (last < text.length()) {
                    sb.append(text.charAt(last));
                }
                last++;
                if (last > text.length() || !m.find(last)) {
                    break;
                }
                continue;
            }
        } while (m.find());
        if (last < text.length()) {
            sb.append(text, last, text.length());
        }
        return sb.toString();
    }

    static String trim(String text, Pattern lead, Pattern tail, boolean start, boolean end) {
        if (lead == null && start || tail == null && end) {
            return "";
        }
        int from = 0;
        int to = text.length();
        if (start) {
            Matcher m = Regexes.matcher(lead, text);
            while (from < to) {
                m.region(from, to);
                if (!m.lookingAt() || m.end() == from) {
                    break;
                }
                from = m.end();
            }
        }
        if (end) {
            Matcher m = Regexes.matcher(tail, text);
            while (from < to) {
                m.region(from, to); // \z matches at the region's end (anchoring bounds)
                if (!m.find() || m.start() == to) {
                    break;
                }
                to = m.start();
            }
        }
        return text.substring(from, Math.max(from, to));
    }

    static long countOverlapping(String text, String search) {
        if (search.isEmpty()) {
            return 0;
        }
        long n = 0;
        for (int i = text.indexOf(search); i >= 0; i = text.indexOf(search, i + 1)) {
            n++;
        }
        return n;
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n += 1;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static final class Case extends Node {
        private final Node inner;
        private final boolean upper;

        Case(Node inner, boolean upper) {
            super(KType.STRING, inner);
            this.inner = inner;
            this.upper = upper;
        }

        @Override
        public String evalString(Frame f) {
            String s = inner.evalString(f);
            return upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
        }

        /** Builds a new string per row. */
        @Override
        public double cost() {
            return 20 + inner.cost();
        }
    }

    static final class Strcat extends Node {
        private final Node[] args;

        Strcat(Node[] args) {
            super(KType.STRING, args);
            this.args = args;
        }

        @Override
        public String evalString(Frame f) {
            StringBuilder sb = new StringBuilder();
            for (Node a : args) {
                sb.append(Values.text(a, f));
            }
            return sb.toString();
        }

        /** Builds a new string per row. */
        @Override
        public double cost() {
            return 20 + childrenCost();
        }
    }

    static final class Strlen extends Node {
        private final Node inner;

        Strlen(Node inner) {
            super(KType.LONG, inner);
            this.inner = inner;
        }

        @Override
        public long evalLong(Frame f) {
            return inner.evalString(f).length();
        }
    }
}
