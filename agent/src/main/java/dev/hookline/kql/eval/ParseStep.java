package dev.hookline.kql.eval;

import dev.hookline.kql.expr.Node;
import dev.hookline.kql.expr.Frame;
import dev.hookline.kql.eval.fn.ConversionFunctions;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.Durations;
import dev.hookline.kql.parse.KType;
import dev.hookline.schema.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * parse / parse-where as one row step. The pattern becomes a regular expression anchored at the start: in simple
 * mode string constants match literally, in regex mode they are regular expressions; '*' skips text lazily; a
 * string column takes text lazily up to what follows, or the rest when it is last; long/int/real columns take a
 * number. A typed value that does not convert fails the whole match, except in relaxed mode, where that column
 * alone is null. When the match fails the new columns are empty/null (parse) or the row is dropped (parse-where).
 */
final class ParseStep implements Chain.Step {
    private final Node source;
    private final Pattern pattern;
    private final Node[] slots;
    private final KType[] types;
    private final boolean where;
    private final boolean relaxed;

    private ParseStep(Node source, Pattern pattern, Node[] slots, KType[] types, boolean where, boolean relaxed) {
        this.source = source;
        this.pattern = pattern;
        this.slots = slots;
        this.types = types;
        this.where = where;
        this.relaxed = relaxed;
    }

    /** Compiles the op, adds its columns to a copy of the schema, and returns that schema. */
    static Schema compile(Ast.Parse op, Schema in, List<Chain.Step> steps, Slots slotAlloc, CompileContext ctx) {
        Node src = new ExprCompiler(in, ctx).compile(op.source());
        src = ConversionFunctions.text(src);
        boolean regex = op.kind().equals("regex");
        boolean relaxed = op.kind().equals("relaxed");
        StringBuilder re = new StringBuilder();
        List<Ast.ColumnDecl> cols = new ArrayList<>();
        List<Ast.ParsePart> parts = op.parts();
        for (int i = 0; i < parts.size(); i++) {
            Ast.ParsePart p = parts.get(i);
            if (p.star()) {
                re.append("(?:.*?)");
            } else if (p.literal() != null) {
                re.append(regex ? "(?:" + p.literal() + ")" : Pattern.quote(p.literal()));
            } else {
                Ast.ColumnDecl c = p.column();
                boolean last = i == parts.size() - 1;
                switch (relaxed ? KType.STRING : c.type()) {
                    case LONG:
                    case INT:
                        re.append("(-?\\d+)");
                        break;
                    case REAL:
                        re.append("(-?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)");
                        break;
                    default:
                        re.append(last ? "(.*)" : "(.*?)");
                }
                cols.add(c);
            }
        }
        int flags = Pattern.DOTALL;
        if (regex) {
            for (char ch : op.flags().toCharArray()) {
                switch (ch) {
                    case 'i': flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE; break;
                    case 'm': flags |= Pattern.MULTILINE; break;
                    case 's': break; // DOTALL already: Kusto's '.' in parse matches newlines
                    case 'U': break; // ungreedy: our string columns are lazy already
                    default:
                        throw ExprCompiler.error(op.pos(), "unknown parse regex flag '" + ch + "' (i, m, s, U)");
                }
            }
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(re.toString(), flags);
        } catch (PatternSyntaxException e) {
            throw ExprCompiler.error(op.pos(), "bad regular expression in parse: " + e.getDescription());
        }
        Schema s = in.withOuter(in.outer);
        Node[] slots = new Node[cols.size()];
        KType[] types = new KType[cols.size()];
        for (int i = 0; i < slots.length; i++) {
            types[i] = cols.get(i).type();
            slots[i] = slotAlloc.allocate(types[i]);
            s.put(cols.get(i).name(), slots[i]);
        }
        steps.add(new ParseStep(src, pattern, slots, types, op.where(), relaxed));
        return s;
    }

    @Override
    public boolean run(Frame f) {
        String text = source.evalString(f);
        Matcher m = pattern.matcher(text == null ? "" : text);
        if (m.lookingAt()) {
            Object[] vals = new Object[slots.length];
            boolean ok = true;
            for (int i = 0; i < slots.length && ok; i++) {
                vals[i] = convert(m.group(i + 1), types[i]);
                ok = vals[i] != null || types[i] == KType.STRING || relaxed;
            }
            if (ok) {
                for (int i = 0; i < slots.length; i++) {
                    Slots.load(slots[i], vals[i], f);
                }
                return true;
            }
        }
        for (int i = 0; i < slots.length; i++) {
            Slots.load(slots[i], types[i] == KType.STRING ? "" : null, f);
        }
        return !where;
    }

    /** The extracted text as the column's type, or null when it does not convert. */
    private static Object convert(String s, KType t) {
        try {
            switch (t) {
                case STRING:
                case DYNAMIC:
                    return s;
                case LONG:
                case INT:
                    return Long.parseLong(s);
                case REAL:
                    return Double.parseDouble(s);
                case DATETIME:
                    return Times.toInstant(Times.parse(s));
                case TIMESPAN: {
                    Long ns = Durations.parse(s);
                    return ns == null ? null : java.time.Duration.ofNanos(ns);
                }
                case BOOL:
                    if (s.equalsIgnoreCase("true") || s.equals("1")) {
                        return Boolean.TRUE;
                    }
                    if (s.equalsIgnoreCase("false") || s.equals("0")) {
                        return Boolean.FALSE;
                    }
                    return null;
                default:
                    return null;
            }
        } catch (RuntimeException e) {
            return null;
        }
    }
}
