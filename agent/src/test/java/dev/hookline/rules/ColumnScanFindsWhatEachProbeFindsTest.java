package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.kql.expr.Terms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One pass over a column finds each term key (`has`) and needle (`contains`), in either case, exactly where the
 * separate probes it replaced found them: a term key only on term boundaries (a value with a char above 127 meets
 * every term requirement, as the term index did), a case-sensitive needle only in its own case, a folded one in any.
 */
class ColumnScanFindsWhatEachProbeFindsTest {
    /** A key of some probe and the bit it sets. */
    private record Key(String text, int how, int target, int bit) {
    }

    private static final int FOLDED = 0;
    private static final int TERM_CI = ColumnScan.TERM;
    private static final int TERM_CS = ColumnScan.TERM | ColumnScan.RAW;
    private static final int RAW = ColumnScan.RAW;

    private static ColumnScan scan(List<Key> keys) {
        List<Map<Integer, Map<String, long[]>>> byTarget = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (Key k : keys) {
            byTarget.get(k.target()).computeIfAbsent(k.how(), h -> new LinkedHashMap<>())
                    .computeIfAbsent(k.text(), t -> new long[1])[0] |= 1L << k.bit();
        }
        return new ColumnScan(byTarget.get(0), byTarget.get(1));
    }

    private static long[] found(ColumnScan s, String v) {
        long[][] into = {new long[1], new long[1]};
        s.scan(v, into);
        return new long[]{into[0][0], into[1][0]};
    }

    /** What the term index and the needle scans found, key by key, as they were written before the merged pass. */
    private static long[] perProbe(List<Key> keys, String v) {
        long[] out = new long[2];
        boolean wide = v.chars().anyMatch(c -> c > 127);
        List<String> terms = new ArrayList<>();
        for (String t : v.split("[^A-Za-z0-9]+")) {
            if (!t.isEmpty()) {
                terms.add(t);
            }
        }
        for (Key k : keys) {
            boolean holds = switch (k.how()) {
                case FOLDED -> Terms.foldAll(v).contains(k.text());
                case RAW -> v.contains(k.text());
                case TERM_CI -> wide || terms.stream().anyMatch(t -> Terms.foldAll(t).equals(k.text()));
                case TERM_CS -> wide || terms.contains(k.text());
                default -> throw new AssertionError(k);
            };
            if (holds) {
                out[k.target()] |= 1L << k.bit();
            }
        }
        return out;
    }

    @Test
    void aTermKeyInsideALongerWordMeetsNothing() {
        ColumnScan s = scan(List.of(new Key("curl", TERM_CI, 0, 0), new Key("Wget", TERM_CS, 0, 1)));
        assertEquals(0L, found(s, "libcurl -o x")[0]);
        assertEquals(0L, found(s, "curling x")[0]);
        assertEquals(0L, found(s, "/usr/bin/curl2 x")[0]);
        assertEquals(0L, found(s, "xWget Wgets")[0]);
        assertEquals(3L, found(s, "libcurl CURL Wget")[0], "a later whole term still counts");
    }

    @Test
    void aTermKeyCountsAtEitherEndOfTheValue() {
        ColumnScan s = scan(List.of(new Key("curl", TERM_CI, 0, 0)));
        assertEquals(1L, found(s, "curl")[0]);
        assertEquals(1L, found(s, "Curl -s x")[0]);
        assertEquals(1L, found(s, "/usr/bin/curl")[0]);
        assertEquals(0L, found(s, "cur")[0], "cut short at the end");
    }

    @Test
    void punctuationBoundsATermAndLettersOrDigitsDoNot() {
        ColumnScan s = scan(List.of(new Key("tcp", TERM_CI, 0, 0)));
        for (String v : List.of("/dev/tcp/1.2.3.4/9", "x;tcp;y", "a-tcp-b", "(tcp)", "x_tcp_y", "\"tcp\"")) {
            assertEquals(1L, found(s, v)[0], v);
        }
        for (String v : List.of("udptcp", "tcp6", "9tcp", "xtcpx")) {
            assertEquals(0L, found(s, v)[0], v);
        }
    }

    @Test
    void aCaseSensitiveNeedleOrTermInTheOtherCaseMeetsNothing() {
        ColumnScan s = scan(List.of(new Key("-W ", RAW, 0, 0), new Key("Xorg", TERM_CS, 0, 1),
                new Key("-w ", FOLDED, 0, 2)));
        assertEquals(4L, found(s, "pnscan -w x")[0]);
        assertEquals(5L, found(s, "pnscan -W x")[0]);
        assertEquals(0L, found(s, "/usr/lib/xorg")[0]);
        assertEquals(2L, found(s, "/usr/lib/Xorg")[0]);
    }

    @Test
    void aValueAboveAsciiMeetsEveryTermRequirementAndOnlyTheNeedlesItHolds() {
        ColumnScan s = scan(List.of(new Key("curl", TERM_CI, 0, 0), new Key("Wget", TERM_CS, 1, 1),
                new Key("pkill", FOLDED, 0, 2), new Key("zzz", FOLDED, 0, 3), new Key("ſh", RAW, 0, 4)));
        // the Kelvin sign folds to k, as `contains` folds it; "zzz" is nowhere
        assertArrayEquals(new long[]{1L | 4L, 2L}, found(s, "P\u212AILL -9 x"));
        assertArrayEquals(new long[]{1L | 16L, 2L}, found(s, "ſh -c id"));
        assertArrayEquals(new long[]{1L, 2L}, found(s, "Sh -c id é"), "a case-sensitive ſ is not S");
    }

    @Test
    void aNeedleThatIsAlsoAnotherArmsTermKeyKeepsItsOwnRule() {
        ColumnScan s = scan(List.of(new Key("curl", FOLDED, 0, 0), new Key("curl", TERM_CI, 0, 1),
                new Key("curl", TERM_CI, 1, 2), new Key("url", FOLDED, 1, 3)));
        assertArrayEquals(new long[]{1L, 8L}, found(s, "libcurl.so"));
        assertArrayEquals(new long[]{3L, 4L | 8L}, found(s, "CURL -s x"));
        assertArrayEquals(new long[]{0L, 0L}, found(s, "cur l"));
    }

    @Test
    void onRandomValuesBuiltFromTheKeysItFindsWhatEachProbeFound() {
        List<String> words = List.of("curl", "wget", "tcp", "dev", "base64", "-d", "bash -i", "Xorg", "/tmp/",
                "c2", "sh", "ſ", "\u212A", "kill", "pkill", "http://", "a", "ab", "abc");
        Random r = new Random(31);
        int[] hows = {FOLDED, RAW, TERM_CI, TERM_CS};
        for (int round = 0; round < 200; round++) {
            List<Key> keys = new ArrayList<>();
            for (int k = 0, n = 1 + r.nextInt(12); k < n; k++) {
                int how = hows[r.nextInt(hows.length)];
                String w = words.get(r.nextInt(words.size()));
                if ((how & ColumnScan.TERM) != 0) {
                    w = Terms.keyTerm(w);
                    if (w == null) {
                        continue;
                    }
                }
                // probes hold their keys folded when they fold
                keys.add(new Key((how & ColumnScan.RAW) == 0 ? Terms.foldAll(w) : w, how, r.nextInt(2), r.nextInt(64)));
            }
            ColumnScan s = scan(keys);
            for (int v = 0; v < 50; v++) {
                StringBuilder b = new StringBuilder();
                for (int p = 0, n = r.nextInt(8); p < n; p++) {
                    String w = words.get(r.nextInt(words.size()));
                    b.append(r.nextBoolean() ? w : r.nextBoolean() ? w.toUpperCase() : w.substring(r.nextInt(w.length())));
                    b.append(" /.-_x9é".charAt(r.nextInt(8)));
                }
                String value = r.nextInt(4) == 0 ? b.toString().replace("é", "") : b.toString();
                assertArrayEquals(perProbe(keys, value), found(s, value), keys + " on " + value);
            }
        }
    }
}
