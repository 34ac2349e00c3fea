package dev.hookline.rules;

import dev.hookline.kql.expr.NeedleAlphabet;
import dev.hookline.kql.expr.Terms;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every term key (`has`) and needle (`contains`) of one column's gates, in either case, found in one pass over the
 * value: an Aho-Corasick automaton over the keys as Kusto folds them (a full DFA over their own chars, any other char
 * going back to the root). What a key ending at a position needs before its bits are set is confirmed there, only
 * then: a folded needle needs nothing; a case-sensitive one the raw region compared with it; a term key that the
 * match sits on term boundaries (no ASCII letter or digit on either side), the raw region too when it is
 * case-sensitive. A value holding a char above 127 sets every term key's bits, as the term index did (folding can
 * turn such a char into an ASCII letter, so its terms are not the ones `has` compares; see ArmGate). A SigmaHQ
 * command line was walked three or four times an exec (the term index, a folded and a case-sensitive needle scan),
 * at 1.4-2.5 ns a char each; this walks it once. Allocation-free per scan.
 */
final class ColumnScan {
    /** How a key is confirmed where the automaton finds it. */
    static final int TERM = 1;
    static final int RAW = 2;

    /** Symbol of each ASCII char after folding (0: in no key). */
    private final int[] ascii = new int[128];
    private final char[] wideChars;
    private final int[] wideSymbols;
    private final int alphabet;
    /** step[row + symbol]: the next state's row offset (state * alphabet), negative when something ends there. */
    private final int[] step;
    /** Per ASCII char, whether it leaves the automaton at its root (no key starts with it, folded). */
    private final boolean[] rootStays = new boolean[128];
    /**
     * Per target (0: the bits {@link #scan}'s first array takes, 1: its second's) and state, the bits of the folded
     * needles ending there (through failure links too), or null.
     */
    private final long[][][] folded;
    /** Per state, the confirmed keys ending there (indexes into the arrays below), or null. */
    private final int[][] checks;
    private final String[] key;
    private final int[] how;
    private final long[][] keyBits;
    private final int[] keyTarget;
    /** Per target, the bits of every term key, set for a value with a char above 127; null without term keys. */
    private final long[][] anyTerm = new long[2][];

    /**
     * @param keys per target (0 or 1: which of {@link #scan}'s arrays takes the bits) and how (0 for a folded
     *     needle, {@link #TERM}, {@link #RAW} or both), each key as its probe holds it (folded when ci) and the bits it
     *     sets
     */
    ColumnScan(Map<Integer, Map<String, long[]>> firstKeys, Map<Integer, Map<String, long[]>> laterKeys) {
        List<String> foldedKeys = new ArrayList<>();
        List<Integer> hows = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        List<long[]> bits = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            for (Map.Entry<Integer, Map<String, long[]>> byHow : (t == 0 ? firstKeys : laterKeys).entrySet()) {
                int h = byHow.getKey();
                for (Map.Entry<String, long[]> k : byHow.getValue().entrySet()) {
                    if ((h & TERM) != 0) {
                        anyTerm[t] = or(anyTerm[t], k.getValue());
                        if (!isTerm(k.getKey())) {
                            continue; // no value's term equals it: only a value above ASCII sets its bits
                        }
                    } else if (k.getKey().isEmpty()) {
                        continue; // gates hold no empty needle (ArmGate.containing); nothing to find
                    }
                    foldedKeys.add(Terms.foldAll(k.getKey()));
                    hows.add(h);
                    targets.add(t);
                    raws.add(k.getKey());
                    bits.add(k.getValue());
                }
            }
        }
        NeedleAlphabet a = new NeedleAlphabet(foldedKeys);
        wideChars = a.wideChars;
        wideSymbols = a.wideSymbols;
        for (char c = 0; c < 128; c++) {
            ascii[c] = a.asciiIndex[Terms.fold(c)];
        }
        alphabet = a.size;
        int n = foldedKeys.size();
        key = raws.toArray(new String[0]);
        how = new int[n];
        keyTarget = new int[n];
        keyBits = bits.toArray(new long[0][]);
        for (int k = 0; k < n; k++) {
            how[k] = hows.get(k);
            keyTarget[k] = targets.get(k);
        }
        // the trie: per state its children and the keys ending exactly there
        List<int[]> go = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        go.add(row());
        ends.add(new ArrayList<>());
        for (int k = 0; k < n; k++) {
            String f = foldedKeys.get(k);
            int s = 0;
            for (int i = 0; i < f.length(); i++) {
                int sym = a.symbol(f.charAt(i));
                if (go.get(s)[sym] < 0) {
                    go.get(s)[sym] = go.size();
                    go.add(row());
                    ends.add(new ArrayList<>());
                }
                s = go.get(s)[sym];
            }
            ends.get(s).add(k);
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
        // breadth first, so a state's failure state has all its keys before the state takes them over
        while (!queue.isEmpty()) {
            int s = queue.poll();
            if (s != 0 && fail[s] != 0) {
                ends.get(s).addAll(ends.get(fail[s]));
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
        folded = new long[2][states][];
        checks = new int[states][];
        for (int s = 0; s < states; s++) {
            List<Integer> confirmed = new ArrayList<>();
            for (int k : ends.get(s)) { // distinct: each key ends at one trie state, the failure chain's are others
                if (how[k] == 0) {
                    folded[keyTarget[k]][s] = or(folded[keyTarget[k]][s], keyBits[k]);
                } else {
                    confirmed.add(k);
                }
            }
            if (!confirmed.isEmpty()) {
                checks[s] = confirmed.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        step = new int[delta.length];
        for (int k = 0; k < delta.length; k++) {
            int next = delta[k];
            boolean out = folded[0][next] != null || folded[1][next] != null || checks[next] != null;
            step[k] = out ? ~(next * alphabet) : next * alphabet;
        }
        for (char c = 0; c < 128; c++) {
            rootStays[c] = step[ascii[c]] == 0;
        }
    }

    /**
     * ORs the bits of every key the value holds as its probe asks into {@code into[0]} or {@code into[1]}, as the
     * key was given (either may be null when no key was given for it).
     */
    void scan(String v, long[][] into) {
        int row = 0;
        boolean wide = false;
        for (int i = 0, n = v.length(); i < n; i++) {
            char c = v.charAt(i);
            if (row == 0) {
                // at the root, skip the ASCII chars no key starts with: these loads do not wait on each other
                while (c < 128 && rootStays[c]) {
                    if (++i == n) {
                        break;
                    }
                    c = v.charAt(i);
                }
                if (i == n) {
                    break;
                }
            }
            int sym;
            if (c < 128) {
                sym = ascii[c];
            } else {
                wide = true;
                sym = wide(Terms.fold(c));
            }
            int next = step[row + sym];
            if (next >= 0) {
                row = next;
                continue;
            }
            row = ~next;
            int s = row / alphabet;
            long[] m = folded[0][s];
            if (m != null) {
                orInto(into[0], m);
            }
            m = folded[1][s];
            if (m != null) {
                orInto(into[1], m);
            }
            int[] c2 = checks[s];
            if (c2 != null) {
                confirm(v, i, c2, into);
            }
        }
        if (wide) {
            for (int t = 0; t < 2; t++) {
                if (anyTerm[t] != null) {
                    orInto(into[t], anyTerm[t]);
                }
            }
        }
    }

    /** The keys of {@code ks} that end at {@code end} (inclusive) and hold there as their probes ask. */
    private void confirm(String v, int end, int[] ks, long[][] into) {
        for (int k : ks) {
            String raw = key[k];
            int from = end + 1 - raw.length();
            int h = how[k];
            if ((h & TERM) != 0 && ((from > 0 && Terms.isAlnum(v.charAt(from - 1)))
                    || (end + 1 < v.length() && Terms.isAlnum(v.charAt(end + 1))))) {
                continue;
            }
            if ((h & RAW) != 0 && !v.regionMatches(from, raw, 0, raw.length())) {
                continue;
            }
            orInto(into[keyTarget[k]], keyBits[k]);
        }
    }

    /** A term key can equal a value's term only when it is a run of ASCII letters and digits. */
    private static boolean isTerm(String k) {
        if (k.isEmpty()) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            if (!Terms.isAlnum(k.charAt(i))) {
                return false;
            }
        }
        return true;
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

    private static void orInto(long[] into, long[] m) {
        for (int k = 0; k < m.length; k++) {
            into[k] |= m[k];
        }
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
