package dev.hookline.rules;

import dev.hookline.kql.expr.NeedleAlphabet;
import dev.hookline.kql.expr.Terms;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every needle of every arm's `contains`-like gate over one column, found in one pass over the value: an
 * Aho-Corasick automaton (a full DFA over the needles' own chars, any other char going back to the root) whose
 * accepting states carry the union of the requirement bits of the needles ending there. SigmaHQ's Linux rules test
 * the command line against some 400 needles; scanning it once per event costs about what one naive `contains`
 * costs, where running each arm's chain would cost one scan per needle. Case folding is Kusto's, char by char
 * ({@link Terms#fold}), as `contains` compares; needles arrive folded when ci. Allocation-free per scan.
 */
final class NeedleScan {
    /** Symbol of each ASCII char, folded when ci (0: in no needle). */
    private final int[] ascii = new int[128];
    /** Non-ASCII needle chars, sorted, and their symbols. */
    private final char[] wideChars;
    private final int[] wideSymbols;
    private final boolean ci;
    private final int alphabet;
    /** step[row + symbol]: the next state's row offset (state * alphabet), negative when a needle ends there. */
    private final int[] step;
    /** Per state, the requirement bits of the needles ending there (through failure links too), or null. */
    private final long[][] masks;

    /**
     * @param needles each non-empty needle (folded when ci) and the requirement bits it meets
     */
    NeedleScan(Map<String, long[]> needles, boolean ci) {
        this.ci = ci;
        NeedleAlphabet a = new NeedleAlphabet(needles.keySet());
        wideChars = a.wideChars;
        wideSymbols = a.wideSymbols;
        for (char c = 0; c < 128; c++) {
            ascii[c] = a.asciiIndex[ci ? Terms.fold(c) : c];
        }
        alphabet = a.size;
        List<int[]> go = new ArrayList<>();
        List<long[]> out = new ArrayList<>();
        go.add(row());
        out.add(null);
        for (Map.Entry<String, long[]> e : needles.entrySet()) {
            String n = e.getKey();
            int s = 0;
            for (int i = 0; i < n.length(); i++) {
                int sym = a.symbol(n.charAt(i));
                if (go.get(s)[sym] < 0) {
                    go.get(s)[sym] = go.size();
                    go.add(row());
                    out.add(null);
                }
                s = go.get(s)[sym];
            }
            out.set(s, or(out.get(s), e.getValue()));
        }
        int states = go.size();
        int[] delta = new int[states * alphabet];
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int sym = 0; sym < alphabet; sym++) {
            int next = go.get(0)[sym];
            delta[sym] = Math.max(next, 0);
            if (next > 0) {
                queue.add(next);
            }
        }
        // breadth first, so a state's failure state is complete before the state itself
        while (!queue.isEmpty()) {
            int s = queue.poll();
            if (out.get(fail[s]) != null) {
                out.set(s, or(out.get(s), out.get(fail[s])));
            }
            for (int sym = 0; sym < alphabet; sym++) {
                int next = go.get(s)[sym];
                if (next < 0) {
                    delta[s * alphabet + sym] = sym == 0 ? 0 : delta[fail[s] * alphabet + sym];
                } else {
                    delta[s * alphabet + sym] = next;
                    fail[next] = delta[fail[s] * alphabet + sym];
                    queue.add(next);
                }
            }
        }
        masks = out.toArray(new long[0][]);
        step = new int[delta.length];
        for (int k = 0; k < delta.length; k++) {
            int next = delta[k];
            step[k] = masks[next] != null ? ~(next * alphabet) : next * alphabet;
        }
    }

    /** ORs into {@code met} the bits of every needle the value contains. */
    void scan(String v, long[] met) {
        int row = 0;
        for (int i = 0, n = v.length(); i < n; i++) {
            char c = v.charAt(i);
            int next = step[row + (c < 128 ? ascii[c] : wide(ci ? Terms.fold(c) : c))];
            if (next < 0) {
                row = ~next;
                long[] m = masks[row / alphabet];
                for (int k = 0; k < m.length; k++) {
                    met[k] |= m[k];
                }
            } else {
                row = next;
            }
        }
    }

    private int wide(char c) {
        if (c < 128) { // a wide char that folds to ASCII (the Kelvin sign to k)
            return ascii[c];
        }
        int k = Arrays.binarySearch(wideChars, c);
        return k < 0 ? 0 : wideSymbols[k];
    }

    private int[] row() {
        int[] r = new int[alphabet];
        Arrays.fill(r, -1);
        return r;
    }

    private static long[] or(long[] a, long[] b) {
        if (a == null) {
            return b.clone();
        }
        long[] r = a.clone();
        for (int k = 0; k < b.length; k++) {
            r[k] |= b[k];
        }
        return r;
    }
}
