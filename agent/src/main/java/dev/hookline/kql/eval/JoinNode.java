package dev.hookline.kql.eval;

import dev.hookline.kql.KqlException;
import dev.hookline.kql.TableSource;
import dev.hookline.kql.parse.Ast;
import dev.hookline.kql.parse.KType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * join and lookup as a hash join: the right side is read into a hash table (at most the row budget of rows, else
 * a KqlException), then the left side streams past it. Output follows the left side's order; right rows the kind
 * adds on their own (rightouter, fullouter, rightanti, rightsemi) come after, in right order.
 *
 * <p>Columns as Kusto names them: left then right; a right column whose name the output already has gets the first
 * free numeric suffix (DeviceId1). leftsemi/leftanti keep only the left columns, rightsemi/rightanti only the right.
 * lookup leaves out the right side's key columns. A null (non-string) key matches nothing, as null == null is not
 * true in Kusto; empty strings match each other.
 */
final class JoinNode extends TabNode {
    private final TabNode left;
    private final TabNode right;
    private final String kind;
    private final int[] leftKeys;
    private final int[] rightKeys;
    /** Output position of each left/right column, or -1 when the column is not in the output. */
    private final int[] leftOut;
    private final int[] rightOut;
    private final long budget;
    private final Ast.Pos pos;

    private JoinNode(List<String> names, List<KType> types, TabNode left, TabNode right, String kind, int[] leftKeys,
            int[] rightKeys, int[] leftOut, int[] rightOut, long budget, Ast.Pos pos) {
        super(names, types, null);
        this.left = left;
        this.right = right;
        this.kind = kind;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.leftOut = leftOut;
        this.rightOut = rightOut;
        this.budget = budget;
        this.pos = pos;
    }

    static JoinNode of(TabNode left, TabNode right, Ast.Join op, long budget) {
        int n = op.keys().size();
        int[] lk = new int[n];
        int[] rk = new int[n];
        Set<String> rightKeyNames = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Ast.JoinKey k = op.keys().get(i);
            lk[i] = left.names.indexOf(k.left());
            rk[i] = right.names.indexOf(k.right());
            if (lk[i] < 0) {
                throw ExprCompiler.error(k.pos(), "join key '" + k.left() + "' is not a column of the left side"
                        + suggest(k.left(), left.names));
            }
            if (rk[i] < 0) {
                throw ExprCompiler.error(k.pos(), "join key '" + k.right() + "' is not a column of the right side"
                        + suggest(k.right(), right.names));
            }
            KType a = left.types.get(lk[i]);
            KType b = right.types.get(rk[i]);
            if (!(a == b || a.isText() && b.isText() || (a == KType.INT || a == KType.LONG)
                    && (b == KType.INT || b == KType.LONG))) {
                throw ExprCompiler.error(k.pos(), "join key types differ: " + k.left() + " is " + a.kustoName()
                        + ", " + k.right() + " is " + b.kustoName());
            }
            rightKeyNames.add(k.right());
        }
        boolean leftCols = !op.kind().equals("rightsemi") && !op.kind().equals("rightanti");
        boolean rightCols = !op.kind().equals("leftsemi") && !op.kind().equals("leftanti");
        List<String> names = new ArrayList<>();
        List<KType> types = new ArrayList<>();
        int[] lo = new int[left.names.size()];
        int[] ro = new int[right.names.size()];
        Arrays.fill(lo, -1);
        Arrays.fill(ro, -1);
        if (leftCols) {
            for (int i = 0; i < lo.length; i++) {
                lo[i] = names.size();
                names.add(left.names.get(i));
                types.add(left.types.get(i));
            }
        }
        if (rightCols) {
            for (int i = 0; i < ro.length; i++) {
                String name = right.names.get(i);
                if (op.lookup() && rightKeyNames.contains(name)) {
                    continue; // lookup shows each key once, from the left
                }
                ro[i] = names.size();
                names.add(names.contains(name) ? renamed(name, names, right.names) : name);
                types.add(right.types.get(i));
            }
        }
        return new JoinNode(names, types, left, right, op.kind(), lk, rk, lo, ro, budget, op.pos());
    }

    private static String suggest(String name, List<String> have) {
        for (String h : have) {
            if (h.equalsIgnoreCase(name)) {
                return "; did you mean '" + h + "'?";
            }
        }
        return " (it has " + String.join(", ", have.size() > 12 ? have.subList(0, 12) : have)
                + (have.size() > 12 ? ", ..." : "") + ")";
    }

    /**
     * A right column's new name when its own is taken: name1, name2, ..., the first that neither the output so far
     * nor the right side has (Kusto's rule, checked with its analyzer: in a self-join of a self-join the second
     * Timestamp becomes Timestamp2, as the right side already has a Timestamp1).
     */
    static String renamed(String name, List<String> taken, List<String> right) {
        for (int i = 1;; i++) {
            if (!taken.contains(name + i) && !right.contains(name + i)) {
                return name + i;
            }
        }
    }

    /** name, or name1, name2, ... : the first not yet taken (how Kusto renames a right column that clashes). */
    static String unique(String name, List<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        for (int i = 1;; i++) {
            if (!taken.contains(name + i)) {
                return name + i;
            }
        }
    }

    /** The key of a row, or null when a key value is null (never matches). Int and long compare as long. */
    private static List<Object> key(Object[] row, int[] idx) {
        Object[] k = new Object[idx.length];
        for (int i = 0; i < idx.length; i++) {
            Object v = row[idx[i]];
            if (v == null) {
                return null;
            }
            k[i] = v instanceof Integer ? Long.valueOf((Integer) v) : v;
        }
        return Arrays.asList(k);
    }

    @Override
    void run(TableSource source, long now, Consumer<Object[]> out) {
        List<Object[]> rightRows = new ArrayList<>();
        Map<List<Object>, List<Integer>> index = new HashMap<>();
        right.run(source, now, row -> {
            if (rightRows.size() >= budget) {
                throw new KqlException(pos.line(), pos.column(), "the right side of this join has more than " + budget + " rows (the row budget);"
                        + " narrow it with where/summarize or put the smaller table on the right");
            }
            List<Object> k = key(row, rightKeys);
            if (k != null) {
                index.computeIfAbsent(k, x -> new ArrayList<>(1)).add(rightRows.size());
            }
            rightRows.add(row);
        });
        boolean[] matched = new boolean[rightRows.size()];
        Set<List<Object>> seenLeft = kind.equals("innerunique") ? new HashSet<>() : null;
        int width = names.size();
        left.run(source, now, row -> {
            List<Object> k = key(row, leftKeys);
            if (seenLeft != null) {
                if (k == null || !seenLeft.add(k)) {
                    return; // innerunique: the first left row of each key only
                }
                if (seenLeft.size() > budget) {
                    throw new KqlException(pos.line(), pos.column(), "the left side of this join has more than "
                            + budget + " distinct keys (the row budget)");
                }
            }
            List<Integer> hits = k == null ? null : index.get(k);
            switch (kind) {
                case "leftsemi":
                    if (hits != null) {
                        out.accept(combine(width, row, null));
                    }
                    return;
                case "leftanti":
                    if (hits == null) {
                        out.accept(combine(width, row, null));
                    }
                    return;
                case "rightsemi":
                case "rightanti":
                    if (hits != null) {
                        for (int h : hits) {
                            matched[h] = true;
                        }
                    }
                    return;
                default:
                    break;
            }
            if (hits == null) {
                if (kind.equals("leftouter") || kind.equals("fullouter")) {
                    out.accept(combine(width, row, null));
                }
                return;
            }
            for (int h : hits) {
                matched[h] = true;
                out.accept(combine(width, row, rightRows.get(h)));
            }
        });
        if (kind.equals("rightouter") || kind.equals("fullouter") || kind.equals("rightanti")
                || kind.equals("rightsemi")) {
            boolean want = kind.equals("rightsemi");
            for (int i = 0; i < matched.length; i++) {
                if (matched[i] == want) {
                    out.accept(combine(width, null, rightRows.get(i)));
                }
            }
        }
    }

    /** One output row; a side that is null (no match) reads as empty strings and nulls. */
    private Object[] combine(int width, Object[] l, Object[] r) {
        Object[] o = new Object[width];
        fill(o, l, leftOut, left.types);
        fill(o, r, rightOut, right.types);
        return o;
    }

    private static void fill(Object[] o, Object[] row, int[] map, List<KType> types) {
        for (int i = 0; i < map.length; i++) {
            if (map[i] < 0) {
                continue;
            }
            if (row != null) {
                o[map[i]] = row[i];
            } else if (types.get(i) == KType.STRING) {
                o[map[i]] = ""; // Kusto strings have no null
            }
        }
    }
}
