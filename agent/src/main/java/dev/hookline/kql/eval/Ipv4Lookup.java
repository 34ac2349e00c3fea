package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.expr.IpText;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code T | evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, ExtraKey...] [, return_unmatched])}
 * as Kusto's plugin page describes it: a join on IPv4 keys. Each input row is output once per lookup row whose
 * key matches (Kusto's result "will have as many records as matching results"; there is no longest-prefix choice),
 * in lookup-table order, and with return_unmatched once with empty lookup columns when none does. Both keys may
 * carry an IP prefix; two keys match when their addresses agree on the shorter prefix (as ipv4_is_match reads
 * them), so a plain address matches every range that holds it. Extra keys must be equal, as in a join; a null or
 * non-IPv4 key matches nothing.
 *
 * <p>Columns as the analyzer gives them: the input's, then the lookup table's except the extra keys (which the
 * input has), a clashing name taking the join's numeric suffix (IP1). The lookup table is held in memory, at most
 * the row budget of rows.
 */
final class Ipv4Lookup extends TabNode {
    private final TabNode left;
    private final TabNode right;
    private final int leftIp;
    private final int rightIp;
    private final int[] leftExtra;
    private final int[] rightExtra;
    private final int[] rightOut;
    private final boolean unmatched;
    private final long budget;
    private final Ast.Pos pos;

    private Ipv4Lookup(List<String> names, List<KType> types, TabNode left, TabNode right, int leftIp, int rightIp,
            int[] leftExtra, int[] rightExtra, int[] rightOut, boolean unmatched, long budget, Ast.Pos pos) {
        super(names, types, null);
        this.left = left;
        this.right = right;
        this.leftIp = leftIp;
        this.rightIp = rightIp;
        this.leftExtra = leftExtra;
        this.rightExtra = rightExtra;
        this.rightOut = rightOut;
        this.unmatched = unmatched;
        this.budget = budget;
        this.pos = pos;
    }

    /** The plugin over its input (left) and lookup table (right); keys as the parser put them in the Join. */
    static Ipv4Lookup of(TabNode left, TabNode right, Ast.Join op, long budget) {
        List<Ast.JoinKey> keys = op.keys();
        int li = column(left, keys.get(0).left(), keys.get(0).pos(), "the input");
        int ri = column(right, keys.get(0).right(), keys.get(0).pos(), "the lookup table");
        if (!left.types.get(li).isText() || !right.types.get(ri).isText()) {
            throw ExprCompiler.error(keys.get(0).pos(), "ipv4_lookup: the IPv4 keys are strings; "
                    + keys.get(0).left() + " is " + left.types.get(li).kustoName() + ", " + keys.get(0).right() + " is "
                    + right.types.get(ri).kustoName());
        }
        int extras = keys.size() - 1;
        int[] le = new int[extras];
        int[] re = new int[extras];
        List<String> extraNames = new ArrayList<>();
        for (int i = 0; i < extras; i++) {
            Ast.JoinKey k = keys.get(i + 1);
            le[i] = column(left, k.left(), k.pos(), "the input");
            re[i] = column(right, k.right(), k.pos(), "the lookup table");
            extraNames.add(k.right());
        }
        List<String> names = new ArrayList<>(left.names);
        List<KType> types = new ArrayList<>(left.types);
        int[] ro = new int[right.names.size()];
        Arrays.fill(ro, -1);
        for (int i = 0; i < ro.length; i++) {
            String name = right.names.get(i);
            if (extraNames.contains(name)) {
                continue; // an extra key shows once, from the input
            }
            ro[i] = names.size();
            names.add(names.contains(name) ? JoinNode.renamed(name, names, right.names) : name);
            types.add(right.types.get(i));
        }
        return new Ipv4Lookup(names, types, left, right, li, ri, le, re, ro, op.kind().equals(UNMATCHED), budget,
                op.pos());
    }

    /** The Join kinds the parser gives the plugin: matching rows only, or every input row. */
    static final String MATCHED = "ipv4_lookup";
    static final String UNMATCHED = "ipv4_lookup(return_unmatched)";

    static boolean is(Ast.Join op) {
        return op.kind().equals(MATCHED) || op.kind().equals(UNMATCHED);
    }

    private static int column(TabNode side, String name, Ast.Pos pos, String what) {
        int i = side.names.indexOf(name);
        if (i < 0) {
            throw ExprCompiler.error(pos, "ipv4_lookup: '" + name + "' is not a column of " + what + " (it has "
                    + String.join(", ", side.names.size() > 12 ? side.names.subList(0, 12) : side.names)
                    + (side.names.size() > 12 ? ", ..." : "") + ")");
        }
        return i;
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        List<Object[]> rows = new ArrayList<>();
        // lookup rows by prefix length, then by their network address masked to it
        TreeMap<Integer, Map<Long, List<Integer>>> byPrefix = new TreeMap<>();
        right.run(source, now, row -> {
            if (rows.size() >= budget) {
                throw new KqlException(pos.line(), pos.column(), "the lookup table of ipv4_lookup has more than "
                        + budget + " rows (the row budget)");
            }
            long k = row[rightIp] instanceof String s ? IpText.v4(s) : IpText.INVALID;
            if (k != IpText.INVALID) {
                int p = IpText.v4Prefix(k);
                byPrefix.computeIfAbsent(p, x -> new HashMap<>())
                        .computeIfAbsent(IpText.v4Address(k) & IpText.v4Mask(p), x -> new ArrayList<>(1))
                        .add(rows.size());
            }
            rows.add(row);
        });
        int width = names.size();
        left.run(source, now, row -> {
            List<Integer> hits = matches(row, byPrefix, rows);
            if (hits.isEmpty()) {
                if (unmatched) {
                    out.accept(combine(width, row, null));
                }
                return;
            }
            for (int h : hits) {
                out.accept(combine(width, row, rows.get(h)));
            }
        });
    }

    /** The lookup rows matching an input row, in lookup-table order. */
    private List<Integer> matches(Object[] row, TreeMap<Integer, Map<Long, List<Integer>>> byPrefix,
            List<Object[]> rows) {
        long k = row[leftIp] instanceof String s ? IpText.v4(s) : IpText.INVALID;
        if (k == IpText.INVALID) {
            return List.of();
        }
        int sp = IpText.v4Prefix(k);
        long addr = IpText.v4Address(k);
        List<Integer> hits = new ArrayList<>();
        for (Map.Entry<Integer, Map<Long, List<Integer>>> e : byPrefix.entrySet()) {
            int p = e.getKey();
            if (p <= sp) { // a range at least as wide as the input's: look the input's network up in it
                List<Integer> h = e.getValue().get(addr & IpText.v4Mask(p));
                if (h != null) {
                    hits.addAll(h);
                }
            } else { // narrower ranges than the input's prefix: they match when they fall inside it
                long mask = IpText.v4Mask(sp);
                for (Map.Entry<Long, List<Integer>> r : e.getValue().entrySet()) {
                    if ((r.getKey() & mask) == (addr & mask)) {
                        hits.addAll(r.getValue());
                    }
                }
            }
        }
        if (leftExtra.length > 0) {
            hits.removeIf(h -> !extrasEqual(row, rows.get(h)));
        }
        hits.sort(null);
        return hits;
    }

    private boolean extrasEqual(Object[] l, Object[] r) {
        for (int i = 0; i < leftExtra.length; i++) {
            Object a = l[leftExtra[i]];
            Object b = r[rightExtra[i]];
            if (a == null || b == null) {
                return false;
            }
            if (a instanceof Number x && b instanceof Number y ? x.longValue() != y.longValue() : !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    private Object[] combine(int width, Object[] l, Object[] r) {
        Object[] o = new Object[width];
        System.arraycopy(l, 0, o, 0, left.names.size());
        for (int i = 0; i < rightOut.length; i++) {
            if (rightOut[i] < 0) {
                continue;
            }
            o[rightOut[i]] = r != null ? r[i] : right.types.get(i) == KType.STRING ? "" : null;
        }
        return o;
    }
}
