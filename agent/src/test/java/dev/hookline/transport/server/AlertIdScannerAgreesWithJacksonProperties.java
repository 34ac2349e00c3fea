package dev.hookline.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link AlertIdScanner} must give every line the verdict Jackson gives it ({@link AlertIdExtractor}, the
 * reference): the same id, or null. Lines are alert-shaped pieces (good, odd, malformed) mutated by inserting,
 * deleting and repeating characters, which walks them across every corner of the grammar.
 */
class AlertIdScannerAgreesWithJacksonProperties {
    private static final List<String> PIECES = List.of(
            "{\"AlertId\":\"a-1\",\"RuleId\":\"r\",\"Row\":{\"AlertId\":\"nested\",\"x\":[1,2,{\"y\":null}]}}",
            "{\"AlertId\":\"a-2\"}", "  {\"AlertId\" : \"a-3\" , \"N\":-1.5e3, \"M\":0.25E+2, \"Z\":-0}\t",
            "{\"Row\":{},\"L\":[],\"AlertId\":\"late\",\"B\":[true,false,null]}", "{\"AlertId\":42}",
            "{\"AlertId\":\"\"}", "{\"NoId\":true}", "{}", "{\"AlertId\":\"x\"} {\"AlertId\":\"y\"}", "[1,2]", "42",
            "\"str\"", "{\"AlertId\":\"caf\u00e9\"}", "{\"T\":\"\u00e9\u4e2d\\ud83d\\ude00\",\"AlertId\":\"utf8\"}",
            "\ufeff{\"AlertId\":\"bom\"}", "{\"AlertId\":\"a\\u0062c\\/\"}", "{\"Alert\\u0049d\":\"escaped-name\"}",
            "{\"AlertId\":\"tab\\there\"}", "{\"AlertId\":\"dup1\",\"AlertId\":\"dup2\"}",
            "{\"AlertId\":\"dup1\",\"AlertId\":7}", "{\"AlertId\":\"\u00e9\",\"AlertId\":\"ok\"}",
            "{\"AlertId\":\"ok\"} // comment", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}",
            "{\"AlertId\":\"" + "z".repeat(129) + "\"}", "{\"AlertId\":\"" + "z".repeat(128) + "\"}",
            "{\"a\":[1,]}", "{\"a\":1,}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":tru}", "{\"a\":truex}",
            "{\"a\":\"raw\ttab\"}", "{\"AlertId\":\"sp ace\"}", "{\"a\"\u000b:1}", "{'AlertId':'q'}");
    private static final String ALPHABET = "{}[]\":,\\ \t\r0123456789-+.eEtrufalsn\u00e9/ubx";

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> piece = Arbitraries.of(PIECES);
        Arbitrary<List<Tuple.Tuple3<Integer, Integer, Character>>> edits = Arbitraries.integers().between(0, 2)
                .flatMap(kind -> Arbitraries.integers().between(0, 10_000).flatMap(pos -> Arbitraries.of(
                        ALPHABET.chars().mapToObj(c -> (char) c).toList()).map(ch -> Tuple.of(kind, pos, ch))))
                .list().ofMaxSize(3);
        return Arbitraries.oneOf(piece, net.jqwik.api.Combinators.combine(piece, edits).as((p, es) -> {
            StringBuilder sb = new StringBuilder(p);
            for (var e : es) {
                int at = sb.length() == 0 ? 0 : e.get2() % sb.length();
                switch (e.get1()) {
                    case 0 -> sb.insert(at, e.get3().charValue());
                    case 1 -> {
                        if (sb.length() > 0) {
                            sb.deleteCharAt(at);
                        }
                    }
                    default -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + 1 + e.get2() % 7)));
                }
            }
            return sb.toString();
        }));
    }

    private static void agree(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertEquals(AlertIdExtractor.alertId(b, 0, b.length), AlertIdScanner.alertId(b, 0, b.length),
                () -> "line: " + line);
    }

    @Property(tries = 5000)
    void everyLineGetsJacksonsVerdict(@ForAll("lines") String line) {
        agree(line);
    }

    @Example
    void nestingAndNumberLimitsAreJacksons() {
        for (int depth : new int[] {998, 999, 1000, 1001}) {
            agree("{\"AlertId\":\"d\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        }
        for (int digits : new int[] {999, 1000, 1001}) {
            agree("{\"AlertId\":\"n\",\"x\":" + "9".repeat(digits) + "}");
            agree("{\"AlertId\":\"n\",\"x\":-" + "9".repeat(digits) + "}");
            agree("{\"AlertId\":\"n\",\"x\":-1." + "9".repeat(digits - 1) + "}");
            agree("{\"AlertId\":\"n\",\"x\":1." + "9".repeat(digits - 3) + "e+12}");
            agree("{\"AlertId\":\"n\",\"x\":1." + "9".repeat(digits - 2) + "e+12}");
            agree("{\"AlertId\":\"n\",\"x\":" + "9".repeat(digits - 2) + ".5}");
        }
    }
}
