package dev.hookline.kql.expr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * `has_any` over constant needles in one pass: an Aho-Corasick automaton over the case-folded needles, with Kusto's
 * term-boundary rule ({@link Terms#has}) checked at each candidate match. Scanning a command line once against
 * twenty markers costs about what one scan for one marker costs, and allocates nothing.
 *
 * <p>Without term boundaries it is `contains` over any of the needles (Sigma's value lists).
 *
 * <p>When the needles are ASCII and total at most 64 chars (most has_any and Sigma lists), the scan is the
 * shift-and (bitap) form of the same automaton: one bit per needle position in a long, advanced per char by a
 * shift, an or and an and with the char's mask. Unlike a DFA step, the mask read does not depend on the previous
 * char's result, so the loop is not a chain of dependent loads.
 *
 * <p>The automaton is a full DFA over a small alphabet (the distinct characters of the needles); a haystack
 * character outside that alphabet sends the automaton back to the root. Its tables are small (an ASCII index and
 * states × alphabet transitions) so that scanning stays in the L1 cache.
 */
public final class PhraseSet {
    /** Symbol of each ASCII char (0: in no needle); small enough to stay in L1, unlike a 64K-entry table. */
    private final int[] asciiIndex;
    /** Non-ASCII needle chars, sorted, and their symbols: looked up by binary search (rare in practice). */
    private final char[] wideChars;
    private final int[] wideSymbols;
    private final int alphabetSize;
    /** delta[state * alphabetSize + symbol] = next state. */
    private final int[] delta;
    /** Per state, the needles that end here (through failure links too): lengths and boundary flags. */
    private final int[][] outLength;
    private final boolean[][] outStartAlnum;
    private final boolean[][] outEndAlnum;
    private final boolean ci;
    private final boolean boundaries;
    /**
     * The hot loop's tables: the symbol of each ASCII char with case folding already applied, and per state
     * whether any needle ends there; delta rows are indexed by state * alphabetSize.
     */
    private final int[] asciiSymbol = new int[128];
    private final boolean[] accepting;
    /**
     * delta for the scan loop: the next state's row offset (state * alphabetSize), with {@link #ACCEPTS} set when
     * a needle ends in that state, so a char costs one dependent load (no multiply, no second table).
     */
    private final int[] step;
    private static final int ACCEPTS = 1 << 31;

    /** Shift-and form (null when not applicable): per ASCII char, the needle positions holding it. */
    private final long[] bitMask;
    /** Bits of the needles' first and last positions. */
    private long bitFirst;
    private long bitLast;
    /** Per last-position bit: the needle's length and whether it starts / ends with an alphanumeric char. */
    private final int[] bitLength = new int[64];
    private final boolean[] bitStartAlnum = new boolean[64];
    private final boolean[] bitEndAlnum = new boolean[64];

    /** Kusto `has_any` of the needles, case-insensitive (needles already folded): for functions outside this package. */
    public static PhraseSet hasAnyFolded(List<String> needles) {
        return new PhraseSet(needles, true, true);
    }

    /** Kusto `has_any` (term boundaries apply). */
    PhraseSet(List<String> needles, boolean ci) {
        this(needles, ci, true);
    }

    /**
     * @param needles already folded when ci; empty needles are ignored (they match nothing)
     * @param boundaries true for has (alphanumeric ends on term boundaries), false for contains
     */
    PhraseSet(List<String> needles, boolean ci, boolean boundaries) {
        this.ci = ci;
        this.boundaries = boundaries;
        NeedleAlphabet alphabet = new NeedleAlphabet(needles);
        asciiIndex = alphabet.asciiIndex;
        wideChars = alphabet.wideChars;
        wideSymbols = alphabet.wideSymbols;
        alphabetSize = alphabet.size; // symbol 0: a character no needle has
        List<int[]> gotoRows = new ArrayList<>();
        List<List<String>> ends = new ArrayList<>();
        gotoRows.add(newRow());
        ends.add(new ArrayList<>());
        for (String n : needles) {
            if (n.isEmpty()) {
                continue;
            }
            int s = 0;
            for (int i = 0; i < n.length(); i++) {
                int sym = symbol(n.charAt(i));
                int next = gotoRows.get(s)[sym];
                if (next < 0) {
                    next = gotoRows.size();
                    gotoRows.get(s)[sym] = next;
                    gotoRows.add(newRow());
                    ends.add(new ArrayList<>());
                }
                s = next;
            }
            ends.get(s).add(n);
        }
        int states = gotoRows.size();
        delta = new int[states * alphabetSize];
        int[] fail = new int[states];
        List<List<String>> outputs = new ArrayList<>(ends);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int sym = 0; sym < alphabetSize; sym++) {
            int next = gotoRows.get(0)[sym];
            if (next < 0) {
                delta[sym] = 0;
            } else {
                delta[sym] = next;
                fail[next] = 0;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            List<String> merged = new ArrayList<>(outputs.get(s));
            merged.addAll(outputs.get(fail[s]));
            outputs.set(s, merged);
            for (int sym = 0; sym < alphabetSize; sym++) {
                int next = gotoRows.get(s)[sym];
                if (next < 0) {
                    delta[s * alphabetSize + sym] = sym == 0 ? 0 : delta[fail[s] * alphabetSize + sym];
                } else {
                    delta[s * alphabetSize + sym] = next;
                    fail[next] = sym == 0 ? 0 : delta[fail[s] * alphabetSize + sym];
                    queue.add(next);
                }
            }
        }
        for (char c = 0; c < 128; c++) {
            asciiSymbol[c] = asciiIndex[ci ? Terms.fold(c) : c];
        }
        accepting = new boolean[states];
        for (int s = 0; s < states; s++) {
            accepting[s] = !outputs.get(s).isEmpty();
        }
        step = new int[delta.length];
        for (int k = 0; k < delta.length; k++) {
            int next = delta[k];
            step[k] = next * alphabetSize | (accepting[next] ? ACCEPTS : 0);
        }
        bitMask = shiftAnd(needles);
        outLength = new int[states][];
        outStartAlnum = new boolean[states][];
        outEndAlnum = new boolean[states][];
        for (int s = 0; s < states; s++) {
            List<String> out = outputs.get(s);
            outLength[s] = new int[out.size()];
            outStartAlnum[s] = new boolean[out.size()];
            outEndAlnum[s] = new boolean[out.size()];
            for (int k = 0; k < out.size(); k++) {
                String n = out.get(k);
                outLength[s][k] = n.length();
                outStartAlnum[s][k] = Terms.isAlnum(n.charAt(0));
                outEndAlnum[s][k] = Terms.isAlnum(n.charAt(n.length() - 1));
            }
        }
    }

    /** The shift-and masks, or null when a needle has a non-ASCII char or they total more than 64 chars. */
    private long[] shiftAnd(List<String> needles) {
        int total = 0;
        for (String n : needles) {
            for (int i = 0; i < n.length(); i++) {
                if (n.charAt(i) >= 128) {
                    return null;
                }
            }
            total += n.length();
        }
        if (total == 0 || total > 64) {
            return null;
        }
        long[] mask = new long[128];
        int bit = 0;
        for (String n : needles) {
            if (n.isEmpty()) {
                continue;
            }
            bitFirst |= 1L << bit;
            for (int i = 0; i < n.length(); i++, bit++) {
                for (char c = 0; c < 128; c++) {
                    if ((ci ? Terms.fold(c) : c) == n.charAt(i)) {
                        mask[c] |= 1L << bit;
                    }
                }
            }
            int last = bit - 1;
            bitLast |= 1L << last;
            bitLength[last] = n.length();
            bitStartAlnum[last] = Terms.isAlnum(n.charAt(0));
            bitEndAlnum[last] = Terms.isAlnum(n.charAt(n.length() - 1));
        }
        return mask;
    }

    private boolean hasAnyShiftAnd(String hay) {
        long[] mask = bitMask;
        long first = bitFirst;
        long last = bitLast;
        int h = hay.length();
        long d = 0;
        for (int i = 0; i < h; i++) {
            char c = hay.charAt(i);
            long m;
            if (c < 128) {
                m = mask[c];
            } else {
                // needles are ASCII: a wide char matches only if it folds to ASCII (e.g. the Kelvin sign to k)
                char f = ci ? Terms.fold(c) : c;
                m = f < 128 ? mask[f] : 0;
            }
            d = ((d << 1) | first) & m;
            long hit = d & last;
            if (hit != 0 && (!boundaries || bitsOnBoundaries(hay, hit, i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some needle whose last-position bit is in hit, ending at hay[i], lies on term boundaries. */
    private boolean bitsOnBoundaries(String hay, long hit, int i) {
        for (long rest = hit; rest != 0; rest &= rest - 1) {
            int b = Long.numberOfTrailingZeros(rest);
            int start = i - bitLength[b] + 1;
            if (bitStartAlnum[b] && start > 0 && Terms.isAlnum(hay.charAt(start - 1))) {
                continue;
            }
            if (bitEndAlnum[b] && i + 1 < hay.length() && Terms.isAlnum(hay.charAt(i + 1))) {
                continue;
            }
            return true;
        }
        return false;
    }

    private int symbol(char c) {
        if (c < 128) {
            return asciiIndex[c];
        }
        int k = Arrays.binarySearch(wideChars, c);
        return k < 0 ? 0 : wideSymbols[k];
    }

    private int[] newRow() {
        int[] row = new int[alphabetSize];
        Arrays.fill(row, -1);
        return row;
    }

    /**
     * True when hay `has` at least one of the needles (Kusto term and phrase rules, see {@link Terms#has}), or
     * without boundaries, contains one. ASCII chars take one table read each (case folding is in the table).
     */
    public boolean hasAny(String hay) {
        if (bitMask != null) {
            return hasAnyShiftAnd(hay);
        }
        int h = hay.length();
        int row = 0;
        for (int i = 0; i < h; i++) {
            char c = hay.charAt(i);
            int sym = c < 128 ? asciiSymbol[c] : symbol(ci ? Terms.fold(c) : c);
            int next = step[row + sym];
            row = next & ~ACCEPTS;
            if (next < 0 && (!boundaries || onBoundaries(hay, row / alphabetSize, i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some needle ending at hay[i] in state s has its alphanumeric ends on term boundaries. */
    private boolean onBoundaries(String hay, int s, int i) {
        int[] lengths = outLength[s];
        for (int k = 0; k < lengths.length; k++) {
            int start = i - lengths[k] + 1;
            if (outStartAlnum[s][k] && start > 0 && Terms.isAlnum(hay.charAt(start - 1))) {
                continue;
            }
            if (outEndAlnum[s][k] && i + 1 < hay.length() && Terms.isAlnum(hay.charAt(i + 1))) {
                continue;
            }
            return true;
        }
        return false;
    }
}
