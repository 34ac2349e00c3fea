package dev.hookline.kql.expr;

import dev.hookline.kql.ArmGate;

/**
 * Kusto's string operators over String chars, allocation-free. Case-insensitive forms fold each char with
 * {@link #fold(char)}; needles known at compile time are folded once up front ("...Folded" methods), so only the
 * haystack is folded per row.
 */
public final class Terms {
    private Terms() {
    }

    /** A term character: Kusto's terms are maximal runs of ASCII letters and digits. */
    public static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * The term a gate keys a `has` needle on (see {@link dev.hookline.kql.ArmGate}): every maximal run of ASCII
     * letters and digits in the needle is a whole term of any value the needle is found in (the boundary rule of
     * {@link #has}), so any one of them is a necessary condition; the longest that is not a common term is the
     * most selective, else the longest. Null when the needle has no such run ("&&", "|") or is empty.
     */
    public static String keyTerm(String needle) {
        String best = null;
        boolean bestCommon = true;
        int i = 0;
        int n = needle.length();
        while (i < n) {
            if (!isAlnum(needle.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isAlnum(needle.charAt(i))) {
                i++;
            }
            String run = needle.substring(start, i);
            boolean common = ArmGate.isCommonTerm(run);
            if (best == null || (bestCommon && !common)
                    || (common == bestCommon && run.length() > best.length())) {
                best = run;
                bestCommon = common;
            }
        }
        return best;
    }

    public static char fold(char c) {
        if (c < 128) {
            return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    public static String foldAll(String s) {
        char[] cs = s.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            cs[i] = fold(cs[i]);
        }
        return new String(cs);
    }

    /** Whether needle occurs at hay[off..]; needleFolded already folded when ci; hay folded here. */
    public static boolean regionFolded(String hay, int off, String needle, boolean ci) {
        int n = needle.length();
        if (ci) {
            for (int j = 0; j < n; j++) {
                if (fold(hay.charAt(off + j)) != needle.charAt(j)) {
                    return false;
                }
            }
        } else {
            for (int j = 0; j < n; j++) {
                if (hay.charAt(off + j) != needle.charAt(j)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** As regionFolded but folds both sides (for needles only known per row). */
    static boolean regionBoth(String hay, int off, String needle, boolean ci) {
        if (!ci) {
            return hay.startsWith(needle, off);
        }
        int n = needle.length();
        for (int j = 0; j < n; j++) {
            if (fold(hay.charAt(off + j)) != fold(needle.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Kusto `has`. A needle that is one alphanumeric term must match a whole term of hay. A needle containing
     * punctuation or spaces (".github/workflows", "bash -i", "IEX(") matches as a PHRASE: a substring whose
     * alphanumeric ends fall on term boundaries, i.e. if the needle starts with an alnum char the char before the
     * match must be non-alnum or the start of hay, and if it ends with an alnum char the char after the match must be
     * non-alnum or the end. One rule covers both cases (a single term is a phrase of one term). An empty needle
     * matches nothing (there is no empty term).
     *
     * @param folded whether needle is already case-folded (compile-time constant); ignored when !ci
     */
    public static boolean has(String hay, String needle, boolean ci, boolean folded) {
        int n = needle.length();
        int h = hay.length();
        if (n == 0 || n > h) {
            return false;
        }
        boolean startAlnum = isAlnum(needle.charAt(0));
        boolean endAlnum = isAlnum(needle.charAt(n - 1));
        for (int i = 0, last = h - n; i <= last; i++) {
            if (startAlnum && i > 0 && isAlnum(hay.charAt(i - 1))) {
                continue;
            }
            if (endAlnum && i < last && isAlnum(hay.charAt(i + n))) {
                continue;
            }
            if (folded ? regionFolded(hay, i, needle, ci) : regionBoth(hay, i, needle, ci)) {
                return true;
            }
        }
        return false;
    }

    /** Kusto `hasprefix`: some term of hay starts with needle. */
    public static boolean hasPrefix(String hay, String needle, boolean ci, boolean folded) {
        int n = needle.length();
        int h = hay.length();
        if (n == 0) {
            return true;
        }
        boolean startAlnum = isAlnum(needle.charAt(0));
        for (int i = 0, last = h - n; i <= last; i++) {
            if (startAlnum && i > 0 && isAlnum(hay.charAt(i - 1))) {
                continue;
            }
            if (folded ? regionFolded(hay, i, needle, ci) : regionBoth(hay, i, needle, ci)) {
                return true;
            }
        }
        return false;
    }

    /** Kusto `hassuffix`: some term of hay ends with needle. */
    public static boolean hasSuffix(String hay, String needle, boolean ci, boolean folded) {
        int n = needle.length();
        int h = hay.length();
        if (n == 0) {
            return true;
        }
        boolean endAlnum = isAlnum(needle.charAt(n - 1));
        for (int i = 0, last = h - n; i <= last; i++) {
            if (endAlnum && i < last && isAlnum(hay.charAt(i + n))) {
                continue;
            }
            if (folded ? regionFolded(hay, i, needle, ci) : regionBoth(hay, i, needle, ci)) {
                return true;
            }
        }
        return false;
    }

    public static boolean contains(String hay, String needle, boolean ci, boolean folded) {
        if (!ci) {
            return hay.contains(needle);
        }
        int n = needle.length();
        for (int i = 0, last = hay.length() - n; i <= last; i++) {
            if (folded ? regionFolded(hay, i, needle, true) : regionBoth(hay, i, needle, true)) {
                return true;
            }
        }
        return false;
    }

    public static boolean startsWith(String hay, String needle, boolean ci, boolean folded) {
        if (needle.length() > hay.length()) {
            return false;
        }
        return folded ? regionFolded(hay, 0, needle, ci) : regionBoth(hay, 0, needle, ci);
    }

    public static boolean endsWith(String hay, String needle, boolean ci, boolean folded) {
        int off = hay.length() - needle.length();
        if (off < 0) {
            return false;
        }
        return folded ? regionFolded(hay, off, needle, ci) : regionBoth(hay, off, needle, ci);
    }

    public static boolean equals(String a, String b, boolean ci, boolean folded) {
        if (a.length() != b.length()) {
            return false;
        }
        return folded ? regionFolded(a, 0, b, ci) : regionBoth(a, 0, b, ci);
    }
}
