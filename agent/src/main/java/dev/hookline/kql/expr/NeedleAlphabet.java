package dev.hookline.kql.expr;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distinct characters of a set of needles, numbered from 1 (0 is any character no needle has): the alphabet of
 * a needle automaton ({@link PhraseSet}, the rule engine's needle scan), kept small so the automaton's tables stay
 * in the L1 cache. ASCII chars index an array; the rare others are found by binary search. Needles arrive as the
 * automaton compares them (folded when it folds).
 */
public final class NeedleAlphabet {
    /** Symbol of each ASCII char as it appears in the needles (0: in none). */
    public final int[] asciiIndex = new int[128];
    /** Non-ASCII needle chars, sorted, and their symbols. */
    public final char[] wideChars;
    public final int[] wideSymbols;
    /** Symbols in all, counting 0. */
    public final int size;

    public NeedleAlphabet(Iterable<String> needles) {
        int symbols = 0;
        TreeMap<Character, Integer> wide = new TreeMap<>();
        for (String n : needles) {
            for (int i = 0; i < n.length(); i++) {
                char c = n.charAt(i);
                if (c < 128) {
                    if (asciiIndex[c] == 0) {
                        asciiIndex[c] = ++symbols;
                    }
                } else if (!wide.containsKey(c)) {
                    wide.put(c, ++symbols);
                }
            }
        }
        wideChars = new char[wide.size()];
        wideSymbols = new int[wide.size()];
        int w = 0;
        for (Map.Entry<Character, Integer> e : wide.entrySet()) {
            wideChars[w] = e.getKey();
            wideSymbols[w++] = e.getValue();
        }
        size = symbols + 1;
    }

    /** The symbol of a char exactly as given (no folding): 0 for a char no needle has. */
    public int symbol(char c) {
        if (c < 128) {
            return asciiIndex[c];
        }
        int k = Arrays.binarySearch(wideChars, c);
        return k < 0 ? 0 : wideSymbols[k];
    }
}
