package dev.hookline.kql.expr;

import dev.hookline.kql.ArmGate;
import dev.hookline.kql.expr.Nodes.EventString;
import dev.hookline.kql.parse.KType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The string operators: has, contains, startswith, endswith, =~, their _cs and negated forms, and the list forms (in, in~, has_any, has_all). */
public final class StringOpNodes {
    private StringOpNodes() {
    }


    public enum StrKind {
        HAS, HASPREFIX, HASSUFFIX, CONTAINS, STARTSWITH, ENDSWITH, EQUALS;

        /**
         * Reference comparisons rather than a switch: a switch on an enum reads ordinal() and a synthetic switch
         * map per call, which showed in the engine profile. The most frequent kinds come first.
         */
        boolean match(String hay, String needle, boolean ci, boolean folded) {
            if (this == EQUALS) {
                return Terms.equals(hay, needle, ci, folded);
            }
            if (this == HAS) {
                return Terms.has(hay, needle, ci, folded);
            }
            if (this == CONTAINS) {
                return Terms.contains(hay, needle, ci, folded);
            }
            if (this == ENDSWITH) {
                return Terms.endsWith(hay, needle, ci, folded);
            }
            if (this == STARTSWITH) {
                return Terms.startsWith(hay, needle, ci, folded);
            }
            if (this == HASPREFIX) {
                return Terms.hasPrefix(hay, needle, ci, folded);
            }
            if (this == HASSUFFIX) {
                return Terms.hasSuffix(hay, needle, ci, folded);
            }
            throw new IllegalStateException("no matcher for " + this); // a new kind needs its branch here
        }
    }

    /**
     * hay OP needle for has/contains/startswith/endswith/=~ and their negations. A constant needle is folded once
     * at compile time; otherwise both sides are folded char by char. Strings are never null, so negation is exact.
     */
    public static final class StrOp extends Node {
        private final StrKind kind;
        private final boolean ci;
        private final boolean negate;
        private final Node hay;
        private final Node needle;
        private final String constNeedle;

        public StrOp(StrKind kind, boolean ci, boolean negate, Node hay, Node needle) {
            super(KType.BOOL, hay, needle);
            this.kind = kind;
            this.ci = ci;
            this.negate = negate;
            this.hay = hay;
            this.needle = needle;
            this.constNeedle = needle.isConstant() ? prepare(Values.text(needle, null), ci) : null;
        }

        /**
         * `Col =~ "x"`: TRUE only when the column equals the (folded) constant; `Col has "x y"`: only when the
         * column has the needle's key term; `Col endswith "/x"`: only when the column's last path segment is x;
         * `Col contains|startswith|endswith "x"`: only when the column contains x.
         */
        @Override
        public ArmGate gate() {
            if (negate || constNeedle == null || !(hay instanceof EventString)) {
                return null;
            }
            int column = ((EventString) hay).id;
            if (kind == StrKind.EQUALS) {
                return ArmGate.equality(column, ci, Set.of(constNeedle));
            }
            if (kind == StrKind.ENDSWITH && constNeedle.indexOf('/') >= 0) {
                return ArmGate.endsWithPath(column, ci, List.of(constNeedle));
            }
            if (kind == StrKind.CONTAINS || kind == StrKind.STARTSWITH || kind == StrKind.ENDSWITH) {
                return ArmGate.containing(column, ci, List.of(constNeedle));
            }
            String term = kind == StrKind.HAS ? Terms.keyTerm(constNeedle) : null;
            return term == null ? null : ArmGate.terms(column, ci, Set.of(term));
        }

        @Override
        public long evalLong(Frame f) {
            String h = hay.evalString(f);
            boolean m = constNeedle != null ? kind.match(h, constNeedle, ci, true)
                    : kind.match(h, Values.text(needle, f), ci, false);
            return m != negate ? TRUE : FALSE;
        }

        /** Operators that may scan the whole haystack cost with its length; anchored ones do not. */
        @Override
        public double cost() {
            boolean scans = kind == StrKind.HAS || kind == StrKind.CONTAINS || kind == StrKind.HASPREFIX
                    || kind == StrKind.HASSUFFIX;
            return hay.cost() + (constNeedle != null ? 0 : needle.cost()) + 2
                    + (scans ? Order.textLength(hay) / 4 : 0);
        }

        @Override
        public double trueRate() {
            return negate ? 0.9 : 0.1;
        }
    }

    /**
     * Rewrites the terms of an `or`: tests of one column by the same string operator against constants
     * (`X contains "a" or X contains "b" or ...`, what Sigma's value lists become) turn into one {@link StrList},
     * which is exactly "some constant matches" and scans the column once ({@link PhraseSet} for has and contains).
     * Other terms are kept as they are, in place; a group of one is kept as it is.
     */
    public static Node[] mergeOrOfStrOps(Node[] terms) {
        List<Node> out = new java.util.ArrayList<>();
        boolean[] used = new boolean[terms.length];
        for (int i = 0; i < terms.length; i++) {
            if (used[i]) {
                continue;
            }
            StrOp first = mergeable(terms[i]);
            if (first == null) {
                out.add(terms[i]);
                continue;
            }
            List<String> needles = new java.util.ArrayList<>();
            needles.add(Values.text(first.needle, null));
            for (int j = i + 1; j < terms.length; j++) {
                StrOp o = mergeable(terms[j]);
                if (!used[j] && o != null && o.kind == first.kind && o.ci == first.ci && sameColumn(o.hay, first.hay)) {
                    needles.add(Values.text(o.needle, null));
                    used[j] = true;
                }
            }
            out.add(needles.size() == 1 ? terms[i]
                    : new StrList(first.kind, first.ci, false, false, first.hay, needles, List.of()));
        }
        return out.toArray(new Node[0]);
    }

    private static StrOp mergeable(Node n) {
        if (!(n instanceof StrOp)) {
            return null;
        }
        StrOp o = (StrOp) n;
        return !o.negate && o.constNeedle != null && o.hay instanceof EventString ? o : null;
    }

    private static boolean sameColumn(Node a, Node b) {
        return a instanceof EventString && b instanceof EventString && ((EventString) a).id == ((EventString) b).id;
    }

    static String prepare(String s, boolean ci) {
        return ci ? Terms.foldAll(s) : s;
    }

    /**
     * has_any / has_all / in / in~ and negations over a list whose elements are constants (dynamic arrays already
     * flattened) and/or per-row expressions.
     */
    public static final class StrList extends Node {
        private final StrKind kind;
        private final boolean ci;
        private final boolean all;
        private final boolean negate;
        private final Node hay;
        private final String[] consts;
        private final Node[] dynamic;
        /** has_any over constants: one automaton pass instead of one scan per needle. */
        private final PhraseSet phrases;

        public StrList(StrKind kind, boolean ci, boolean all, boolean negate, Node hay, List<String> consts,
                List<Node> dynamic) {
            super(KType.BOOL, CompareNodes.withFirst(hay, dynamic));
            this.kind = kind;
            this.ci = ci;
            this.all = all;
            this.negate = negate;
            this.hay = hay;
            this.consts = new String[consts.size()];
            for (int i = 0; i < this.consts.length; i++) {
                this.consts[i] = prepare(consts.get(i), ci);
            }
            this.dynamic = dynamic.toArray(new Node[0]);
            // contains "" is true for every string, which an automaton of non-empty needles cannot say: loop then
            this.phrases = (kind == StrKind.HAS || (kind == StrKind.CONTAINS && !Arrays.asList(this.consts).contains("")))
                    && !all && this.consts.length > 1
                    ? new PhraseSet(Arrays.asList(this.consts), ci, kind == StrKind.HAS) : null;
        }

        /**
         * `Col in~ (constants)` / `Col in (constants)`: TRUE only when the column equals one of them.
         * `Col has_any (constants)`: only when the column has the key term of one of them (an empty needle matches
         * nothing and adds none; a needle without a term means no gate). `Col has_all (...)`: the key term of any
         * one needle, the most selective. `Col endswith` a list of needles that all hold a '/': only when the
         * column's last path segment is the last segment of one of them; else contains, startswith, endswith: only
         * when the column contains one of the needles (every one for `all`: the longest then).
         */
        @Override
        public ArmGate gate() {
            if (negate || dynamic.length > 0 || !(hay instanceof EventString)) {
                return null;
            }
            int column = ((EventString) hay).id;
            if (kind == StrKind.EQUALS) {
                return all ? null : ArmGate.equality(column, ci, new HashSet<>(Arrays.asList(consts)));
            }
            if (kind == StrKind.ENDSWITH && !all) {
                ArmGate g = ArmGate.endsWithPath(column, ci, Arrays.asList(consts));
                if (g != null) {
                    return g;
                }
            }
            if (kind == StrKind.CONTAINS || kind == StrKind.STARTSWITH || kind == StrKind.ENDSWITH) {
                if (!all) {
                    return ArmGate.containing(column, ci, Arrays.asList(consts));
                }
                String longest = "";
                for (String c : consts) {
                    longest = c.length() > longest.length() ? c : longest;
                }
                return ArmGate.containing(column, ci, List.of(longest));
            }
            if (kind != StrKind.HAS) {
                return null;
            }
            if (all) { // every term of every needle must be there: the best of them all
                String term = Terms.keyTerm(String.join(" ", consts));
                return term == null ? null : ArmGate.terms(column, ci, Set.of(term));
            }
            Set<String> keys = new HashSet<>();
            for (String c : consts) {
                String term = Terms.keyTerm(c);
                if (term != null) {
                    keys.add(term);
                } else if (!c.isEmpty()) {
                    return null;
                }
            }
            return keys.isEmpty() ? null : ArmGate.terms(column, ci, keys);
        }

        @Override
        public long evalLong(Frame f) {
            String h = hay.evalString(f);
            if (phrases != null) {
                boolean any = phrases.hasAny(h);
                for (int i = 0; !any && i < dynamic.length; i++) {
                    any = matchItem(h, dynamic[i], f, false);
                }
                return any != negate ? TRUE : FALSE;
            }
            boolean result = all;
            for (String c : consts) {
                if (kind.match(h, c, ci, true) != all) {
                    result = !all;
                    break;
                }
            }
            if (result == all) {
                for (Node d : dynamic) {
                    if (matchItem(h, d, f, all) != all) {
                        result = !all;
                        break;
                    }
                }
            }
            return result != negate ? TRUE : FALSE;
        }

        /**
         * One per-row item: a dynamic array computed per row stands for its elements (any of them for in and
         * has_any, every one for has_all); anything else by its text.
         */
        private boolean matchItem(String h, Node d, Frame f, boolean every) {
            if (d.type != KType.DYNAMIC) {
                return kind.match(h, Values.text(d, f), ci, false);
            }
            Object v = d.evalDynamic(f);
            if (!(v instanceof List)) {
                return kind.match(h, Dynamic.text(v), ci, false);
            }
            for (Object o : (List<?>) v) {
                if (o != null && kind.match(h, Dynamic.text(o), ci, false) != every) {
                    return !every;
                }
            }
            return every;
        }

        /** in/in~ mostly stops at a length check per value; has_any over constants is one automaton pass. */
        @Override
        public double cost() {
            double c = hay.cost() + 1;
            for (Node d : dynamic) {
                c += d.cost();
            }
            int values = consts.length + dynamic.length;
            if (kind == StrKind.EQUALS) {
                return c + 0.5 * values;
            }
            if (phrases != null) {
                return c + 2 + Order.textLength(hay) / 2 + dynamic.length * Order.textLength(hay) / 4;
            }
            boolean anchored = kind == StrKind.STARTSWITH || kind == StrKind.ENDSWITH;
            return c + values * (anchored ? 1 : 2 + Order.textLength(hay) / 4);
        }

        @Override
        public double trueRate() {
            double r = all ? 0.05 : 0.1;
            return negate ? 1 - r : r;
        }
    }
}
