package dev.hookline.macos.es;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The parser and mapper take anything eslogger (or a broken pipe) could hand them without throwing. */
class EsloggerParserNeverThrowsTest {
    private static final List<String> LINES = new ArrayList<>();

    static {
        for (String f : Fixtures.VERSIONED) {
            LINES.addAll(Fixtures.lines(f));
        }
        LINES.addAll(Fixtures.lines("npm-postinstall-v8.jsonl"));
    }

    private static void feed(String s) {
        EsloggerParser p = new EsloggerParser();
        Fixtures.Recorder r = new Fixtures.Recorder();
        EsEventMapper m = new EsEventMapper(r, new dev.hookline.process.ProcessTable(1_000_000_000L), null, null,
                null, null, 1, 1);
        m.accept(p.parse(s));
    }

    @Property(tries = 500)
    void randomText(@ForAll String s) {
        feed(s);
    }

    @Provide
    Arbitrary<String> fixtureLine() {
        return Arbitraries.of(LINES);
    }

    @Property(tries = 500)
    void truncatedFixtureLines(@ForAll("fixtureLine") String line, @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        feed(line.substring(0, Math.min(cut, line.length())));
    }

    @Property(tries = 1000)
    void mutatedFixtureLines(@ForAll("fixtureLine") String line, @ForAll @IntRange(min = 0, max = 100_000) int at,
                             @ForAll char c) {
        StringBuilder sb = new StringBuilder(line);
        sb.setCharAt(at % sb.length(), c);
        feed(sb.toString());
    }

    @Property(tries = 300)
    void jsonOfTheWrongShape(@ForAll("fixtureLine") String line, @ForAll("replacement") String value,
                             @ForAll @IntRange(min = 0, max = 100_000) int which) {
        // Replace one value (after a colon) with a value of another type: arrays for objects, strings for numbers...
        List<Integer> colons = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ':') {
                colons.add(i);
            }
        }
        int at = colons.get(which % colons.size()) + 1;
        int end = at;
        while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != '}') {
            end++;
        }
        feed(line.substring(0, at) + value + line.substring(end));
    }

    @Provide
    Arbitrary<String> replacement() {
        return Arbitraries.of("null", "[]", "{}", "\"x\"", "-1", "1e400", "true", "[1,2,3,4,5,6,7,8]",
                "{\"path\":null}", "99999999999999999999999");
    }
}
