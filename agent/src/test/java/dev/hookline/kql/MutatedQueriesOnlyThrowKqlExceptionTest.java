package dev.hookline.kql;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hookline.kql.eval.Kql;
import dev.hookline.schema.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated queries (the seeds with tokens dropped, duplicated, swapped, or random characters inserted)
 * either compile and run, or fail with a KqlException: never another exception, never a hang.
 */
class MutatedQueriesOnlyThrowKqlExceptionTest {
    private static final Pattern TOKEN = Pattern.compile("\\s+|\"(?:[^\"\\\\]|\\\\.)*\"|\\w+|.", Pattern.DOTALL);
    private static final List<Event> EVENTS = StreamingMatchesBatchTest.events();

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private enum Mutation { DROP, DUPLICATE, SWAP, INSERT_CHAR, REPLACE_TOKEN }

    private record Edit(Mutation kind, int at, int other, char ch) {
    }

    private static final String[] VOCAB = {"|", "(", ")", ",", ";", "where", "union", "let", "=", "==", "has_any",
        "in~", "and", "or", "not", "dynamic", "[", "]", "project", "extend", "sort", "by", "summarize", "count()",
        "ago", "24h", "\"", "'", "@\"", "//", "DeviceFileEvents", "take", "datetime(", "-", "!", "~", "1e999",
        "99999999999999999999", "\\", "\n", "\u0000", "é"};

    @Provide
    Arbitrary<String> mutatedSeeds() {
        Arbitrary<String> seed = Arbitraries.of(Seeds.t1195(), Seeds.t1546());
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.of(Mutation.class), Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 100_000), Arbitraries.chars().range(' ', '~')
                        .injectDuplicates(0.1)).as(Edit::new);
        return Combinators.combine(seed, edit.list().ofMinSize(1).ofMaxSize(8)).as((text, edits) -> {
            List<String> toks = tokens(text);
            for (Edit e : edits) {
                if (toks.isEmpty()) {
                    break;
                }
                int i = e.at() % toks.size();
                int j = e.other() % toks.size();
                switch (e.kind()) {
                    case DROP: toks.remove(i); break;
                    case DUPLICATE: toks.add(i, toks.get(i)); break;
                    case SWAP: String t = toks.get(i); toks.set(i, toks.get(j)); toks.set(j, t); break;
                    case INSERT_CHAR: toks.add(i, String.valueOf(e.ch())); break;
                    default: toks.set(i, VOCAB[j % VOCAB.length]);
                }
            }
            return String.join("", toks);
        });
    }

    @Provide
    Arbitrary<String> randomQueries() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(VOCAB), Arbitraries.of("DeviceProcessEvents", "FileName",
                "RemotePort", "Timestamp", ">", "1", "\"x\"", " ", "has", "contains", "project-away", "in", "asc",
                "nulls", "first", "limit", "top", "distinct", "strcat", "tolower", "iff", "bin", "1h", "now()", "..",
                "between", "+", "*", "/", "%"));
        Arbitrary<String> soup = piece.list().ofMaxSize(40).map(l -> String.join(" ", l));
        Arbitrary<String> prefixed = soup.map(s -> "DeviceProcessEvents | " + s);
        Arbitrary<String> chars = Arbitraries.strings().ofMaxLength(80);
        return Arbitraries.oneOf(soup, prefixed, chars);
    }

    private static void exercise(String query) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            CompiledQuery q;
            try {
                q = Kql.compile(query);
            } catch (KqlException e) {
                return;
            }
            q.run(new MemorySource(EVENTS), Ev.NOW);
            StreamingQuery s;
            try {
                s = q.streaming();
            } catch (KqlException e) {
                return;
            }
            for (Event e : EVENTS) {
                s.accept(e, Ev.NOW, (arm, ev, row) -> { });
            }
        });
    }

    @Property(tries = 1500)
    void mutatedSeedsOnlyFailWithKqlException(@ForAll("mutatedSeeds") String query) {
        exercise(query);
    }

    @Property(tries = 1500)
    void randomQueriesOnlyFailWithKqlException(@ForAll("randomQueries") String query) {
        exercise(query);
    }

    @Property(tries = 300)
    void randomPredicatesOnlyFailWithKqlException(@ForAll("randomQueries") String expr) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            EventPredicate p;
            try {
                p = Kql.compilePredicate(expr, dev.hookline.schema.Table.DeviceProcessEvents);
            } catch (KqlException e) {
                return;
            }
            for (Event e : EVENTS) {
                if (e.table() == dev.hookline.schema.Table.DeviceProcessEvents) {
                    p.test(e, Ev.NOW);
                }
            }
        });
    }
}
